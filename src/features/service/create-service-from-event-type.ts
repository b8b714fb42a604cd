import type { Service, TenantContext } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { parseInput } from "../parse-input.ts";
import { createServiceInput } from "./create-service.ts";

/**
 * The console's one-click service for a mirrored event type no service uses yet: its title and
 * length, linked to it. Only the company's own, not removed event types are found.
 */
export function makeCreateServiceFromEventType(deps: {
  services: Pick<ServiceRepository, "create" | "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "findEventType">;
}) {
  return async (ctx: TenantContext, eventTypeId: number): Promise<Service> => {
    const eventType = Number.isSafeInteger(eventTypeId)
      ? await deps.calcomMirror.findEventType(ctx.company.id, eventTypeId)
      : null;
    if (!eventType || eventType.removedAt)
      throw new NotFoundError(`event type ${eventTypeId} is not in ${ctx.company.name}'s team`);
    const taken = (await deps.services.list(ctx.company.id)).find(
      (s) => s.calcomEventTypeId === eventTypeId,
    );
    // A second click (or a stale page) must not make a twin service.
    if (taken) throw new ConflictError(`service “${taken.name}” already uses this event type`);
    const input = parseInput(
      createServiceInput,
      {
        name: eventType.title.slice(0, 200),
        durationMinutes: eventType.lengthInMinutes,
        eventTypeId,
      },
      "service",
    );
    return deps.services.create(ctx.company.id, {
      name: input.name,
      durationMinutes: input.durationMinutes,
      priceCents: null,
      calcomEventTypeId: eventTypeId,
    });
  };
}
