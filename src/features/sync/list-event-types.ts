import { bookableByPhone } from "../../domain/bookability.ts";
import type {
  BookabilityNotice,
  BookabilityProblem,
  CalcomEventType,
  MappingStatus,
  SchedulingType,
  TenantContext,
} from "../../domain/entities.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

export interface EventTypeHostLine {
  userId: number;
  name: string | null;
  email: string | null;
  /** A fixed host of a round-robin event type: on every booking. */
  mandatory: boolean;
  /** Mapped to a staff member (an active mapping). */
  mapped: boolean;
  mappingStatus: MappingStatus | "unmapped";
  staff: { id: string; name: string } | null;
}

export interface EventTypeLine {
  id: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  schedulingType: SchedulingType;
  hidden: boolean;
  /** No longer listed by Cal.com (kept for history). */
  removed: boolean;
  requiresConfirmation: boolean;
  /** A caller may ask for one of its hosts by name (Cal.com's `rrHostSubsetEnabled`). */
  chosenHosts: boolean;
  hosts: EventTypeHostLine[];
  /** The services that book into this event type. */
  services: { id: string; name: string; active: boolean }[];
  bookableByPhone: boolean;
  problems: BookabilityProblem[];
  notices: BookabilityNotice[];
  syncedAt: string;
}

/**
 * The company's mirrored Cal.com event types with their hosts (and whom they are mapped to), the
 * services linked to them, and whether the voice agent can book them. Five queries in all.
 */
export function makeListEventTypes(deps: {
  calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes" | "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
  staff: Pick<StaffRepository, "list">;
  services: Pick<ServiceRepository, "list">;
}) {
  return async (ctx: TenantContext): Promise<EventTypeLine[]> => {
    const companyId = ctx.company.id;
    const [eventTypes, hosts, mappings, staff, services] = await Promise.all([
      deps.calcomMirror.listEventTypes(companyId),
      deps.calcomMirror.listHosts(companyId),
      deps.hostMappings.list(companyId),
      deps.staff.list(companyId),
      deps.services.list(companyId),
    ]);
    const mappingOf = new Map(mappings.map((m) => [m.calcomUserId, m]));
    const staffOf = new Map(staff.map((s) => [s.id, s]));
    return eventTypes.map((e) => ({
      id: e.eventTypeId,
      title: e.title,
      slug: e.slug,
      lengthInMinutes: e.lengthInMinutes,
      schedulingType: e.schedulingType,
      hidden: e.hidden,
      removed: e.removedAt !== null,
      requiresConfirmation: e.requiresConfirmation,
      chosenHosts: e.chosenHosts,
      hosts: hosts
        .filter((h) => h.eventTypeIds.includes(e.eventTypeId))
        .map((h) => {
          const mapping = mappingOf.get(h.calcomUserId);
          const member = mapping?.status === "active" ? staffOf.get(mapping.staffId) : undefined;
          return {
            userId: h.calcomUserId,
            name: h.name,
            email: h.email,
            mandatory: h.fixedIn.includes(e.eventTypeId),
            mapped: mapping?.status === "active",
            mappingStatus: mapping?.status ?? "unmapped",
            staff: member ? { id: member.id, name: member.name } : null,
          };
        }),
      services: services
        .filter((s) => s.calcomEventTypeId === e.eventTypeId)
        .map((s) => ({ id: s.id, name: s.name, active: s.active })),
      // One Cal.com no longer lists cannot be booked at all.
      bookableByPhone: e.removedAt === null && bookableByPhone(e),
      problems: e.problems,
      notices: e.notices,
      syncedAt: e.syncedAt,
    }));
  };
}

/** The company's Cal.com event types as last synced, without those removed in Cal.com. */
export function makeListTeamEventTypes(deps: {
  calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes">;
}) {
  return async (ctx: TenantContext): Promise<CalcomEventType[]> =>
    (await deps.calcomMirror.listEventTypes(ctx.company.id)).filter((e) => !e.removedAt);
}
