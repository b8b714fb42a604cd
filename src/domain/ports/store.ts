import type { ApiAuditRepository, ApiTokenRepository } from "./api-tokens.ts";
import type {
  AppointmentRepository,
  BookingAttemptRepository,
  InboxRepository,
} from "./appointments.ts";
import type {
  LoginAttemptRepository,
  LoginLockoutRepository,
  SessionRepository,
  UserAuditRepository,
  UserRepository,
  UserTokenRepository,
} from "./auth.ts";
import type { CalcomWebhookRepository } from "./calcom-webhooks.ts";
import type { CallRepository } from "./calls.ts";
import type { CompanyRepository, PhoneNumberRepository, RetellAgentRepository } from "./company.ts";
import type { CompanyHealthReader } from "./health.ts";
import type { HostMappingRepository } from "./mappings.ts";
import type {
  CalcomMirrorRepository,
  CompanyLockRepository,
  ReconcileCursorRepository,
  SyncRunRepository,
} from "./mirror.ts";
import type { CustomerRepository } from "./privacy.ts";
import type { ServiceHostsReader, ServiceRepository } from "./service.ts";
import type { SlotHoldRepository } from "./slot-holds.ts";
import type { StaffRepository } from "./staff.ts";

export interface Repositories {
  companies: CompanyRepository;
  staff: StaffRepository;
  services: ServiceRepository;
  phoneNumbers: PhoneNumberRepository;
  users: UserRepository;
  calcomMirror: CalcomMirrorRepository;
  /** The webhooks installed on the company's Cal.com event types. */
  calcomWebhooks: CalcomWebhookRepository;
  syncRuns: SyncRunRepository;
  locks: CompanyLockRepository;
  hostMappings: HostMappingRepository;
  serviceHosts: ServiceHostsReader;
  /** Across companies, grouped by company: the platform overview only. */
  companyHealth: CompanyHealthReader;
  appointments: AppointmentRepository;
  customers: CustomerRepository;
  inbox: InboxRepository;
  bookingAttempts: BookingAttemptRepository;
  retellAgents: RetellAgentRepository;
  calls: CallRepository;
  slotHolds: SlotHoldRepository;
  reconcileCursors: ReconcileCursorRepository;
  sessions: SessionRepository;
  loginAttempts: LoginAttemptRepository;
  /** The same counting per client address (all emails together). */
  addressAttempts: LoginAttemptRepository;
  lockouts: LoginLockoutRepository;
  userTokens: UserTokenRepository;
  userAudit: UserAuditRepository;
  /** Bearer tokens of the JSON API (not tenant rows alone: platform tokens have no company). */
  apiTokens: ApiTokenRepository;
  /** Every write made through the JSON API. */
  apiAudit: ApiAuditRepository;
}

/**
 * The repositories inside one transaction (all or nothing), and the booking locks, which only a
 * transaction can hold.
 */
export interface Transaction extends Repositories {
  /**
   * Inside a transaction: waits until no other transaction holds any of these Cal.com bookings
   * (by uid; nulls are skipped) and holds them until commit. Everything written about one booking
   * and the booking it was moved from is applied one at a time, in arrival order, while other
   * bookings of the company go on in parallel.
   */
  lockBookings(companyId: string, uids: readonly (string | null)[]): Promise<void>;
}

/** Repositories plus a way to run several calls in one transaction. */
export interface Store extends Repositories {
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}

export interface HealthCheck {
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}
