import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { covers, gridStarts, type Interval, overlaps, workingIntervals } from "./availability.ts";
import {
  type FixtureEventType,
  type FixtureMember,
  type FixtureTeam,
  type HostPriority,
  type SimulatorFixture,
  simulatorFixtureSchema,
} from "./fixture.ts";

export interface SimAttendee {
  name: string;
  email: string;
  timeZone: string;
  language: string;
  phoneNumber?: string;
}

export type Metadata = Record<string, string | number | boolean>;

/** Cal.com's booking statuses as API v2 spells them. Pending bookings wait for confirmation. */
export type SimStatus = "accepted" | "pending" | "cancelled" | "rejected";

/** One attendee's seat in a seated booking. */
export interface SimSeat {
  seatUid: string;
  attendee: SimAttendee;
  bookingFieldsResponses: Record<string, unknown>;
  metadata: Metadata;
}

/** A booking as the simulator stores it; `bookings()` hands out copies. */
export interface SimBooking {
  id: number;
  uid: string;
  status: SimStatus;
  eventTypeId: number;
  teamId: number;
  /**
   * The organizer (Cal.com's booking user): for round robin the host Cal.com chose, or the first
   * mandatory (fixed) host when the event type has any; the first host of a collective event.
   */
  hostUserId: number;
  /** Every host taking part (organizer first); all of them are busy for the booking's time. */
  hostUserIds: number[];
  /**
   * The round-robin host Cal.com picked from the non-mandatory pool; it equals the organizer
   * without fixed hosts. Null for collective events and for round robins of fixed hosts only.
   */
  chosenHostUserId: number | null;
  /** The organizer's user no longer exists (booking.user is null); API output says "unknown". */
  orphaned: boolean;
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
  rejectionReason?: string;
  /** Shared by every occurrence of a recurring booking. */
  recurringBookingUid?: string;
  /** Seated event types: the attendees who took a seat (the first one is `attendee`). */
  seats?: SimSeat[];
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
  /** The pool host chosen by round robin, or null (collective; fixed hosts only). */
  chosen: number | null;
}

interface StoredBooking {
  data: SimBooking;
  span: Interval;
}

/** A slot reservation (Cal.com's "selected slot"): hides its time until `releaseAtMs`. */
export interface SimReservation {
  uid: string;
  eventTypeId: number;
  /** A team event type's reservation is stored under its first host. */
  userId: number;
  span: Interval;
  releaseAtMs: number;
}

/**
 * The event type as a booking with `rrHostSubsetIds` sees it: for a round robin with
 * `rrHostSubsetEnabled`, only the hosts named (fixed ones too), with no fallback to the others.
 * Otherwise, and for an empty list, the parameter changes nothing.
 */
export function restrictHosts(
  record: EventTypeRecord,
  hostIds: readonly number[] | undefined,
): EventTypeRecord {
  const { eventType } = record;
  if (
    !hostIds ||
    hostIds.length === 0 ||
    !eventType.rrHostSubsetEnabled ||
    eventType.schedulingType !== "roundRobin"
  ) {
    return record;
  }
  const hosts = eventType.hosts.filter((h) => hostIds.includes(h.userId));
  return { team: record.team, eventType: { ...eventType, hosts } };
}

/** Accepted and pending bookings hold their hosts' time; cancelled and rejected ones do not. */
export const isActive = (b: Pick<SimBooking, "status">): boolean =>
  b.status === "accepted" || b.status === "pending";

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
export function newBookingUid(): string {
  let n = BigInt(`0x${randomBytes(16).toString("hex")}`);
  let uid = "";
  for (let i = 0; i < 22; i++) {
    uid = base58[Number(n % 58n)] + uid;
    n /= 58n;
  }
  return uid;
}

type LimitKey = "day" | "week" | "month" | "year";
const limitKeys: LimitKey[] = ["day", "week", "month", "year"];

interface Plan {
  starts: number[];
  /** Whether the user works then and has no active booking overlapping [t, t+length). */
  free(userId: number, t: number): boolean;
  /** The free pool candidates at t, best first (priority, then fewest bookings, then id). */
  ranked(t: number): number[];
  assign(t: number): Assignment | null;
}

/** Teams, members, event types and bookings, with the availability rules that tie them together. */
export class SimState {
  readonly teams = new Map<number, TeamRecord>();
  readonly eventTypes = new Map<number, EventTypeRecord>();
  private readonly keys = new Map<string, Set<number>>();
  private readonly list: StoredBooking[] = [];
  private readonly byUid = new Map<string, StoredBooking>();
  private readonly byUser = new Map<number, StoredBooking[]>();
  private readonly reservations = new Map<string, SimReservation>();
  private nextBookingId = 1;
  /** An older deployment: `rrHostSubsetIds` is refused as an unknown property everywhere. */
  refuseHostSubsets = false;

  constructor(fixture: SimulatorFixture) {
    // Membership ids are global in Cal.com; fill gaps after the highest explicit one.
    let nextMembershipId =
      Math.max(0, ...fixture.teams.flatMap((t) => t.members.map((m) => m.membershipId ?? 0))) + 1;
    for (const team of fixture.teams) {
      this.indexTeam(team, (member) => member.membershipId ?? nextMembershipId++);
    }
    for (const { key, teamIds } of fixture.apiKeys) this.keys.set(key, new Set(teamIds));
  }

  /**
   * A team added while running, administered by a key of its own. It is checked together with
   * everything already here, as a fixture is (ids unique across teams, hosts are members), and
   * needs its membership ids.
   */
  addTeam(team: FixtureTeam, key: string): void {
    const teams = [...this.teams.values()].map((r) => r.team);
    const apiKeys = [...this.keys].map(([k, ids]) => ({ key: k, teamIds: [...ids] }));
    const parsed = simulatorFixtureSchema.parse({
      apiKeys: [...apiKeys, { key, teamIds: [team.id] }],
      teams: [...teams, team],
    });
    const added = parsed.teams.at(-1)!;
    const taken = new Set(this.memberships().map((m) => m.id));
    this.indexTeam(added, (member) => {
      if (member.membershipId === undefined || taken.has(member.membershipId)) {
        throw new RangeError(`team ${added.id}: every member needs a membership id of its own`);
      }
      return member.membershipId;
    });
    this.keys.set(key, new Set([added.id]));
  }

  /** Every membership of every team. */
  memberships(): Membership[] {
    return [...this.teams.values()].flatMap((r) => r.memberships);
  }

  private indexTeam(team: FixtureTeam, membershipId: (member: FixtureMember) => number): void {
    const memberships = team.members
      .map(
        (member): Membership => ({
          id: membershipId(member),
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

  /** The occurrences of a recurring booking, by start. */
  series(recurringBookingUid: string): SimBooking[] {
    return this.list
      .filter((b) => b.data.recurringBookingUid === recurringBookingUid)
      .sort((a, b) => a.span.start - b.span.start)
      .map((b) => b.data);
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
    const limited = this.limitCheck(record, ignoreUid);
    const seated = record.eventType.seats ? this.seatedAt(record.eventType.id, ignoreUid) : null;
    return plan.starts.filter((t) => {
      if (t < notBeforeMs) return false;
      const existing = seated?.get(t);
      if (existing) return (existing.seats?.length ?? 1) < record.eventType.seats!.seatsPerTimeSlot;
      return limited(t) === null && plan.assign(t) !== null;
    });
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

  /**
   * One set of hosts free at every start of a recurring series (Cal.com books the whole series
   * on the same hosts), or null when there is none.
   */
  assignSeries(record: EventTypeRecord, startsMs: number[], lengthMin: number): Assignment | null {
    const plans = startsMs.map((t) => this.plan(record, t, t, lengthMin, undefined));
    if (plans.some((plan, i) => !plan.starts.includes(startsMs[i]!))) return null;
    const first = plans[0]!.assign(startsMs[0]!);
    if (!first) return null;
    const fits = (participants: number[]) =>
      plans.every((plan, i) => participants.every((u) => plan.free(u, startsMs[i]!)));
    if (first.chosen === null) return fits(first.participants) ? first : null;
    const fixed = first.participants.filter((u) => u !== first.chosen);
    for (const candidate of plans[0]!.ranked(startsMs[0]!)) {
      const participants = [...fixed, candidate];
      if (fits(participants)) {
        return {
          organizer: fixed[0] ?? candidate,
          participants,
          chosen: candidate,
        };
      }
    }
    return null;
  }

  /** A reservation not yet released at nowMs; expired ones are dropped on the way. */
  reservation(uid: string, nowMs: number): SimReservation | undefined {
    const found = this.reservations.get(uid);
    if (found && found.releaseAtMs <= nowMs) this.reservations.delete(uid);
    return found && found.releaseAtMs > nowMs ? found : undefined;
  }

  /** The unexpired reservations of an event type at nowMs. */
  reservationsOf(eventTypeId: number, nowMs: number): SimReservation[] {
    return [...this.reservations.keys()]
      .map((uid) => this.reservation(uid, nowMs))
      .filter((r): r is SimReservation => r !== undefined && r.eventTypeId === eventTypeId);
  }

  /** An active booking of the event type overlapping span, if any. */
  bookingDuring(eventTypeId: number, span: Interval): SimBooking | undefined {
    return this.list.find(
      (b) => b.data.eventTypeId === eventTypeId && isActive(b.data) && overlaps(b.span, span),
    )?.data;
  }

  /** Stores a reservation, or replaces the one with the same uid. */
  putReservation(reservation: SimReservation): void {
    this.reservations.set(reservation.uid, reservation);
  }

  /** Removes a reservation; one that is not there is no error (Cal.com deletes "many"). */
  deleteReservation(uid: string): void {
    this.reservations.delete(uid);
  }

  /** Whether userId could take over the booking's time (ignoring the booking itself). */
  userFreeFor(booking: SimBooking, userId: number): boolean {
    const record = this.eventTypes.get(booking.eventTypeId)!;
    const stored = this.byUid.get(booking.uid)!;
    const lengthMin = (stored.span.end - stored.span.start) / minute;
    const member = record.team.byUserId.get(userId)?.member;
    const intervals = workingIntervals(
      member?.schedule,
      record.team.team.timeZone,
      stored.span.start - day,
      stored.span.end + day,
    );
    if (!covers(intervals, stored.span.start, stored.span.start + lengthMin * minute)) return false;
    return this.busySpans(userId, stored.span, booking.uid).length === 0;
  }

  /** Which booking limit (day, week, …) a new booking at startMs would exceed, if any. */
  limitReached(record: EventTypeRecord, startMs: number, ignoreUid?: string): LimitKey | null {
    return this.limitCheck(record, ignoreUid)(startMs);
  }

  /** The active seated booking of an event type starting exactly at startMs. */
  seatedBookingAt(eventTypeId: number, startMs: number): SimBooking | undefined {
    return this.seatedAt(eventTypeId, undefined).get(startMs);
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
    fields: Omit<SimBooking, "id" | "uid" | "start" | "end" | "teamId" | "orphaned"> & {
      uid?: string;
    },
    record: EventTypeRecord,
    span: Interval,
  ): SimBooking {
    const data: SimBooking = {
      id: this.nextBookingId++,
      teamId: record.team.team.id,
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
      orphaned: false,
      ...fields,
      uid: fields.uid ?? newBookingUid(),
    };
    const stored: StoredBooking = { data, span };
    this.list.push(stored);
    this.byUid.set(data.uid, stored);
    this.index(stored);
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

  /** Confirms (accepted) or declines (rejected) a pending booking in place. */
  decide(uid: string, status: "accepted" | "rejected", at: string, reason?: string): void {
    const booking = this.byUid.get(uid)?.data;
    if (!booking) return;
    booking.status = status;
    booking.updatedAt = at;
    if (status === "rejected" && reason !== undefined) booking.rejectionReason = reason;
  }

  /** Moves a booking to other hosts (same uid), keeping the busy index right. */
  reassign(uid: string, assignment: Assignment, title: string, at: string): void {
    const stored = this.byUid.get(uid);
    if (!stored) return;
    this.unindex(stored);
    stored.data.hostUserId = assignment.organizer;
    stored.data.hostUserIds = assignment.participants;
    stored.data.chosenHostUserId = assignment.chosen;
    stored.data.title = title;
    stored.data.updatedAt = at;
    this.index(stored);
  }

  private index(stored: StoredBooking): void {
    for (const userId of stored.data.hostUserIds) {
      const busy = this.byUser.get(userId) ?? [];
      busy.push(stored);
      this.byUser.set(userId, busy);
    }
  }

  private unindex(stored: StoredBooking): void {
    for (const userId of stored.data.hostUserIds) {
      const busy = this.byUser.get(userId) ?? [];
      this.byUser.set(
        userId,
        busy.filter((b) => b !== stored),
      );
    }
  }

  /** A host's active bookings that touch `window` (all but `ignoreUid`). */
  private busySpans(userId: number, window: Interval, ignoreUid: string | undefined): Interval[] {
    return (this.byUser.get(userId) ?? [])
      .filter((b) => isActive(b.data) && b.data.uid !== ignoreUid && overlaps(b.span, window))
      .map((b) => b.span);
  }

  /** How many active bookings of this event type the user was picked for. */
  private bookingCount(userId: number, eventTypeId: number): number {
    return (this.byUser.get(userId) ?? []).filter(
      (b) =>
        isActive(b.data) &&
        b.data.eventTypeId === eventTypeId &&
        (b.data.chosenHostUserId ?? b.data.hostUserId) === userId,
    ).length;
  }

  /** Active seated bookings of an event type by start. */
  seatedAt(eventTypeId: number, ignoreUid: string | undefined): Map<number, SimBooking> {
    const found = new Map<number, SimBooking>();
    for (const { data, span } of this.list) {
      if (data.eventTypeId === eventTypeId && isActive(data) && data.uid !== ignoreUid) {
        found.set(span.start, data);
      }
    }
    return found;
  }

  /** A function telling which booking limit a new booking at t would exceed. */
  private limitCheck(
    record: EventTypeRecord,
    ignoreUid: string | undefined,
  ): (t: number) => LimitKey | null {
    const limits = record.eventType.bookingLimitsCount;
    if (!limits || limitKeys.every((k) => limits[k] === undefined)) return () => null;
    const zone = record.team.team.timeZone;
    const starts = this.list
      .filter(
        (b) =>
          b.data.eventTypeId === record.eventType.id &&
          isActive(b.data) &&
          b.data.uid !== ignoreUid,
      )
      .map((b) => b.span.start);
    return (t) => {
      for (const key of limitKeys) {
        const limit = limits[key];
        if (limit === undefined) continue;
        const at = DateTime.fromMillis(t, { zone });
        const from = at.startOf(key).toMillis();
        const to = at.endOf(key).toMillis();
        if (starts.filter((s) => s >= from && s <= to).length >= limit) return key;
      }
      return null;
    };
  }

  private plan(
    record: EventTypeRecord,
    fromMs: number,
    toMs: number,
    lengthMin: number,
    ignoreUid: string | undefined,
  ): Plan {
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
    const counts = new Map(hosts.map((h) => [h.userId, this.bookingCount(h.userId, eventType.id)]));
    const free = (userId: number, t: number) => {
      const span = { start: t, end: t + lengthMs };
      return (
        covers(intervals.get(userId) ?? [], span.start, span.end) &&
        !(busy.get(userId) ?? []).some((b) => overlaps(b, span))
      );
    };
    const fixed = hosts.filter((h) => h.mandatory).map((h) => h.userId);
    const pool = hosts.filter((h) => !h.mandatory);
    const ranked = (t: number): number[] =>
      pool
        .filter((h) => free(h.userId, t))
        .map((h) => ({
          userId: h.userId,
          rank: priorityRank[h.priority ?? "medium"],
          count: counts.get(h.userId) ?? 0,
        }))
        .sort((a, b) => b.rank - a.rank || a.count - b.count || a.userId - b.userId)
        .map((c) => c.userId);
    const assign = (t: number): Assignment | null => {
      if (hosts.length === 0) return null;
      if (eventType.schedulingType === "collective") {
        return hosts.every((h) => free(h.userId, t))
          ? { organizer: hosts[0]!.userId, participants: hosts.map((h) => h.userId), chosen: null }
          : null;
      }
      // Round robin: every mandatory (fixed) host must be free, plus one of the others. Cal.com
      // lists the fixed hosts before the chosen one, so the first fixed host is the organizer.
      if (!fixed.every((u) => free(u, t))) return null;
      if (pool.length === 0) return { organizer: fixed[0]!, participants: fixed, chosen: null };
      const chosen = ranked(t)[0];
      if (chosen === undefined) return null;
      return { organizer: fixed[0] ?? chosen, participants: [...fixed, chosen], chosen };
    };
    return { starts, free, ranked, assign };
  }
}
