import { z } from "zod";
import type { Service, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { parseInput } from "../parse-input.ts";

export const createServiceInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  durationMinutes: z.coerce
    .number()
    .int("must be whole minutes")
    .min(5)
    .max(24 * 60),
  priceCents: z.coerce.number().int().min(0).optional(),
  eventTypeId: z.coerce.number().int().positive().optional(),
});

export type CreateServiceInput = z.input<typeof createServiceInput>;

export function makeCreateService(deps: {
  services: Pick<ServiceRepository, "create">;
  calcomMirror: Pick<CalcomMirrorRepository, "findEventType" | "listEventTypes">;
}) {
  return async (ctx: TenantContext, raw: CreateServiceInput): Promise<Service> => {
    const input = parseInput(createServiceInput, raw, "service");
    if (input.eventTypeId !== undefined) {
      await assertEventTypeInTeam(deps.calcomMirror, ctx, input.eventTypeId);
    }
    return deps.services.create(ctx.company.id, {
      name: input.name,
      durationMinutes: input.durationMinutes,
      priceCents: input.priceCents ?? null,
      calcomEventTypeId: input.eventTypeId ?? null,
    });
  };
}

/** A service may only point at an event type of the company's own mirrored Cal.com team. */
export async function assertEventTypeInTeam(
  mirror: Pick<CalcomMirrorRepository, "findEventType" | "listEventTypes">,
  ctx: TenantContext,
  eventTypeId: number,
): Promise<void> {
  const eventType = await mirror.findEventType(ctx.company.id, eventTypeId);
  if (eventType && !eventType.removedAt) return;
  const known = (await mirror.listEventTypes(ctx.company.id)).filter((e) => !e.removedAt);
  const hint =
    known.length === 0
      ? "no event types are mirrored yet: run `frontdesk sync-teams` for this company first"
      : `choose one of: ${known.map((e) => `${e.eventTypeId} (${e.title})`).join(", ")}`;
  const problem = eventType
    ? `event type ${eventTypeId} was removed from ${ctx.company.name}'s Cal.com team`
    : `event type ${eventTypeId} is not in ${ctx.company.name}'s Cal.com team`;
  throw new ValidationError(`${problem}; ${hint}`, [{ where: "eventTypeId", message: problem }]);
}
