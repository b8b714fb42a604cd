import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * When each login last signed in (the users page shows it, so a stale account stands out), and
 * how a sync run's Cal.com call failed (the console words it; `error` keeps Cal.com's words).
 */
export function lastLoginMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("app_user").addColumn("last_login_at", ts).execute();
      await db.schema.alterTable("sync_run").addColumn("error_kind", "text").execute();
    },
  };
}
