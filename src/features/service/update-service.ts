import { z } from "zod";
import type { Service, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { parseInput } from "../parse-input.ts";
import { assertEventTypeInTeam } from "./create-service.ts";

export const updateServiceInput = z.object({
  serviceId: z.string().min(1),
  name: z.string().trim().min(1, "is required").max(200).optional(),
  durationMinutes: z.coerce
    .number()
    .int("must be whole minutes")
    .min(5)
    .max(24 * 60)
    .optional(),
  priceCents: z.coerce.number().int().min(0).nullable().optional(),
  active: z.boolean().optional(),
  /** null unlinks the service from Cal.com. */
  eventTypeId: z.coerce.number().int().positive().nullable().optional(),
});

export function makeUpdateService(deps: {
  services: Pick<ServiceRepository, "findById" | "update">;
  calcomMirror: Pick<CalcomMirrorRepository, "findEventType" | "listEventTypes">;
}) {
  return async (ctx: TenantContext, raw: z.input<typeof updateServiceInput>): Promise<Service> => {
    const input = parseInput(updateServiceInput, raw, "service");
    const current = await deps.services.findById(ctx.company.id, input.serviceId);
    if (!current) throw new NotFoundError(`no service ${input.serviceId} in ${ctx.company.name}`);
    if (
      input.eventTypeId !== undefined &&
      input.eventTypeId !== null &&
      input.eventTypeId !== current.calcomEventTypeId
    ) {
      await assertEventTypeInTeam(deps.calcomMirror, ctx, input.eventTypeId);
    }
    return deps.services.update(ctx.company.id, current.id, {
      name: input.name ?? current.name,
      durationMinutes: input.durationMinutes ?? current.durationMinutes,
      priceCents: input.priceCents === undefined ? current.priceCents : input.priceCents,
      active: input.active ?? current.active,
      calcomEventTypeId:
        input.eventTypeId === undefined ? current.calcomEventTypeId : input.eventTypeId,
    });
  };
}
