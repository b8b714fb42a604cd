/** Where a problem sits in the input: a CSV line, a JSON path, a CLI option. */
export interface InputIssue {
  /** e.g. "line 4", "$.hosts[2].email", "--number" */
  where: string;
  field?: string;
  message: string;
}

export type AppErrorCode =
  | "not_found"
  | "conflict"
  | "invalid_input"
  | "forbidden"
  | "unauthorized"
  | "unavailable"
  | "internal";

/** Errors the use-cases raise on purpose; inbound adapters turn them into exit codes or HTTP statuses. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: InputIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super("not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, issues: InputIssue[] = []) {
    super("invalid_input", message, issues);
  }
}

export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((i) => `  ${i.where}${i.field ? ` (${i.field})` : ""}: ${i.message}`)
    .join("\n");
}

/**
 * Cal.com (or another provider) did not do what was asked. `rejected`: it refused this request
 * (e.g. the slot is taken); `unavailable`: it could not be reached in time or failed; the outcome
 * of a write is then unknown. `unauthorized`: the company's credentials were refused.
 */
export class UpstreamError extends AppError {
  constructor(
    readonly kind: "rejected" | "unavailable" | "unauthorized" | "not_found",
    message: string,
  ) {
    super("unavailable", message);
  }
}
