import type { Staff, TenantContext } from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import {
  type HostMappingStatus,
  initialsOf,
  type ResolvedHost,
} from "../../domain/service-hosts.ts";
import { mappingVersion } from "./change-one-mapping.ts";

/** A host as the service page shows it, with every service it does instead of one. */
export interface MappingReviewRow
  extends Pick<
    ResolvedHost,
    | "calcomUserId"
    | "name"
    | "email"
    | "username"
    | "avatarUrl"
    | "initials"
    | "role"
    | "status"
    | "source"
    | "confidence"
    | "reason"
    | "reasonCode"
  > {
  staff: { id: string; name: string; active: boolean } | null;
  /** The services whose event type lists this host. */
  services: { id: string; name: string }[];
  /** The mapping as shown (`expectedVersion` of a change decided on it); null: none yet. */
  version: string | null;
}

export interface MappingReview {
  rows: MappingReviewRow[];
  /** Per status over all hosts, whatever the filter. */
  counts: Record<HostMappingStatus | "all", number>;
  /** Active staff not held by an active mapping: the choices of the staff pickers. */
  assignableStaff: Staff[];
}

export interface MappingReviewFilter {
  status?: HostMappingStatus;
  /** Matches name, email, username or the staff member's name, ignoring case and accents. */
  q?: string;
  /** Only these hosts (re-rendering the rows a bulk action changed). */
  calcomUserIds?: number[];
}

const fold = (s: string) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss").toLowerCase();

/** Every live Cal.com host of the company with its mapping, for review: four queries. */
export function makeReviewHostMappings(deps: {
  calcomMirror: Pick<CalcomMirrorRepository, "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
  staff: Pick<StaffRepository, "list">;
  services: Pick<ServiceRepository, "list">;
}) {
  return async (ctx: TenantContext, filter: MappingReviewFilter = {}): Promise<MappingReview> => {
    const companyId = ctx.company.id;
    const [hosts, mappings, staff, services] = await Promise.all([
      deps.calcomMirror.listHosts(companyId),
      deps.hostMappings.list(companyId),
      deps.staff.list(companyId),
      deps.services.list(companyId),
    ]);
    const mappingOf = new Map(mappings.map((m) => [m.calcomUserId, m]));
    const staffOf = new Map(staff.map((s) => [s.id, s]));
    const all = hosts.map((h): MappingReviewRow => {
      const m = mappingOf.get(h.calcomUserId);
      const s = m ? staffOf.get(m.staffId) : undefined;
      const name = h.name || h.username || `Cal.com user ${h.calcomUserId}`;
      return {
        calcomUserId: h.calcomUserId,
        name,
        email: h.email,
        username: h.username,
        avatarUrl: h.avatarUrl,
        initials: initialsOf(name),
        role: h.role,
        status: m?.status ?? "unmapped",
        source: m?.source ?? null,
        confidence: m?.confidence ?? null,
        reason: m?.reasonText ?? null,
        reasonCode: m?.reasonCode ?? null,
        staff: s ? { id: s.id, name: s.name, active: s.active } : null,
        services: services
          .filter(
            (x) => x.calcomEventTypeId !== null && h.eventTypeIds.includes(x.calcomEventTypeId),
          )
          .map((x) => ({ id: x.id, name: x.name })),
        version: mappingVersion(m ?? null),
      };
    });

    const counts: MappingReview["counts"] = {
      all: all.length,
      active: 0,
      suggested: 0,
      rejected: 0,
      unmapped: 0,
    };
    for (const r of all) counts[r.status]++;

    const q = filter.q ? fold(filter.q.trim()) : "";
    const only = filter.calcomUserIds ? new Set(filter.calcomUserIds) : null;
    const rows = all.filter(
      (r) =>
        (!filter.status || r.status === filter.status) &&
        (!only || only.has(r.calcomUserId)) &&
        (!q || [r.name, r.email, r.username, r.staff?.name].some((v) => v && fold(v).includes(q))),
    );
    const held = new Set(mappings.filter((m) => m.status === "active").map((m) => m.staffId));
    return {
      rows,
      counts,
      assignableStaff: staff.filter((s) => s.active && !held.has(s.id)),
    };
  };
}
