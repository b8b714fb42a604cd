import type {
  Appointment,
  AppointmentStatus,
  BookingParticipants,
  BookingProblem,
  CalcomEventType,
  CalcomHost,
  Company,
  Customer,
  HostMapping,
  Locale,
  MappingAuditEntry,
  MatchThresholds,
  MirrorChanges,
  PhoneNumber,
  Service,
  Staff,
  SyncRun,
  SyncStatus,
  SyncTrigger,
  TeamSnapshot,
  User,
  UserRole,
} from "./entities.ts";
import type { Secret } from "./secret.ts";
import type { ServiceHostsData } from "./service-hosts.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface NewCompany {
  name: string;
  slug: string;
  timezone: string;
  locale: Locale;
  country: string;
  calcomBaseUrl: string;
  calcomTeamId: number | null;
  calcomApiKey: Secret | null;
  calcomWebhookSecret: Secret | null;
  thresholds: MatchThresholds;
}

export type CompanyPatch = Partial<NewCompany> & {
  notifyEmail?: string | null;
  notifyWebhookUrl?: string | null;
};

export interface CompanyRepository {
  create(input: NewCompany): Promise<Company>;
  update(companyId: string, patch: CompanyPatch): Promise<Company>;
  /** All tenants: for platform admins and the scheduler. */
  list(): Promise<Company[]>;
  findBySlug(slug: string): Promise<Company | null>;
  findById(companyId: string): Promise<Company | null>;
}

export interface StaffUpsert {
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface StaffRepository {
  list(companyId: string): Promise<Staff[]>;
  findById(companyId: string, staffId: string): Promise<Staff | null>;
  insert(companyId: string, rows: StaffUpsert[]): Promise<Staff[]>;
  update(companyId: string, staffId: string, patch: StaffUpsert): Promise<Staff>;
}

export interface NewService {
  name: string;
  durationMinutes: number;
  priceCents: number | null;
  calcomEventTypeId: number | null;
}

export interface ServiceRepository {
  create(companyId: string, input: NewService): Promise<Service>;
  list(companyId: string): Promise<Service[]>;
  findById(companyId: string, serviceId: string): Promise<Service | null>;
  findByName(companyId: string, name: string): Promise<Service | null>;
  update(
    companyId: string,
    serviceId: string,
    patch: NewService & { active: boolean },
  ): Promise<Service>;
  /** Records why Cal.com refused the service's last booking; null clears it. */
  recordBookingProblem(
    companyId: string,
    serviceId: string,
    problem: BookingProblem | null,
  ): Promise<void>;
}

export interface PhoneNumberRepository {
  add(companyId: string, number: string, label: string | null): Promise<PhoneNumber>;
  list(companyId: string): Promise<PhoneNumber[]>;
  /** Routing lookup: which company does this E.164 number belong to? */
  findByNumber(number: string): Promise<PhoneNumber | null>;
  /** Removes the company's own number; false when the company has no such number. */
  remove(companyId: string, number: string): Promise<boolean>;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  role: UserRole;
  companyId: string | null;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  findByEmail(email: string): Promise<User | null>;
}

export interface CalcomMirrorRepository {
  listEventTypes(companyId: string): Promise<CalcomEventType[]>;
  findEventType(companyId: string, eventTypeId: number): Promise<CalcomEventType | null>;
  /**
   * Makes the mirror equal to the snapshot: upserts what Cal.com lists and marks (removed_at)
   * what it no longer lists, rather than deleting it.
   */
  applyTeamSnapshot(companyId: string, snapshot: TeamSnapshot, at: string): Promise<MirrorChanges>;
  /**
   * Live hosts of the company's event types (all, or those of the given event types), with the
   * email, role and acceptance their membership gives. One query.
   */
  listHosts(companyId: string, eventTypeIds?: number[]): Promise<CalcomHost[]>;
  /** A team member or host known to the mirror, live or removed. */
  findHost(companyId: string, calcomUserId: number): Promise<CalcomHost | null>;
}

export type NewHostMapping = Omit<HostMapping, "id" | "companyId" | "createdAt" | "updatedAt">;

export interface HostMappingRepository {
  list(companyId: string): Promise<HostMapping[]>;
  find(companyId: string, calcomUserId: number): Promise<HostMapping | null>;
  /** The active mapping that holds this staff member, if any. */
  findActiveByStaff(companyId: string, staffId: string): Promise<HostMapping | null>;
  insert(companyId: string, mapping: NewHostMapping): Promise<HostMapping>;
  update(companyId: string, calcomUserId: number, mapping: NewHostMapping): Promise<HostMapping>;
  delete(companyId: string, calcomUserId: number): Promise<void>;
  addAudit(
    companyId: string,
    entries: Omit<MappingAuditEntry, "id" | "companyId" | "createdAt">[],
  ): Promise<void>;
  listAudit(
    companyId: string,
    filter: { calcomUserId?: number; staffId?: string; limit: number },
  ): Promise<MappingAuditEntry[]>;
  countAudit(companyId: string): Promise<number>;
}

export interface SyncRunRepository {
  start(
    companyId: string,
    run: { kind: SyncRun["kind"]; trigger: SyncTrigger; scope: string | null; startedAt: string },
  ): Promise<SyncRun>;
  finish(
    companyId: string,
    runId: string,
    result: {
      status: Exclude<SyncStatus, "running">;
      finishedAt: string;
      counts: Record<string, number>;
      calcomRequests: number;
      error: string | null;
    },
  ): Promise<SyncRun>;
  list(companyId: string, limit: number): Promise<SyncRun[]>;
  lastFinished(
    companyId: string,
    kind: SyncRun["kind"],
    status?: SyncStatus,
  ): Promise<SyncRun | null>;
}

/** A per-company lease held in the database, so that it holds across server instances. */
export interface CompanyLockRepository {
  /** True when the lock was taken; false when someone else holds an unexpired lease. */
  tryAcquire(
    companyId: string,
    name: string,
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<boolean>;
  release(companyId: string, name: string, holder: string): Promise<void>;
}

export interface ScheduleClaimRepository {
  /**
   * Claims one scheduled occurrence of a job for a company. True for exactly one caller per
   * (company, job, dueAt), however many server instances try.
   */
  claim(
    companyId: string,
    job: string,
    dueAt: string,
    claimedBy: string,
    now: string,
  ): Promise<boolean>;
  /** Removes the company's claims of occurrences due before `before` (retention). */
  deleteDueBefore(companyId: string, before: string): Promise<number>;
}

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
  /** Gives the host's appointments that still lack staff to the newly mapped staff member. */
  assignStaffForHost(companyId: string, calcomUserId: number, staffId: string): Promise<number>;
  /** A person's appointments: linked to the customer, or whose attendee email is one of theirs. */
  listForPerson(companyId: string, person: PersonKeys): Promise<Appointment[]>;
  /**
   * Blanks the personal fields (attendee name and email, notes, the customer link) of these
   * appointments; staff, service, times and status stay for the business's records.
   */
  erasePersonal(companyId: string, appointmentIds: string[], at: string): Promise<number>;
}

/** What identifies one person within a company: their E.164 phone, customer id, known emails. */
export interface PersonKeys {
  phone: string;
  customerId: string | null;
  /** Lower-case. */
  emails: string[];
}

/** One erasure as the audit keeps it: who, which customer id, when, and how many rows. */
export interface ErasureAuditEntry {
  id: string;
  companyId: string;
  customerId: string | null;
  actorType: string;
  actorId: string | null;
  counts: Record<string, number>;
  createdAt: string;
}

export interface CustomerRepository {
  findByPhone(companyId: string, phone: string): Promise<Customer | null>;
  findById(companyId: string, customerId: string): Promise<Customer | null>;
  listByIds(companyId: string, customerIds: string[]): Promise<Customer[]>;
  /** Creates the customer or fills in a missing name/email; the phone is the key. */
  upsertByPhone(
    companyId: string,
    input: { phone: string; name: string | null; email: string | null },
  ): Promise<Customer>;
  /** Removes the customer row (callers first unlink appointments and calls). */
  delete(companyId: string, customerId: string): Promise<void>;
  /** Writes the audit row of an erasure (no personal data in it). */
  addErasureAudit(companyId: string, entry: Omit<ErasureAuditEntry, "companyId">): Promise<void>;
  listErasureAudit(companyId: string, limit: number): Promise<ErasureAuditEntry[]>;
}

export interface InboxEvent {
  provider: "calcom" | "retell";
  eventType: string;
  dedupeKey: string;
  payload: string;
  receivedAt: string;
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

export interface StoredInboxEvent {
  id: string;
  provider: string;
  eventType: string;
  receivedAt: string;
  processedAt: string | null;
  outcome: string | null;
  payload: string;
}

/** Where the last reconciliation of a company's Cal.com bookings got to. */
export interface ReconcileCursorRepository {
  /** The highest Cal.com `updatedAt` applied so far (UTC ISO), null before the first run. */
  get(companyId: string): Promise<string | null>;
  set(companyId: string, updatedAt: string, savedAt: string): Promise<void>;
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

export interface RetellAgentRepository {
  /** Routing lookup: which company does this Retell agent answer for? */
  findByAgentId(agentId: string): Promise<{ companyId: string } | null>;
  add(companyId: string, agentId: string): Promise<void>;
}

export interface CallRecord {
  retellCallId: string;
  agentId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  direction: string | null;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  summary: string | null;
  outcome: string | null;
}

export interface CallRepository {
  /** Creates the call or fills in what this event adds; never erases known values. */
  upsert(companyId: string, call: CallRecord): Promise<void>;
  find(companyId: string, retellCallId: string): Promise<CallRecord | null>;
  /** Calls from or to the person's number (or linked to their customer id). */
  listForPerson(companyId: string, person: PersonKeys): Promise<StoredCall[]>;
  /** Blanks those calls' numbers that are the person's, their summaries and outcomes. */
  eraseForPerson(companyId: string, person: PersonKeys, at: string): Promise<number>;
}

export interface StoredCall extends CallRecord {
  customerId: string | null;
  createdAt: string;
}

export interface Repositories {
  companies: CompanyRepository;
  staff: StaffRepository;
  services: ServiceRepository;
  phoneNumbers: PhoneNumberRepository;
  users: UserRepository;
  calcomMirror: CalcomMirrorRepository;
  syncRuns: SyncRunRepository;
  locks: CompanyLockRepository;
  scheduleClaims: ScheduleClaimRepository;
  hostMappings: HostMappingRepository;
  serviceHosts: ServiceHostsReader;
  appointments: AppointmentRepository;
  customers: CustomerRepository;
  inbox: InboxRepository;
  txLocks: TransactionLocks;
  bookingAttempts: BookingAttemptRepository;
  retellAgents: RetellAgentRepository;
  calls: CallRepository;
  reconcileCursors: ReconcileCursorRepository;
}

/** Repositories plus a way to run several calls in one transaction (all or nothing). */
export interface TransactionLocks {
  /**
   * Inside a transaction: waits until no other transaction holds any of these Cal.com bookings
   * (by uid; nulls are skipped) and holds them until commit. Everything written about one booking
   * and the booking it was moved from is applied one at a time, in arrival order, while other
   * bookings of the company go on in parallel.
   */
  lockBookings(companyId: string, uids: readonly (string | null)[]): Promise<void>;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

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
  /** Free slot starts (UTC ISO) in [startUtc, endUtc). */
  slots(
    company: Company,
    q: { eventTypeId: number; startUtc: string; endUtc: string },
    meter?: UpstreamMeter,
  ): Promise<string[]>;
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
  rescheduleBooking(
    company: Company,
    uid: string,
    start: string,
    meter?: UpstreamMeter,
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
  /** Drops what a booking change at the instants `near` can affect (all ranges without them). */
  invalidate(companyId: string, eventTypeId: number, near?: readonly string[]): void;
}

/** The read model behind the service page. */
export interface ServiceHostsReader {
  load(companyId: string, serviceId: string): Promise<ServiceHostsData | null>;
}

export interface HealthCheck {
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}
