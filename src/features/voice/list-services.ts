import { serviceBookableByPhone } from "../../domain/bookability.ts";
import type { TenantContext } from "../../domain/entities.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";

/** What the agent can book by phone: a service whose event type cannot be booked is left out. */
export function makeListVoiceServices(deps: { services: Pick<ServiceRepository, "list"> }) {
  return async (ctx: TenantContext) => {
    const services = await deps.services.list(ctx.company.id);
    return {
      kind: "services" as const,
      services: services.filter(serviceBookableByPhone).map((s) => ({
        name: s.name,
        durationMinutes: s.durationMinutes,
        priceCents: s.priceCents,
      })),
    };
  };
}
