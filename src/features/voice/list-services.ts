import type { TenantContext } from "../../domain/entities.ts";
import type { ServiceRepository } from "../../domain/ports.ts";

export function makeListVoiceServices(deps: { services: Pick<ServiceRepository, "list"> }) {
  return async (ctx: TenantContext) => {
    const services = await deps.services.list(ctx.company.id);
    return {
      kind: "services" as const,
      services: services
        .filter((s) => s.active && s.calcomEventTypeId !== null)
        .map((s) => ({
          name: s.name,
          durationMinutes: s.durationMinutes,
          priceCents: s.priceCents,
        })),
    };
  };
}
