import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Database } from "./connect.ts";
import { initialMigration } from "./migrations/0001-initial.ts";
import { consoleMigration } from "./migrations/0002-console.ts";
import { bookingTruthMigration } from "./migrations/0003-booking-truth.ts";
import { reconcileCursorMigration } from "./migrations/0004-reconcile-cursor.ts";
import { bookingAttemptsMigration } from "./migrations/0005-booking-attempts.ts";
import { loginLimitsMigration } from "./migrations/0006-login-limits.ts";
import { privacyMigration } from "./migrations/0007-privacy.ts";
import { addressUnlocksMigration } from "./migrations/0008-address-unlocks.ts";
import { userInvitesMigration } from "./migrations/0009-user-invites.ts";
import { webhookSecretRotationMigration } from "./migrations/0010-webhook-secret-rotation.ts";
import { callActionsMigration } from "./migrations/0011-call-actions.ts";
import { lastLoginMigration } from "./migrations/0012-last-login.ts";
import { chosenHostsHoldsMigration } from "./migrations/0013-chosen-hosts-holds.ts";
import { apiTokensMigration } from "./migrations/0014-api-tokens.ts";
import { jobsMigration } from "./migrations/0015-jobs.ts";

function provider(database: Database): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        "0001-initial": initialMigration(database.engine),
        "0002-console": consoleMigration(database.engine),
        "0003-booking-truth": bookingTruthMigration(database.engine),
        "0004-reconcile-cursor": reconcileCursorMigration(database.engine),
        "0005-booking-attempts": bookingAttemptsMigration(database.engine),
        "0006-login-limits": loginLimitsMigration(database.engine),
        "0007-privacy": privacyMigration(database.engine),
        "0008-address-unlocks": addressUnlocksMigration(database.engine),
        "0009-user-invites": userInvitesMigration(database.engine),
        "0010-webhook-secret-rotation": webhookSecretRotationMigration(database.engine),
        "0011-call-actions": callActionsMigration(database.engine),
        "0012-last-login": lastLoginMigration(database.engine),
        "0013-chosen-hosts-holds": chosenHostsHoldsMigration(database.engine),
        "0014-api-tokens": apiTokensMigration(database.engine),
        "0015-jobs": jobsMigration(),
      };
    },
  };
}

export interface MigrationReport {
  applied: string[];
}

/** Names of migrations not yet applied to this database. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: provider(database) });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/** Brings the schema up to date; a second run applies nothing. */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const migrator = new Migrator({ db: database.db, provider: provider(database) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return {
    applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName),
  };
}
