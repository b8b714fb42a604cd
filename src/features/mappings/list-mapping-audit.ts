import type { MappingAuditEntry, TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports.ts";

/** The audit trail of host mappings, newest first, optionally for one host or staff member. */
export function makeListMappingAudit(deps: {
  hostMappings: Pick<HostMappingRepository, "listAudit">;
}) {
  return (
    ctx: TenantContext,
    filter: { calcomUserId?: number; staffId?: string; limit?: number } = {},
  ): Promise<MappingAuditEntry[]> =>
    deps.hostMappings.listAudit(ctx.company.id, {
      ...filter,
      limit: Math.min(filter.limit ?? 200, 1000),
    });
}
