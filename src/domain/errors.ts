import type { BookingRefusal } from "./entities.ts";

/**
 * What is wrong, for an adapter that words it itself (the console, in the user's language):
 * zod's issue kinds (`required` is a missing value), then our own rules.
 */
export type IssueCode =
  | "required"
  | "invalid_type"
  | "too_small"
  | "too_big"
  | "invalid_format"
  | "invalid_value"
  | "not_timezone"
  | "not_phone"
  | "not_yes_no"
  | "not_page_cursor"
  | "url_not_allowed"
  | "outbound_url"
  | "above_auto_threshold"
  | "email_repeated"
  | "email_taken"
  | "unknown_company"
  | "unknown_column"
  | "no_name_column"
  | "field_count"
  | "no_rows"
  | "encoding"
  | "empty_file"
  | "self_disable"
  | "user_disabled";

/** A rule's numbers and names: `minimum`, `maximum`, `origin` ("string", "number" …), `format`. */
export type IssueParams = Record<string, string | number | boolean | undefined>;

/** Where a problem sits in the input: a CSV line, a JSON path, a CLI option. */
export interface InputIssue {
  /** e.g. "line 4", "$.hosts[2].email", "--number" */
  where: string;
  field?: string;
  /** In English, for the CLI, the API and logs. */
  message: string;
  code?: IssueCode;
  params?: IssueParams;
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

/** The caller is known but may not do this (a read-only token writing, a company token creating companies). */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super("forbidden", message);
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
 * Why Cal.com refused a booking: the time is gone (`slot_taken`, the only refusal answered with
 * other times), one of the reasons a service records as its booking problem, or a refusal we do
 * not recognise (`refused`).
 */
/**
 * `hosts_unsupported`: the deployment refused `rrHostSubsetIds` as an unknown parameter (an
 * older Cal.com): asking again without it is safe, and the company is remembered as such.
 */
export type UpstreamRefusal = "slot_taken" | BookingRefusal | "hosts_unsupported" | "refused";

/**
 * Cal.com (or another provider) did not do what was asked. `rejected`: it refused this request
 * (`refusal` says why); `unavailable`: it could not be reached or failed before doing anything;
 * `unknown`: a write was sent but its answer never came (timeout, reset, 5xx), so it may have
 * been carried out. `unauthorized`: the company's credentials were refused.
 */
export class UpstreamError extends AppError {
  readonly refusal: UpstreamRefusal | null;
  /** For an `invalid_contact` refusal: which of the caller's details was refused, if known. */
  readonly refusedField: "phone" | "email" | null;
  /** The provider's own words (e.g. Cal.com's error message), for the operator. */
  readonly upstreamMessage: string | null;

  constructor(
    readonly kind: "rejected" | "unavailable" | "unknown" | "unauthorized" | "not_found",
    message: string,
    details: {
      refusal?: UpstreamRefusal | null;
      refusedField?: "phone" | "email" | null;
      upstreamMessage?: string | null;
    } = {},
  ) {
    super("unavailable", message);
    this.refusal = details.refusal ?? null;
    this.refusedField = details.refusedField ?? null;
    this.upstreamMessage = details.upstreamMessage ?? null;
  }
}
