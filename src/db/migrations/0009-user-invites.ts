import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Users a platform admin manages: one-time invite and reset links (only the token's SHA-256 is
 * kept, so a leaked table opens nothing), a disabled mark on a login, and the audit trail of
 * these changes (the login audit, `login_unlock_audit`, is about unlocks only).
 */
export function userInvitesMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("app_user").addColumn("disabled_at", ts).execute();
      await db.schema
        .createTable("user_token")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        // Nullable as in app_user: a platform admin has no company.
        .addColumn("company_id", "text", (c) => c.references("company.id").onDelete("cascade"))
        // The user a reset is for; null for an invite (the user does not exist yet).
        .addColumn("user_id", "text", (c) => c.references("app_user.id").onDelete("cascade"))
        .addColumn("expires_at", ts, (c) => c.notNull())
        .addColumn("used_at", ts)
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("user_token_expires_idx")
        .on("user_token")
        .column("expires_at")
        .execute();
      await db.schema
        .createTable("user_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        // Kept as they were: the row outlives a deleted login.
        .addColumn("actor_user_id", "text", (c) => c.notNull())
        .addColumn("actor_email", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target_email", "text", (c) => c.notNull())
        .addColumn("at", ts, (c) => c.notNull())
        .execute();
    },
  };
}
