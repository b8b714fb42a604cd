import type { z } from "zod";
import { ValidationError } from "../domain/errors.ts";
import { jsonPath } from "../platform/json-path.ts";

/**
 * Parses use-case input with its zod schema; a failure names every field that is wrong.
 * With `root` "$", file input is reported by JSON path ("$.hosts[2].email").
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  root = "",
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    where: issue.path.length > 0 || root ? jsonPath(issue.path, root) : what,
    message: issue.message,
  }));
  throw new ValidationError(`invalid ${what}`, issues);
}
