import type { Staff, TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

export interface StaffMember {
  staff: Staff;
  /** The Cal.com hosts actively mapped to this staff member (one at most, by the schema). */
  hosts: { calcomUserId: number; name: string | null }[];
}

/** The company's staff, active first, then by name, with their mapped hosts. Three queries. */
export function makeListStaffMembers(deps: {
  staff: Pick<StaffRepository, "list">;
  hostMappings: Pick<HostMappingRepository, "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "listHostProfiles">;
}) {
  return async (ctx: TenantContext): Promise<StaffMember[]> => {
    const companyId = ctx.company.id;
    const [staff, mappings, profiles] = await Promise.all([
      deps.staff.list(companyId),
      deps.hostMappings.list(companyId),
      deps.calcomMirror.listHostProfiles(companyId),
    ]);
    const names = new Map(profiles.map((p) => [p.calcomUserId, p.name ?? p.username]));
    const hosts = new Map<string, StaffMember["hosts"]>();
    for (const m of mappings) {
      if (m.status !== "active") continue;
      const list = hosts.get(m.staffId) ?? [];
      list.push({ calcomUserId: m.calcomUserId, name: names.get(m.calcomUserId) ?? null });
      hosts.set(m.staffId, list);
    }
    // The repository lists by name; a stable sort keeps that order within active and inactive.
    return [...staff]
      .sort((a, b) => Number(b.active) - Number(a.active))
      .map((s) => ({ staff: s, hosts: hosts.get(s.id) ?? [] }));
  };
}
