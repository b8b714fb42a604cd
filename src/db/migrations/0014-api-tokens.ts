import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Bearer tokens of the JSON API and the audit of every write made with one:
 * - `api_token`: a platform token (`company_id` null: every company) or a company token; only
 *   the SHA-256 of the secret is kept (`secret_hash`, unique across companies because a request
 *   presents the secret alone), with a short `prefix` so a list can tell tokens apart;
 * - `api_audit`: method, route pattern and status of each write, by token and company.
 */
export function apiTokensMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("api_token")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) => c.references("company.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("secret_hash", "text", (c) => c.notNull().unique())
        .addColumn("prefix", "text", (c) => c.notNull())
        .addColumn("created_by_type", "text", (c) => c.notNull())
        .addColumn("created_by_id", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("expires_at", ts)
        .addColumn("last_used_at", ts)
        .addColumn("revoked_at", ts)
        .execute();
      await db.schema
        .createIndex("api_token_company_idx")
        .on("api_token")
        .columns(["company_id", "created_at"])
        .execute();

      await db.schema
        .createTable("api_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) => c.references("company.id").onDelete("cascade"))
        .addColumn("token_id", "text", (c) =>
          c.notNull().references("api_token.id").onDelete("cascade"),
        )
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("route", "text", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("api_audit_company_idx")
        .on("api_audit")
        .columns(["company_id", "created_at"])
        .execute();
      await db.schema
        .createIndex("api_audit_token_idx")
        .on("api_audit")
        .columns(["token_id", "created_at"])
        .execute();
    },
  };
}
