import { type Kysely, sql } from "kysely";
import type { HealthCheck, Repositories, Store, Transaction } from "../domain/ports/store.ts";
import type { Database, Engine } from "./connect.ts";
import { createAppointmentRepository } from "./repositories/appointment-repository.ts";
import { createBookingAttemptRepository } from "./repositories/booking-attempt-repository.ts";
import { createCalcomMirrorRepository } from "./repositories/calcom-mirror-repository.ts";
import { createCallRepository } from "./repositories/call-repository.ts";
import { createCompanyLockRepository } from "./repositories/company-lock-repository.ts";
import { createCompanyRepository, type RepositoryDeps } from "./repositories/company-repository.ts";
import { createCustomerRepository } from "./repositories/customer-repository.ts";
import { createHostMappingRepository } from "./repositories/host-mapping-repository.ts";
import { createInboxRepository } from "./repositories/inbox-repository.ts";
import {
  createLoginAttemptRepository,
  createLoginLockoutRepository,
} from "./repositories/login-attempt-repository.ts";
import { createPhoneNumberRepository } from "./repositories/phone-number-repository.ts";
import { createReconcileCursorRepository } from "./repositories/reconcile-cursor-repository.ts";
import { createRetellAgentRepository } from "./repositories/retell-agent-repository.ts";
import { createScheduleClaimRepository } from "./repositories/schedule-claim-repository.ts";
import { createServiceHostsReader } from "./repositories/service-hosts-reader.ts";
import { createServiceRepository } from "./repositories/service-repository.ts";
import { createSessionRepository } from "./repositories/session-repository.ts";
import { createStaffRepository } from "./repositories/staff-repository.ts";
import { createSyncRunRepository } from "./repositories/sync-run-repository.ts";
import { createUserRepository } from "./repositories/user-repository.ts";
import type { DB } from "./tables.ts";

function repositories(db: Kysely<DB>, deps: RepositoryDeps): Repositories {
  return {
    companies: createCompanyRepository(db, deps),
    staff: createStaffRepository(db, deps),
    services: createServiceRepository(db, deps),
    phoneNumbers: createPhoneNumberRepository(db, deps),
    users: createUserRepository(db, deps),
    calcomMirror: createCalcomMirrorRepository(db),
    syncRuns: createSyncRunRepository(db, deps),
    locks: createCompanyLockRepository(db),
    scheduleClaims: createScheduleClaimRepository(db),
    hostMappings: createHostMappingRepository(db, deps),
    serviceHosts: createServiceHostsReader(db),
    appointments: createAppointmentRepository(db, deps),
    customers: createCustomerRepository(db, deps),
    inbox: createInboxRepository(db, deps),
    bookingAttempts: createBookingAttemptRepository(db),
    retellAgents: createRetellAgentRepository(db, deps),
    calls: createCallRepository(db, deps),
    reconcileCursors: createReconcileCursorRepository(db),
    sessions: createSessionRepository(db),
    loginAttempts: createLoginAttemptRepository(db),
    addressAttempts: createLoginAttemptRepository(db, {
      table: "login_address_attempt",
      key: "address",
    }),
    lockouts: createLoginLockoutRepository(db),
  };
}

/**
 * PostgreSQL: transaction-scoped advisory locks, taken in sorted order so two transactions
 * wanting the same pair cannot deadlock. SQLite: a single writer already runs transactions one at
 * a time, so there is nothing to wait for.
 */
function bookingLocks(trx: Kysely<DB>, engine: Engine): Transaction["lockBookings"] {
  return async (companyId, uids) => {
    if (engine !== "postgres") return;
    const keys = uids.flatMap((uid) => (uid === null ? [] : [`${companyId}:booking:${uid}`]));
    for (const key of [...new Set(keys)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    }
  };
}

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
