import { type Kysely, sql } from "kysely";
import { bookingLocks } from "../db/booking-locks.ts";
import type { Database } from "../db/connect.ts";
import {
  createApiAuditRepository,
  createApiTokenRepository,
} from "../db/repositories/api-token-repository.ts";
import { createAppointmentRepository } from "../db/repositories/appointment-repository.ts";
import { createBookingAttemptRepository } from "../db/repositories/booking-attempt-repository.ts";
import { createCalcomMirrorRepository } from "../db/repositories/calcom-mirror-repository.ts";
import { createCalcomWebhookRepository } from "../db/repositories/calcom-webhook-repository.ts";
import { createCallRepository } from "../db/repositories/call-repository.ts";
import { createCompanyHealthReader } from "../db/repositories/company-health-reader.ts";
import { createCompanyLockRepository } from "../db/repositories/company-lock-repository.ts";
import {
  createCompanyRepository,
  type RepositoryDeps,
} from "../db/repositories/company-repository.ts";
import { createCustomerRepository } from "../db/repositories/customer-repository.ts";
import { createHostMappingRepository } from "../db/repositories/host-mapping-repository.ts";
import { createInboxRepository } from "../db/repositories/inbox-repository.ts";
import {
  createLoginAttemptRepository,
  createLoginLockoutRepository,
} from "../db/repositories/login-attempt-repository.ts";
import { createPhoneNumberRepository } from "../db/repositories/phone-number-repository.ts";
import { createReconcileCursorRepository } from "../db/repositories/reconcile-cursor-repository.ts";
import { createRetellAgentRepository } from "../db/repositories/retell-agent-repository.ts";
import { createServiceHostsReader } from "../db/repositories/service-hosts-reader.ts";
import { createServiceRepository } from "../db/repositories/service-repository.ts";
import { createSessionRepository } from "../db/repositories/session-repository.ts";
import { createSlotHoldRepository } from "../db/repositories/slot-hold-repository.ts";
import { createStaffRepository } from "../db/repositories/staff-repository.ts";
import { createSyncRunRepository } from "../db/repositories/sync-run-repository.ts";
import { createUserRepository } from "../db/repositories/user-repository.ts";
import {
  createUserAuditRepository,
  createUserTokenRepository,
} from "../db/repositories/user-token-repository.ts";
import type { DB } from "../db/tables.ts";
import type { HealthCheck, Repositories, Store } from "../domain/ports/store.ts";

function repositories(db: Kysely<DB>, deps: RepositoryDeps): Repositories {
  return {
    companies: createCompanyRepository(db, deps),
    staff: createStaffRepository(db, deps),
    services: createServiceRepository(db, deps),
    phoneNumbers: createPhoneNumberRepository(db, deps),
    users: createUserRepository(db, deps),
    calcomMirror: createCalcomMirrorRepository(db),
    calcomWebhooks: createCalcomWebhookRepository(db),
    syncRuns: createSyncRunRepository(db, deps),
    locks: createCompanyLockRepository(db),
    hostMappings: createHostMappingRepository(db, deps),
    serviceHosts: createServiceHostsReader(db),
    companyHealth: createCompanyHealthReader(db),
    appointments: createAppointmentRepository(db, deps),
    customers: createCustomerRepository(db, deps),
    inbox: createInboxRepository(db, deps),
    bookingAttempts: createBookingAttemptRepository(db),
    retellAgents: createRetellAgentRepository(db, deps),
    calls: createCallRepository(db, deps),
    slotHolds: createSlotHoldRepository(db),
    reconcileCursors: createReconcileCursorRepository(db),
    sessions: createSessionRepository(db),
    loginAttempts: createLoginAttemptRepository(db),
    addressAttempts: createLoginAttemptRepository(db, {
      table: "login_address_attempt",
      key: "address",
    }),
    lockouts: createLoginLockoutRepository(db),
    userTokens: createUserTokenRepository(db),
    userAudit: createUserAuditRepository(db),
    apiTokens: createApiTokenRepository(db),
    apiAudit: createApiAuditRepository(db, deps),
  };
}

/** Every repository over one database, and transactions over the same set (db/repositories/*). */
export function createStore(
  database: Pick<Database, "db" | "engine">,
  deps: RepositoryDeps,
): Store & HealthCheck {
  const { db, engine } = database;
  return {
    ...repositories(db, deps),
    transaction: (work) =>
      db
        .transaction()
        .execute((trx) =>
          work({ ...repositories(trx, deps), lockBookings: bookingLocks(trx, engine) }),
        ),
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}
