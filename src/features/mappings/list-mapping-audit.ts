import type { MappingAuditEntry, TenantContext } from "../../domain/entities.ts";
import type { UserRepository } from "../../domain/ports/auth.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

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

export interface AuditTrail {
  entries: MappingAuditEntry[];
  /** Names for what the entries refer to; also the choices of the filters. */
  hostNames: Map<number, string>;
  staffNames: Map<string, string>;
  userEmails: Map<string, string>;
}

/** Mapping changes, newest first, with host, staff and user names resolved: four queries. */
export function makeListMappingAuditWithNames(deps: {
  hostMappings: Pick<HostMappingRepository, "listAudit">;
  calcomMirror: Pick<CalcomMirrorRepository, "listHostProfiles">;
  staff: Pick<StaffRepository, "list">;
  users: Pick<UserRepository, "listEmails">;
}) {
  return async (
    ctx: TenantContext,
    filter: { calcomUserId?: number; staffId?: string; limit?: number } = {},
  ): Promise<AuditTrail> => {
    const companyId = ctx.company.id;
    const [entries, hosts, staff] = await Promise.all([
      deps.hostMappings.listAudit(companyId, {
        calcomUserId: filter.calcomUserId,
        staffId: filter.staffId,
        limit: Math.min(filter.limit ?? 200, 1000),
      }),
      deps.calcomMirror.listHostProfiles(companyId),
      deps.staff.list(companyId),
    ]);
    const userIds = [
      ...new Set(entries.flatMap((e) => (e.actor.type === "user" ? [e.actor.userId] : []))),
    ];
    const users = await deps.users.listEmails(userIds);
    return {
      entries,
      hostNames: new Map(
        hosts.map((h) => [
          h.calcomUserId,
          h.name || h.username || `Cal.com user ${h.calcomUserId}`,
        ]),
      ),
      staffNames: new Map(staff.map((s) => [s.id, s.name])),
      userEmails: new Map(users.map((u) => [u.id, u.email])),
    };
  };
}
