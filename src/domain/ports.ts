import type {
  Appointment,
  AppointmentStatus,
  BookingParticipants,
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
}

export interface PhoneNumberRepository {
  add(companyId: string, number: string, label: string | null): Promise<PhoneNumber>;
  list(companyId: string): Promise<PhoneNumber[]>;
  /** Routing lookup: which company does this E.164 number belong to? */
  findByNumber(number: string): Promise<PhoneNumber | null>;
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
}

export interface BookingAttemptRepository {
  /**
   * `claimed`: go ahead and book. `busy`: an identical request is booking right now.
   * `reconcile`: an earlier attempt ended with an unknown outcome (e.g. a timeout); it is now
   * claimed, and Cal.com must be asked for that booking before booking again.
   */
  claim(
    companyId: string,
    key: string,
    now: string,
    staleBefore: string,
  ): Promise<"claimed" | "busy" | "reconcile">;
  markUnknown(companyId: string, key: string): Promise<void>;
  release(companyId: string, key: string): Promise<void>;
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
 * Bookings and slots in the company's Cal.com, for a caller who is waiting: short timeouts and
 * at most one retry. Failures are UpstreamErrors. A `meter`, when given, adds up the wait.
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
  /** A booking made earlier for this ref (e.g. before a timeout), if Cal.com has one. */
  findBookingByRef(
    company: Company,
    q: { eventTypeId: number; attendeeEmail: string; start: string; ref: string },
    meter?: UpstreamMeter,
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

/** Free slots per (company, event type, range), kept ≤ 30 s; dropped on every booking change. */
export interface SlotCache {
  get(companyId: string, eventTypeId: number, range: string): string[] | undefined;
  set(companyId: string, eventTypeId: number, range: string, slots: string[]): void;
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
