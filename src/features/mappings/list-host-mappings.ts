import type { TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import type { HostMappingStatus } from "../../domain/service-hosts.ts";

export interface HostMappingRow {
  calcomUserId: number;
  name: string | null;
  email: string | null;
  username: string | null;
  status: HostMappingStatus;
  source: string | null;
  confidence: number | null;
  reasonCode: string | null;
  reason: string | null;
  staff: { id: string; name: string; active: boolean } | null;
  eventTypeIds: number[];
}

/** Every live Cal.com host of the company with its mapping, optionally only one status. */
export function makeListHostMappings(deps: {
  calcomMirror: Pick<CalcomMirrorRepository, "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
  staff: Pick<StaffRepository, "list">;
}) {
  return async (
    ctx: TenantContext,
    filter: { status?: HostMappingStatus } = {},
  ): Promise<HostMappingRow[]> => {
    const companyId = ctx.company.id;
    const [hosts, mappings, staff] = await Promise.all([
      deps.calcomMirror.listHosts(companyId),
      deps.hostMappings.list(companyId),
      deps.staff.list(companyId),
    ]);
    const mappingOf = new Map(mappings.map((m) => [m.calcomUserId, m]));
    const staffOf = new Map(staff.map((s) => [s.id, s]));
    const rows = hosts.map((h): HostMappingRow => {
      const m = mappingOf.get(h.calcomUserId);
      const s = m ? staffOf.get(m.staffId) : undefined;
      return {
        calcomUserId: h.calcomUserId,
        name: h.name,
        email: h.email,
        username: h.username,
        status: m?.status ?? "unmapped",
        source: m?.source ?? null,
        confidence: m?.confidence ?? null,
        reasonCode: m?.reasonCode ?? null,
        reason: m?.reasonText ?? null,
        staff: s ? { id: s.id, name: s.name, active: s.active } : null,
        eventTypeIds: h.eventTypeIds,
      };
    });
    return filter.status ? rows.filter((r) => r.status === filter.status) : rows;
  };
}
