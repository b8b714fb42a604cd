import { z } from "zod";

/**
 * The shapes every route of /api/v1 shares. The `id`s name them in the OpenAPI document's
 * components, so a client generator gives them one type each.
 */
export const problemSchema = z
  .object({
    type: z.literal("about:blank"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    error: z.object({
      code: z.string().meta({ description: "A stable machine code: invalid_input, not_found …" }),
      message: z.string(),
      issues: z
        .array(
          z.object({
            where: z.string().meta({ description: "A JSON path ($.email), a query or CSV line" }),
            field: z.string().optional(),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .meta({ id: "Problem", description: "An error as problem details (RFC 9457)" });

const problemContent = { "application/problem+json": { schema: problemSchema } };

/** The error answers a route may give, for its `responses`. */
export const problems = {
  400: {
    description: "Invalid input: `error.issues` names each wrong field",
    content: problemContent,
  },
  401: { description: "No valid bearer token", content: problemContent },
  403: { description: "The token's scope does not allow this", content: problemContent },
  404: { description: "Not found (or another company's)", content: problemContent },
  409: { description: "Conflicts with the current state", content: problemContent },
  413: { description: "The body is too large", content: problemContent },
  429: {
    description: "Too many requests with this token; see Retry-After",
    content: problemContent,
  },
} as const;

export const readProblems = { 401: problems[401], 404: problems[404], 429: problems[429] };
export const writeProblems = {
  ...readProblems,
  400: problems[400],
  403: problems[403],
  409: problems[409],
  413: problems[413],
};

export const companyParams = z.object({
  companyId: z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name: "companyId", in: "path" } }),
});

/** A JSON answer of a route, for its `responses`. */
export const jsonBody = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A page of a list read with a cursor: pass `nextCursor` back as `cursor` for the next one. */
export const pageOf = <S extends z.ZodType>(item: S) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
