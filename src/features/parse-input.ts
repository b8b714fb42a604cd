import type { z } from "zod";
import {
  type InputIssue,
  type IssueCode,
  type IssueParams,
  ValidationError,
} from "../domain/errors.ts";
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
  const issues = result.error.issues.map(
    (issue): InputIssue => ({
      where: issue.path.length > 0 || root ? jsonPath(issue.path, root) : what,
      message: issue.message,
      ...issueKind(issue, input),
    }),
  );
  throw new ValidationError(`invalid ${what}`, issues);
}

const valueAt = (input: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>(
    (v, key) =>
      v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );

/** Zod's issue as a code and its numbers, so an adapter can word it; a refinement names its code in `params.code`. */
export function issueKind(
  issue: z.core.$ZodIssue,
  input: unknown,
): { code?: IssueCode; params?: IssueParams } {
  switch (issue.code) {
    case "invalid_type": {
      const missing = valueAt(input, issue.path) === undefined;
      return missing
        ? { code: "required" }
        : { code: "invalid_type", params: { expected: issue.expected } };
    }
    case "too_small":
      return {
        code: "too_small",
        params: {
          origin: issue.origin,
          minimum: Number(issue.minimum),
          inclusive: issue.inclusive,
        },
      };
    case "too_big":
      return {
        code: "too_big",
        params: {
          origin: issue.origin,
          maximum: Number(issue.maximum),
          inclusive: issue.inclusive,
        },
      };
    case "invalid_format":
      return { code: "invalid_format", params: { format: issue.format } };
    case "invalid_value":
      return { code: "invalid_value", params: { values: issue.values.map(String).join(", ") } };
    case "custom": {
      const { code, ...params } = (issue.params ?? {}) as { code?: IssueCode } & IssueParams;
      return code ? { code, params } : {};
    }
    default:
      return {};
  }
}
