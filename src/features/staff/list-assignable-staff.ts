import type { Staff, TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

/**
 * The staff a host can be mapped to: the company's active staff not already held by an active
 * mapping (a staff member belongs to one Cal.com host at most). Two queries.
 */
export function makeListAssignableStaff(deps: {
  staff: Pick<StaffRepository, "list">;
  hostMappings: Pick<HostMappingRepository, "list">;
}) {
  return async (ctx: TenantContext): Promise<Staff[]> => {
    const [staff, mappings] = await Promise.all([
      deps.staff.list(ctx.company.id),
      deps.hostMappings.list(ctx.company.id),
    ]);
    const held = new Set(mappings.filter((m) => m.status === "active").map((m) => m.staffId));
    return staff.filter((s) => s.active && !held.has(s.id));
  };
}
