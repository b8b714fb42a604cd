import type { z } from "zod";
import { ValidationError } from "../domain/errors.ts";

/** Parses use-case input with its zod schema; a failure names every field that is wrong. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    where: issue.path.length > 0 ? issue.path.join(".") : what,
    message: issue.message,
  }));
  throw new ValidationError(`invalid ${what}`, issues);
}
