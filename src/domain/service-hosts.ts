import type { CalcomFailure } from "./calcom-failure.ts";
import type {
  BookabilityNotice,
  BookabilityProblem,
  BookingProblem,
  CalcomEventType,
  MappingSource,
  MappingStatus,
  Service,
  SyncStatus,
} from "./entities.ts";

/** Everything the resolver reads, loaded in a constant number of queries. */
export interface ServiceHostsData {
  service: Service;
  eventType: CalcomEventType | null;
  lastTeamSync: {
    status: SyncStatus;
    finishedAt: string | null;
    error: string | null;
    errorKind?: CalcomFailure | null;
  } | null;
  lastSuccessfulSyncAt: string | null;
  hosts: {
    calcomUserId: number;
    name: string | null;
    username: string | null;
    avatarUrl: string | null;
    /** A fixed host of a round-robin event type. */
    mandatory: boolean;
    member: { email: string | null; role: string; accepted: boolean; removed: boolean } | null;
    mapping: {
      staffId: string;
      status: MappingStatus;
      source: MappingSource;
      confidence: number;
      reasonCode: string;
      reasonText: string;
      updatedAt: string;
    } | null;
    staff: { id: string; name: string; email: string | null; active: boolean } | null;
  }[];
  /** The services each host can do: services whose event type lists the host. */
  servicesByHost: {
    calcomUserId: number;
    serviceId: string;
    name: string;
    durationMinutes: number;
  }[];
}

export type ServiceHostsState =
  | "ok"
  | "no_event_type"
  | "event_type_not_synced"
  | "event_type_removed"
  | "no_hosts";

export type HostMappingStatus = MappingStatus | "unmapped";

export interface ResolvedHost {
  calcomUserId: number;
  name: string;
  email: string | null;
  username: string | null;
  avatarUrl: string | null;
  /** Initials for an avatar when Cal.com has none. */
  initials: string;
  role: string | null;
  status: HostMappingStatus;
  source: MappingSource | null;
  confidence: number | null;
  reasonCode: string | null;
  reason: string | null;
  staff: { id: string; name: string; email: string | null; active: boolean } | null;
  services: { id: string; name: string; durationMinutes: number }[];
  /** Listed on this service's event type, an accepted member, and not mapped to inactive staff. */
  availableForService: boolean;
  /** Why not available, when not. */
  unavailableReason: "invitation_pending" | "left_team" | "staff_inactive" | null;
  /** A fixed host of a round-robin event type: on every booking of it. */
  mandatory: boolean;
}

/** Whether the voice agent can book the service's event type, as the last team sync found. */
export interface ServiceBookability {
  /** The event type has no bookability problem (whether the service is active is apart). */
  bookableByPhone: boolean;
  problems: BookabilityProblem[];
  notices: BookabilityNotice[];
  /** Names of the fixed hosts (with the `mandatory_hosts` notice). */
  fixedHosts: string[];
}

export interface ServiceHosts {
  service: {
    id: string;
    name: string;
    durationMinutes: number;
    eventTypeId: number | null;
    /** The last refusal Cal.com gave one of its bookings (not "slot taken"). */
    bookingProblem: BookingProblem | null;
  };
  /** Null while the event type is not linked, not synced, or removed in Cal.com. */
  bookability: ServiceBookability | null;
  eventType: {
    id: number;
    title: string;
    slug: string;
    lengthInMinutes: number;
    schedulingType: string | null;
  } | null;
  state: ServiceHostsState;
  sync: {
    lastStatus: SyncStatus | null;
    lastFinishedAt: string | null;
    lastError: string | null;
    /** How the last team sync's Cal.com call failed, if that is why. */
    lastErrorKind: CalcomFailure | null;
    lastSuccessAt: string | null;
    /** The last sync failed: what is shown is from the last good sync. */
    stale: boolean;
  };
  hosts: ResolvedHost[];
  summary: {
    total: number;
    mapped: number;
    suggested: number;
    unmapped: number;
    availableForService: number;
  };
}

export function initialsOf(name: string): string {
  // Titles are not part of a person's initials: "Dr. James O'Neil" → JO.
  const parts = name
    .trim()
    .split(/\s+/)
    .filter((p) => p && !/^(dr|prof|dipl|mr|mrs|ms|herr|frau)\.?$/i.test(p));
  const letters =
    parts.length > 1 ? [parts[0]![0], parts.at(-1)![0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join("").toUpperCase() || "?";
}

/** Turns the loaded rows into the service's hosts panel: pure, so it is tested without a database. */
export function assembleServiceHosts(data: ServiceHostsData): ServiceHosts {
  const { service, eventType } = data;
  const state: ServiceHostsState =
    service.calcomEventTypeId === null
      ? "no_event_type"
      : !eventType
        ? "event_type_not_synced"
        : eventType.removedAt
          ? "event_type_removed"
          : data.hosts.length === 0
            ? "no_hosts"
            : "ok";

  const servicesOf = new Map<number, ResolvedHost["services"]>();
  for (const s of data.servicesByHost) {
    const list = servicesOf.get(s.calcomUserId) ?? [];
    if (!list.some((x) => x.id === s.serviceId))
      list.push({ id: s.serviceId, name: s.name, durationMinutes: s.durationMinutes });
    servicesOf.set(s.calcomUserId, list);
  }

  const hosts: ResolvedHost[] =
    state === "ok"
      ? data.hosts.map((h) => {
          const name = h.name || h.username || `Cal.com user ${h.calcomUserId}`;
          const unavailableReason: ResolvedHost["unavailableReason"] = h.member?.removed
            ? "left_team"
            : h.member && !h.member.accepted
              ? "invitation_pending"
              : h.mapping?.status === "active" && h.staff && !h.staff.active
                ? "staff_inactive"
                : null;
          return {
            calcomUserId: h.calcomUserId,
            name,
            email: h.member?.email ?? null,
            username: h.username,
            avatarUrl: h.avatarUrl,
            initials: initialsOf(name),
            role: h.member?.role ?? null,
            status: h.mapping?.status ?? "unmapped",
            source: h.mapping?.source ?? null,
            confidence: h.mapping?.confidence ?? null,
            reasonCode: h.mapping?.reasonCode ?? null,
            reason: h.mapping?.reasonText ?? null,
            staff: h.mapping ? h.staff : null,
            services: (servicesOf.get(h.calcomUserId) ?? []).sort((a, b) =>
              a.name.localeCompare(b.name),
            ),
            availableForService: unavailableReason === null,
            unavailableReason,
            mandatory: h.mandatory,
          };
        })
      : [];

  const lastStatus = data.lastTeamSync?.status ?? null;
  return {
    service: {
      id: service.id,
      name: service.name,
      durationMinutes: service.durationMinutes,
      eventTypeId: service.calcomEventTypeId,
      bookingProblem: service.bookingProblem,
    },
    bookability:
      eventType && state !== "no_event_type" && state !== "event_type_removed"
        ? {
            bookableByPhone: eventType.problems.length === 0,
            problems: eventType.problems,
            notices: eventType.notices,
            fixedHosts: hosts.filter((h) => h.mandatory).map((h) => h.name),
          }
        : null,
    eventType: eventType
      ? {
          id: eventType.eventTypeId,
          title: eventType.title,
          slug: eventType.slug,
          lengthInMinutes: eventType.lengthInMinutes,
          schedulingType: eventType.schedulingType,
        }
      : null,
    state,
    sync: {
      lastStatus,
      lastFinishedAt: data.lastTeamSync?.finishedAt ?? null,
      lastError: data.lastTeamSync?.error ?? null,
      lastErrorKind: data.lastTeamSync?.errorKind ?? null,
      lastSuccessAt: data.lastSuccessfulSyncAt,
      stale: lastStatus === "failed",
    },
    hosts,
    summary: {
      total: hosts.length,
      mapped: hosts.filter((h) => h.status === "active").length,
      suggested: hosts.filter((h) => h.status === "suggested").length,
      unmapped: hosts.filter((h) => h.status === "unmapped" || h.status === "rejected").length,
      availableForService: hosts.filter((h) => h.availableForService).length,
    },
  };
}
