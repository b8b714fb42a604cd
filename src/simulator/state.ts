import { randomBytes } from "node:crypto";
import { covers, gridStarts, type Interval, overlaps, workingIntervals } from "./availability.ts";
import type {
  FixtureEventType,
  FixtureMember,
  FixtureTeam,
  HostPriority,
  SimulatorFixture,
} from "./fixture.ts";

export interface SimAttendee {
  name: string;
  email: string;
  timeZone: string;
  language: string;
  phoneNumber?: string;
}

export type Metadata = Record<string, string | number | boolean>;

/** A booking as the simulator stores it; `bookings()` hands out copies. */
export interface SimBooking {
  id: number;
  uid: string;
  status: "accepted" | "cancelled";
  eventTypeId: number;
  teamId: number;
  /** The organizer: the assigned round-robin host (or the first collective host). */
  hostUserId: number;
  /** Every host taking part (organizer first); all of them are busy for the booking's time. */
  hostUserIds: number[];
  /** UTC ISO. */
  start: string;
  end: string;
  title: string;
  description: string;
  attendee: SimAttendee;
  guests: string[];
  bookingFieldsResponses: Record<string, unknown>;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  rescheduledFromUid?: string;
  rescheduledToUid?: string;
  reschedulingReason?: string;
  cancellationReason?: string;
}

export interface Membership {
  id: number;
  userId: number;
  teamId: number;
  accepted: boolean;
  role: FixtureMember["role"];
  member: FixtureMember;
}

export interface TeamRecord {
  team: FixtureTeam;
  /** Ordered by membership id, as the memberships endpoint pages them. */
  memberships: Membership[];
  byUserId: Map<number, Membership>;
}

export interface EventTypeRecord {
  eventType: FixtureEventType;
  team: TeamRecord;
}

export interface Assignment {
  organizer: number;
  participants: number[];
}

interface StoredBooking {
  data: SimBooking;
  span: Interval;
}

const minute = 60_000;
const day = 24 * 60 * minute;

const priorityRank: Record<HostPriority, number> = {
  lowest: 0,
  low: 1,
  medium: 2,
  high: 3,
  highest: 4,
};

const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** 22 base-58 characters, the look of Cal.com's short-uuid booking uids. */
function newBookingUid(): string {
  let n = BigInt(`0x${randomBytes(16).toString("hex")}`);
  let uid = "";
  for (let i = 0; i < 22; i++) {
    uid = base58[Number(n % 58n)] + uid;
    n /= 58n;
  }
  return uid;
}

/** Teams, members, event types and bookings, with the availability rules that tie them together. */
export class SimState {
  readonly teams = new Map<number, TeamRecord>();
  readonly eventTypes = new Map<number, EventTypeRecord>();
  private readonly keys = new Map<string, Set<number>>();
  private readonly list: StoredBooking[] = [];
  private readonly byUid = new Map<string, StoredBooking>();
  private readonly byUser = new Map<number, StoredBooking[]>();
  private nextBookingId = 1;

  constructor(fixture: SimulatorFixture) {
    // Membership ids are global in Cal.com; fill gaps after the highest explicit one.
    let nextMembershipId =
      Math.max(0, ...fixture.teams.flatMap((t) => t.members.map((m) => m.membershipId ?? 0))) + 1;
    for (const team of fixture.teams) {
      const memberships = team.members
        .map(
          (member): Membership => ({
            id: member.membershipId ?? nextMembershipId++,
            userId: member.userId,
            teamId: team.id,
            accepted: member.accepted ?? true,
            role: member.role,
            member,
          }),
        )
        .sort((a, b) => a.id - b.id);
      const record: TeamRecord = {
        team,
        memberships,
        byUserId: new Map(memberships.map((m) => [m.userId, m])),
      };
      this.teams.set(team.id, record);
      for (const eventType of team.eventTypes) {
        this.eventTypes.set(eventType.id, { eventType, team: record });
      }
    }
    for (const { key, teamIds } of fixture.apiKeys) this.keys.set(key, new Set(teamIds));
  }

  /** The teams an API key administers, or undefined for an unknown key. */
  keyTeams(key: string): ReadonlySet<number> | undefined {
    return this.keys.get(key);
  }

  eventTypeBySlug(teamSlug: string, slug: string): EventTypeRecord | undefined {
    for (const record of this.eventTypes.values()) {
      if (record.team.team.slug === teamSlug && record.eventType.slug === slug) return record;
    }
    return undefined;
  }

  booking(uid: string): SimBooking | undefined {
    return this.byUid.get(uid)?.data;
  }

  bookings(): SimBooking[] {
    return this.list.map((b) => b.data);
  }

  /**
   * Bookable slot starts in [fromMs, toMs] at or after notBeforeMs.
   * `ignoreUid` keeps a booking being rescheduled from blocking its own time.
   */
  slotStarts(
    record: EventTypeRecord,
    fromMs: number,
    toMs: number,
    lengthMin: number,
    notBeforeMs: number,
    ignoreUid?: string,
  ): number[] {
    const plan = this.plan(record, fromMs, toMs, lengthMin, ignoreUid);
    return plan.starts.filter((t) => t >= notBeforeMs && plan.assign(t) !== null);
  }

  /** Who would host a booking starting exactly at startMs, or null if that is not a free slot. */
  assign(
    record: EventTypeRecord,
    startMs: number,
    lengthMin: number,
    ignoreUid?: string,
  ): Assignment | null {
    const plan = this.plan(record, startMs, startMs, lengthMin, ignoreUid);
    return plan.starts.includes(startMs) ? plan.assign(startMs) : null;
  }

  findAccepted(eventTypeId: number, startMs: number, email: string): SimBooking | undefined {
    const wanted = email.trim().toLowerCase();
    return this.list.find(
      ({ data, span }) =>
        data.status === "accepted" &&
        data.eventTypeId === eventTypeId &&
        span.start === startMs &&
        data.attendee.email.trim().toLowerCase() === wanted,
    )?.data;
  }

  addBooking(
    fields: Omit<SimBooking, "id" | "uid" | "status" | "start" | "end" | "teamId">,
    record: EventTypeRecord,
    span: Interval,
  ): SimBooking {
    const data: SimBooking = {
      id: this.nextBookingId++,
      uid: newBookingUid(),
      status: "accepted",
      teamId: record.team.team.id,
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
      ...fields,
    };
    const stored: StoredBooking = { data, span };
    this.list.push(stored);
    this.byUid.set(data.uid, stored);
    for (const userId of data.hostUserIds) {
      const busy = this.byUser.get(userId) ?? [];
      busy.push(stored);
      this.byUser.set(userId, busy);
    }
    return data;
  }

  /** Cancels in place; a cancelled booking no longer blocks its hosts. */
  cancel(
    uid: string,
    changes: { cancellationReason?: string; rescheduledToUid?: string },
    at: string,
  ): void {
    const booking = this.byUid.get(uid)?.data;
    if (!booking) return;
    booking.status = "cancelled";
    booking.updatedAt = at;
    if (changes.cancellationReason !== undefined) {
      booking.cancellationReason = changes.cancellationReason;
    }
    if (changes.rescheduledToUid !== undefined) booking.rescheduledToUid = changes.rescheduledToUid;
  }

  /** A host's accepted bookings that touch `window` (all but `ignoreUid`). */
  private busySpans(userId: number, window: Interval, ignoreUid: string | undefined): Interval[] {
    return (this.byUser.get(userId) ?? [])
      .filter(
        (b) => b.data.status === "accepted" && b.data.uid !== ignoreUid && overlaps(b.span, window),
      )
      .map((b) => b.span);
  }

  private acceptedCount(userId: number, eventTypeId: number): number {
    return (this.byUser.get(userId) ?? []).filter(
      (b) =>
        b.data.status === "accepted" &&
        b.data.eventTypeId === eventTypeId &&
        b.data.hostUserId === userId,
    ).length;
  }

  private plan(
    record: EventTypeRecord,
    fromMs: number,
    toMs: number,
    lengthMin: number,
    ignoreUid: string | undefined,
  ): { starts: number[]; assign(t: number): Assignment | null } {
    const { eventType, team } = record;
    // Managed parents are not bookable themselves, and a team event without a scheduling
    // type has no hosts; neither offers slots.
    const hosts =
      eventType.schedulingType === "roundRobin" || eventType.schedulingType === "collective"
        ? eventType.hosts
        : [];
    const step = eventType.slotInterval ?? lengthMin;
    const lengthMs = lengthMin * minute;
    const intervals = new Map<number, Interval[]>();
    for (const host of hosts) {
      const member = team.byUserId.get(host.userId)?.member;
      intervals.set(
        host.userId,
        workingIntervals(member?.schedule, team.team.timeZone, fromMs - day, toMs + day),
      );
    }
    const starts = [
      ...new Set([...intervals.values()].flatMap((iv) => gridStarts(iv, lengthMin, step))),
    ]
      .filter((t) => t >= fromMs && t <= toMs)
      .sort((a, b) => a - b);

    // Each host's bookings near the range and booking count are read once per plan, not once
    // per slot: a week of slots for a busy team otherwise walks every booking hundreds of times.
    const window = { start: fromMs - day, end: toMs + day + lengthMs };
    const busy = new Map(hosts.map((h) => [h.userId, this.busySpans(h.userId, window, ignoreUid)]));
    const counts = new Map(
      hosts.map((h) => [h.userId, this.acceptedCount(h.userId, eventType.id)]),
    );
    const assign = (t: number): Assignment | null => {
      const span = { start: t, end: t + lengthMs };
      const free = (userId: number) =>
        covers(intervals.get(userId) ?? [], span.start, span.end) &&
        !(busy.get(userId) ?? []).some((b) => overlaps(b, span));
      if (hosts.length === 0) return null;
      if (eventType.schedulingType === "collective") {
        return hosts.every((h) => free(h.userId))
          ? { organizer: hosts[0]!.userId, participants: hosts.map((h) => h.userId) }
          : null;
      }
      // Round robin: every mandatory (fixed) host must be free, plus one of the others.
      const fixed = hosts.filter((h) => h.mandatory).map((h) => h.userId);
      if (!fixed.every(free)) return null;
      const pool = hosts.filter((h) => !h.mandatory);
      if (pool.length === 0) return { organizer: fixed[0]!, participants: fixed };
      const candidates = pool
        .filter((h) => free(h.userId))
        .map((h) => ({
          userId: h.userId,
          rank: priorityRank[h.priority ?? "medium"],
          count: counts.get(h.userId) ?? 0,
        }))
        .sort((a, b) => b.rank - a.rank || a.count - b.count || a.userId - b.userId);
      const chosen = candidates[0];
      return chosen ? { organizer: chosen.userId, participants: [chosen.userId, ...fixed] } : null;
    };
    return { starts, assign };
  }
}
