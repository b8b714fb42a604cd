import type { BookingParticipants, Company, TeamSnapshot } from "../entities.ts";

/** Reads a company's Cal.com team. Implemented by the Cal.com adapter. */
export interface CalcomTeamReader {
  /** `usage.requests` counts every HTTP attempt made, also when the read fails. */
  readTeam(company: Company, usage: { requests: number }): Promise<TeamSnapshot>;
}

export interface CalcomBookingInfo {
  uid: string;
  id: number | null;
  start: string;
  end: string;
  status: string;
  /** The organizer: for round robin the host Cal.com picked, or the first fixed host. */
  hostUserId: number | null;
  hostName: string | null;
  rescheduledToUid: string | null;
  participants: BookingParticipants;
}

export interface NewCalcomBooking {
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  attendee: {
    name: string;
    email: string;
    timeZone: string;
    phoneNumber: string | null;
    language: string;
  };
  notes: string | null;
  /** Our idempotency key, stored in the booking's metadata so a retry can find it. */
  ref: string;
  /**
   * Chosen hosts (`rrHostSubsetIds`): Cal.com books one of these or refuses (strict). Only for an
   * event type with chosen hosts enabled, on a deployment that supports them.
   */
  hostIds?: readonly number[];
}

/** A Cal.com slot reservation: the time is hidden from booking pages until `expiresAt`. */
export interface SlotReservation {
  uid: string;
  /** UTC ISO. */
  expiresAt: string;
}

/**
 * What one request of ours spent waiting for Cal.com, summed over its HTTP attempts; the voice
 * routes report it as `Server-Timing: calcom`, so our own share of a reply's time is visible.
 */
export interface UpstreamMeter {
  calcomMs: number;
  calcomRequests: number;
}

/**
 * Bookings and slots in the company's Cal.com, for a caller who is waiting: reads within a few
 * seconds, each write sent once and given at least 8 s (a write whose answer is lost fails as
 * `unknown`, never as refused). Failures are UpstreamErrors. A `meter`, when given, adds up the
 * wait.
 */
export interface CalcomBookingGateway {
  /**
   * Free slot starts (UTC ISO) in [startUtc, endUtc); with `hostIds`, only those hosts' free
   * times (`rrHostSubsetIds`; an older Cal.com refuses it as `rejected` / `hosts_unsupported`).
   */
  slots(
    company: Company,
    q: { eventTypeId: number; startUtc: string; endUtc: string; hostIds?: readonly number[] },
    meter?: UpstreamMeter,
  ): Promise<string[]>;
  /**
   * Hides a time from Cal.com's booking pages (`POST /v2/slots/reservations`) for `minutes`; it
   * does not stop an API booking.
   */
  reserveSlot(
    company: Company,
    q: { eventTypeId: number; start: string; durationMinutes: number; minutes: number },
    meter?: UpstreamMeter,
  ): Promise<SlotReservation>;
  /** Ends a reservation (`DELETE /v2/slots/reservations/{uid}`); one already gone is no error. */
  releaseSlot(company: Company, uid: string, meter?: UpstreamMeter): Promise<void>;
  createBooking(
    company: Company,
    booking: NewCalcomBooking,
    meter?: UpstreamMeter,
  ): Promise<CalcomBookingInfo>;
  /**
   * The booking Cal.com holds with this ref in `metadata.frontdeskRef` (any status), if any:
   * the event type's bookings around `start` are listed and matched by ref. `budgetMs` caps the
   * look-up for a caller who is waiting.
   */
  findBookingByRef(
    company: Company,
    q: { eventTypeId: number; start: string; ref: string },
    meter?: UpstreamMeter,
    budgetMs?: number,
  ): Promise<CalcomBookingInfo | null>;
  getBooking(company: Company, uid: string, meter?: UpstreamMeter): Promise<CalcomBookingInfo>;
  cancelBooking(
    company: Company,
    uid: string,
    reason: string,
    meter?: UpstreamMeter,
  ): Promise<void>;
  /** With `hostIds`, the new booking stays with one of those hosts or is refused (strict). */
  rescheduleBooking(
    company: Company,
    uid: string,
    start: string,
    meter?: UpstreamMeter,
    options?: { hostIds?: readonly number[] },
  ): Promise<CalcomBookingInfo>;
}

/** One of a team's bookings as Cal.com's booking list has it now. */
export interface CalcomBookingSnapshot {
  uid: string;
  id: number | null;
  eventTypeId: number | null;
  status: "accepted" | "pending" | "cancelled" | "rejected";
  /** UTC ISO. */
  start: string;
  end: string;
  /** The organizer: for round robin the host Cal.com picked, or the first fixed host. */
  organizerId: number | null;
  participants: BookingParticipants;
  /** The booker: the first attendee. */
  attendee: { name: string | null; email: string | null } | null;
  rescheduledFromUid: string | null;
  rescheduledToUid: string | null;
  /** `metadata.frontdeskRef`: the idempotency key of a booking the voice agent made. */
  frontdeskRef: string | null;
  /** UTC ISO; Cal.com's `updatedAt` (its `createdAt` for a booking never changed). */
  updatedAt: string | null;
}

/** Reads a company's Cal.com bookings for reconciliation. Implemented by the Cal.com adapter. */
export interface CalcomBookingLister {
  /**
   * Every booking of the company's team updated at or after `updatedAfter` (all without it),
   * oldest change first, through every page. `usage.requests` counts every HTTP attempt made,
   * also when the listing fails.
   */
  listTeamBookings(
    company: Company,
    query: { updatedAfter: string | null },
    usage: { requests: number },
  ): Promise<CalcomBookingSnapshot[]>;
}

/** Free slots per (company, event type, range), kept ≤ 30 s; dropped on every booking change. */
export interface SlotCache {
  get(companyId: string, eventTypeId: number, range: string): string[] | undefined;
  set(companyId: string, eventTypeId: number, range: string, slots: string[]): void;
  /** Milliseconds since the range was stored; undefined when it is not held. */
  age(companyId: string, eventTypeId: number, range: string): number | undefined;
  /** Whether a Cal.com request for the range is under way. */
  loading(companyId: string, eventTypeId: number, range: string): boolean;
  /**
   * Held slots, else the answer of the request for the range already under way, else `fetch`'s
   * (kept): one Cal.com request per range at a time. `refresh` fetches a held range again.
   */
  load(
    companyId: string,
    eventTypeId: number,
    range: string,
    fetch: () => Promise<string[]>,
    options?: { refresh?: boolean },
  ): Promise<{ slots: string[]; source: "cache" | "shared" | "calcom" }>;
  /**
   * Drops what a booking change at the instants `near` can affect (all ranges without them).
   * Ranges of chosen hosts are cached under the event type too (their range key carries the
   * hosts), so a booking drops them with the rest.
   */
  invalidate(companyId: string, eventTypeId: number, near?: readonly string[]): void;
}
