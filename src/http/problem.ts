import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error an HTTP route answers, in one shape. `error.code` is a stable machine code and
 * `error.message` says what is wrong and where (a JSON path, a header, a limit).
 */
export interface ProblemBody {
  error: { code: string; message: string };
}

export const problem = (code: string, message: string): ProblemBody => ({
  error: { code, message },
});

/** Answers with a problem body and its status. */
export const problemResponse = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
) => c.json(problem(code, message), status);
