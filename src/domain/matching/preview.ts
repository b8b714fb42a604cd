import { z } from "zod";
import { match } from "./match.ts";
import type { MatchDecision } from "./types.ts";

const optionalText = z.string().nullish();

const thresholdsSchema = z
  .object({ auto: z.number().min(0).max(100), suggest: z.number().min(0).max(100) })
  .refine((t) => t.suggest <= t.auto, {
    message: "suggest must not be greater than auto",
    path: ["suggest"],
  });

/** Ids that appear more than once in a list, reported at their second occurrence. */
function reportDuplicates<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  idOf: (item: T) => string | number,
  list: string,
  field: string,
) {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const id = idOf(item);
    if (seen.has(id)) {
      ctx.addIssue({
        code: "custom",
        message: `${field} ${id} appears more than once`,
        path: [list, i, field],
      });
    }
    seen.add(id);
  });
}

/**
 * The `match-preview` input file. Unknown top-level keys are rejected so a typo such
 * as "mapping" cannot silently drop the mappings from a preview.
 */
export const matchPreviewInputSchema = z
  .strictObject({
    thresholds: thresholdsSchema.optional(),
    staff: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        email: optionalText,
        active: z.boolean().default(true),
      }),
    ),
    hosts: z.array(
      z.object({
        userId: z.number().int().positive(),
        name: optionalText,
        email: optionalText,
        username: optionalText,
      }),
    ),
    mappings: z
      .array(
        z.object({
          calcomUserId: z.number().int().positive(),
          staffId: z.string().min(1),
          status: z.enum(["active", "suggested", "rejected"]),
          source: z.enum(["auto_email", "auto_name", "manual"]),
        }),
      )
      .optional(),
  })
  .superRefine((input, ctx) => {
    reportDuplicates(ctx, input.staff, (s) => s.id, "staff", "id");
    reportDuplicates(ctx, input.hosts, (h) => h.userId, "hosts", "userId");
    reportDuplicates(ctx, input.mappings ?? [], (m) => m.calcomUserId, "mappings", "calcomUserId");
  });

export type MatchPreviewInput = z.infer<typeof matchPreviewInputSchema>;

export interface MatchPreviewOutput {
  decisions: MatchDecision[];
}

/** Runs the matcher on a parsed preview file; writes nothing. */
export function runMatchPreview(input: MatchPreviewInput): MatchPreviewOutput {
  const decisions = match(
    input.hosts.map((h) => ({
      userId: h.userId,
      name: h.name ?? null,
      email: h.email ?? null,
      username: h.username ?? null,
    })),
    input.staff.map((s) => ({ id: s.id, name: s.name, email: s.email ?? null, active: s.active })),
    input.mappings ?? [],
    input.thresholds,
  );
  return { decisions };
}
