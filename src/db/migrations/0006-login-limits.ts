import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Console login limits: failed checks per client address beside the per-email count, an index
 * for purging the counts that no longer matter (a flood of random emails cannot grow the table
 * forever), and the audit trail of a platform admin's early unlocks.
 */
export function loginLimitsMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("login_address_attempt")
        .addColumn("address", "text", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("last_failure_at", ts, (c) => c.notNull())
        .addColumn("locked_until", ts)
        .execute();
      for (const table of ["login_attempt", "login_address_attempt"]) {
        await db.schema
          .createIndex(`${table}_last_failure_idx`)
          .on(table)
          .column("last_failure_at")
          .execute();
        await db.schema
          .createIndex(`${table}_locked_until_idx`)
          .on(table)
          .column("locked_until")
          .execute();
      }
      await db.schema
        .createTable("login_unlock_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email_key", "text", (c) => c.notNull())
        // The actor's email is kept as it was: the row outlives a deleted login.
        .addColumn("actor_user_id", "text", (c) => c.notNull())
        .addColumn("actor_email", "text", (c) => c.notNull())
        .addColumn("unlocked_at", ts, (c) => c.notNull())
        .execute();
    },
  };
}
