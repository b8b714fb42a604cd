import type { Appointment, AppointmentStatus } from "../entities.ts";
import type { PersonKeys } from "./privacy.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export type NewAppointment = Omit<Appointment, "id" | "companyId" | "createdAt" | "updatedAt">;

export interface AppointmentRepository {
  findByUid(companyId: string, bookingUid: string): Promise<Appointment | null>;
  findById(companyId: string, appointmentId: string): Promise<Appointment | null>;
  findByIdempotencyKey(companyId: string, key: string): Promise<Appointment | null>;
  /** The appointment a reschedule created from this uid. */
  findByRescheduledFrom(companyId: string, bookingUid: string): Promise<Appointment | null>;
  /** ConflictError when the uid or idempotency key already exists for the company. */
  insert(companyId: string, appointment: NewAppointment): Promise<Appointment>;
  update(
    companyId: string,
    appointmentId: string,
    patch: Partial<NewAppointment>,
  ): Promise<Appointment>;
  list(
    companyId: string,
    filter: {
      from?: string;
      to?: string;
      customerId?: string;
      statuses?: AppointmentStatus[];
      limit: number;
    },
  ): Promise<Appointment[]>;
  /**
   * One page of the console's list in (start, id) order, with the linked customer's name and
   * phone and both ends of the reschedule chain, in one query whatever the filter.
   */
  search(companyId: string, filter: AppointmentSearch): Promise<AppointmentListing[]>;
  /** How many appointments, of any status, name this staff member or service. */
  countFor(companyId: string, ref: { staffId: string } | { serviceId: string }): Promise<number>;
  /** Gives the host's appointments that still lack staff to the newly mapped staff member. */
  assignStaffForHost(companyId: string, calcomUserId: number, staffId: string): Promise<number>;
  /**
   * Moves the host's accepted and pending appointments that start after `now` (UTC ISO) to this
   * staff member, or to none (null); returns how many changed staff. Past ones keep theirs.
   */
  reassignUpcomingForHost(
    companyId: string,
    calcomUserId: number,
    staffId: string | null,
    now: string,
  ): Promise<number>;
  /** A person's appointments: linked to the customer, or whose attendee email is one of theirs. */
  listForPerson(companyId: string, person: PersonKeys): Promise<Appointment[]>;
  /**
   * Blanks the personal fields (attendee name and email, notes, the customer link) of these
   * appointments; staff, service, times and status stay for the business's records.
   */
  erasePersonal(companyId: string, appointmentIds: string[], at: string): Promise<number>;
}

export interface AppointmentSearch {
  /** UTC ISO, start at or after / before. */
  from?: string;
  to?: string;
  statuses: AppointmentStatus[];
  /** A staff member's id, or null for appointments without staff. */
  staffId?: string | null;
  serviceId?: string;
  /** Part of the attendee's or the linked customer's name (case-insensitive). */
  name?: string;
  /** The linked customer's phone, E.164. */
  phone?: string;
  order: "asc" | "desc";
  /** Keyset: rows after this (start, id) in `order`. */
  after?: { startAt: string; id: string };
  limit: number;
}

/** The other end of a reschedule, as the list links to it. */
export interface AppointmentLink {
  id: string;
  startAt: string;
  status: AppointmentStatus;
}

export interface AppointmentListing extends Appointment {
  /** Only for our own voice bookings: the verified caller's customer record. */
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  movedFrom: AppointmentLink | null;
  movedTo: AppointmentLink | null;
}

export interface InboxEvent {
  provider: "calcom" | "retell";
  eventType: string;
  dedupeKey: string;
  payload: string;
  receivedAt: string;
  /** Verified with the secret a rotation replaced (within its window). */
  signedWithPrevious?: boolean;
}

export interface InboxRepository {
  /** Records a delivery once; `duplicate` when the same (provider, dedupe key) was seen before. */
  record(companyId: string, event: InboxEvent): Promise<{ id: string; duplicate: boolean }>;
  markProcessed(
    companyId: string,
    id: string,
    outcome: string,
    error: string | null,
    at: string,
  ): Promise<void>;
  find(
    companyId: string,
    provider: string,
    dedupeKey: string,
  ): Promise<{ id: string; outcome: string | null } | null>;
  /**
   * Marks a delivery processed and frees its dedupe key (the row is kept under a key of its
   * own), so that a later copy of the same delivery is processed again: for a refusal that a
   * later team sync may lift.
   */
  markRetriable(
    companyId: string,
    id: string,
    outcome: string,
    error: string | null,
    at: string,
  ): Promise<void>;
  /**
   * Unredacted deliveries whose payload contains any of the needles (case-insensitive, as a
   * substring: callers check the match themselves).
   */
  listContaining(companyId: string, needles: string[]): Promise<StoredInboxEvent[]>;
  /**
   * Newest deliveries first, strictly after the cursor when given, without their payloads (those
   * hold personal data): what the console's delivery list shows.
   */
  listRecent(
    companyId: string,
    page: {
      provider?: InboxEvent["provider"];
      outcome?: string;
      after?: { receivedAt: string; id: string };
      limit: number;
    },
  ): Promise<InboxDelivery[]>;
  /** Replaces these payloads by "" and keeps their sha256; returns how many were redacted. */
  redact(companyId: string, ids: string[], at: string): Promise<number>;
  /** Redacts up to `limit` of the company's deliveries received before `before`. */
  redactReceivedBefore(
    companyId: string,
    before: string,
    at: string,
    limit: number,
  ): Promise<number>;
}

/** A delivery as the console lists it: never the payload. */
export interface InboxDelivery {
  id: string;
  provider: string;
  eventType: string;
  dedupeKey: string;
  receivedAt: string;
  processedAt: string | null;
  outcome: string | null;
  /** The payload was replaced by its digest (retention or erasure). */
  redacted: boolean;
  /** Verified with the secret a rotation replaced: Cal.com still has to be given the new one. */
  signedWithPrevious: boolean;
}

export interface StoredInboxEvent {
  id: string;
  provider: string;
  eventType: string;
  receivedAt: string;
  processedAt: string | null;
  outcome: string | null;
  payload: string;
}

/**
 * A voice booking whose outcome is not known yet: written before Cal.com is called and removed
 * once the appointment is recorded or Cal.com refused. It holds what a look-up by its ref
 * (`metadata.frontdeskRef` = the idempotency key) needs, so it survives a restart.
 */
export interface BookingAttempt {
  companyId: string;
  key: string;
  /** `booking`: Cal.com is being asked; `unknown`: its answer was lost; `abandoned`: given up. */
  state: "booking" | "unknown" | "abandoned";
  callId: string | null;
  serviceId: string | null;
  customerId: string | null;
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  attendeeName: string;
  attendeeEmail: string;
  attendeePhone: string | null;
  notes: string | null;
  startedAt: string;
  /** When the settler looks it up next (for `booking`: when its holder must have finished). */
  nextCheckAt: string;
  checks: number;
  lastError: string | null;
  finishedAt: string | null;
}

export type NewBookingAttempt = Omit<
  BookingAttempt,
  "companyId" | "state" | "checks" | "lastError" | "finishedAt"
>;

export interface BookingAttemptRepository {
  /** Claims the key (state `booking`); false when an attempt with this key exists. */
  insert(companyId: string, attempt: NewBookingAttempt): Promise<boolean>;
  find(companyId: string, key: string): Promise<BookingAttempt | null>;
  /** How many of the service's attempts have no known outcome yet (`booking` or `unknown`). */
  countOpenForService(companyId: string, serviceId: string): Promise<number>;
  /** The call's attempts whose outcome is not known yet (`booking` or `unknown`). */
  listOpenForCall(companyId: string, callId: string): Promise<BookingAttempt[]>;
  /** The answer was lost: the settler looks it up from `nextCheckAt` on. */
  markUnknown(
    companyId: string,
    key: string,
    update: { nextCheckAt: string; error: string | null },
  ): Promise<void>;
  /** The outcome is known (recorded, or refused): the attempt is removed. */
  release(companyId: string, key: string): Promise<void>;
  /**
   * Companies with an open attempt due at `now`: the settler's one read across tenants (like
   * `companies.list`), so that it does not ask every company every few seconds.
   */
  dueCompanies(now: string, limit: number): Promise<string[]>;
  /**
   * Takes up to `limit` open attempts due at `now`: each is moved on to `leaseUntil` and its
   * check counted in one conditional update, so exactly one settler (of any instance) wins each.
   */
  claimDue(
    companyId: string,
    now: string,
    leaseUntil: string,
    limit: number,
  ): Promise<BookingAttempt[]>;
  /** A look-up found nothing (or failed): look again at `nextCheckAt`, or give up. */
  recordCheck(
    companyId: string,
    key: string,
    result: { nextCheckAt: string } | { abandonedAt: string },
    error: string | null,
  ): Promise<void>;
  /** Removes given-up attempts finished before `before` (their personal data with them). */
  purgeAbandoned(before: string): Promise<number>;
  /**
   * The company's attempts that are given up (finished before `before`) or started before
   * `before` (long past any look-up): removed for retention.
   */
  purgeSettledBefore(companyId: string, before: string): Promise<number>;
  /** A person's attempts: by attendee phone or customer id. */
  listForPerson(companyId: string, person: PersonKeys): Promise<BookingAttempt[]>;
  deleteForPerson(companyId: string, person: PersonKeys): Promise<number>;
}
