import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * The admin console's logins: sessions (only a hash of the cookie's token is stored, so a
 * database dump opens no session) and failed-login counts per email address for the lockout.
 * Neither is a tenant row: logins are global, like app_user.
 */
export function consoleMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("session")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) =>
          c.notNull().references("app_user.id").onDelete("cascade"),
        )
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("expires_at", ts, (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("session_expires_idx")
        .on("session")
        .column("expires_at")
        .execute();
      await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

      // Keyed by the typed address, known or not: the lockout says nothing about who has an account.
      await db.schema
        .createTable("login_attempt")
        .addColumn("email_key", "text", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("last_failure_at", ts, (c) => c.notNull())
        .addColumn("locked_until", ts)
        .execute();
    },
  };
}
