import type { z } from "zod";
import { ValidationError } from "../domain/errors.ts";

/** "hosts[2].email" from zod's ["hosts", 2, "email"]; a `root` of "$" makes it a JSON path. */
export function pathOf(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

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
    where: issue.path.length > 0 || root ? pathOf(issue.path, root) : what,
    message: issue.message,
  }));
  throw new ValidationError(`invalid ${what}`, issues);
}
