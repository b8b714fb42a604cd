import { STATUS_CODES } from "node:http";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type AppErrorCode } from "../domain/errors.ts";

/** The codes an HTTP route answers with: the use-cases' error codes and the transport's own. */
export type ProblemCode = AppErrorCode | "payload_too_large" | "timeout" | "rate_limited";

const statusOf: Record<ProblemCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * Every error an HTTP route answers, in one shape: `error.code` is a stable machine code and
 * `error.message` says what is wrong and where (a JSON path, a header, a limit); `issues` lists
 * each wrong field of invalid input. The problem-details members (`type`, `title`, `status`,
 * `detail`) say the same for generic HTTP clients.
 */
export interface ProblemBody {
  type: "about:blank";
  title: string;
  status: number;
  detail: string;
  error: {
    code: ProblemCode;
    message: string;
    issues?: { where: string; field?: string; message: string }[];
  };
}

export function problem(
  code: ProblemCode,
  message: string,
  issues?: ProblemBody["error"]["issues"],
  status: ContentfulStatusCode = statusOf[code],
): ProblemBody {
  return {
    type: "about:blank",
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail: message,
    error: issues ? { code, message, issues } : { code, message },
  };
}

function send(c: Context, body: ProblemBody): Response {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "Content-Type": "application/problem+json",
  });
}

/** Answers with a problem body and its status. */
export const problemResponse = (
  c: Context,
  status: ContentfulStatusCode,
  code: ProblemCode,
  message: string,
): Response => send(c, problem(code, message, undefined, status));

/**
 * Answers for an error a use-case raised, with the status of its code. Anything that is not an
 * `AppError` (and an `internal` one) is a 500 with a generic message: its text may hold SQL,
 * paths or secrets, and belongs in the log only.
 */
export function errorResponse(c: Context, error: unknown): Response {
  if (!(error instanceof AppError) || error.code === "internal")
    return send(c, problem("internal", "internal error"));
  const issues =
    error.code === "invalid_input"
      ? error.issues.map(({ where, field, message }) =>
          field === undefined ? { where, message } : { where, field, message },
        )
      : undefined;
  return send(c, problem(error.code, error.message, issues));
}
