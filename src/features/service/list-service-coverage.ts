import type { Service, TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { ServiceHostsState } from "../../domain/service-hosts.ts";

export interface ServiceCoverage {
  service: Service;
  eventTypeTitle: string | null;
  state: ServiceHostsState;
  hosts: number;
  mapped: number;
  suggested: number;
  /** Names of its round-robin event type's fixed hosts. */
  fixedHosts: string[];
}

/** Every service with how many of its Cal.com hosts are mapped: four queries for the whole list. */
export function makeListServiceCoverage(deps: {
  services: Pick<ServiceRepository, "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes" | "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
}) {
  return async (ctx: TenantContext): Promise<ServiceCoverage[]> => {
    const companyId = ctx.company.id;
    const [services, eventTypes, hosts, mappings] = await Promise.all([
      deps.services.list(companyId),
      deps.calcomMirror.listEventTypes(companyId),
      deps.calcomMirror.listHosts(companyId),
      deps.hostMappings.list(companyId),
    ]);
    const eventType = new Map(eventTypes.map((e) => [e.eventTypeId, e]));
    const status = new Map(mappings.map((m) => [m.calcomUserId, m.status]));
    return services.map((service) => {
      const id = service.calcomEventTypeId;
      const type = id === null ? undefined : eventType.get(id);
      const own =
        id === null || !type || type.removedAt
          ? []
          : hosts.filter((h) => h.eventTypeIds.includes(id));
      const state: ServiceHostsState =
        id === null
          ? "no_event_type"
          : !type
            ? "event_type_not_synced"
            : type.removedAt
              ? "event_type_removed"
              : own.length === 0
                ? "no_hosts"
                : "ok";
      return {
        service,
        eventTypeTitle: type?.title ?? null,
        state,
        hosts: own.length,
        mapped: own.filter((h) => status.get(h.calcomUserId) === "active").length,
        suggested: own.filter((h) => status.get(h.calcomUserId) === "suggested").length,
        fixedHosts: own
          .filter((h) => id !== null && h.fixedIn.includes(id))
          .map((h) => h.name ?? h.username ?? `#${h.calcomUserId}`),
      };
    });
  };
}
