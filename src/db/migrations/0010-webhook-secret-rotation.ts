import { type ColumnDataType, type Kysely, sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Webhook secret rotation: the secret a rotation replaced is kept (encrypted like the current
 * one) until its window ends, a delivery says when it was signed with it, and `company_audit`
 * says who changed a company's settings when (never the values).
 */
export function webhookSecretRotationMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  const bool: ColumnDataType = engine === "postgres" ? "boolean" : "integer";
  const falsity = engine === "postgres" ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable("company")
        .addColumn("calcom_previous_webhook_secret_enc", "text")
        .execute();
      await db.schema
        .alterTable("company")
        .addColumn("calcom_previous_webhook_secret_until", ts)
        .execute();
      await db.schema
        .alterTable("inbox_event")
        .addColumn("signed_with_previous", bool, (c) => c.notNull().defaultTo(falsity))
        .execute();
      await db.schema
        .createTable("company_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("fields", "text")
        .addColumn("actor_type", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("company_audit_company_created_idx")
        .on("company_audit")
        .columns(["company_id", "created_at"])
        .execute();
    },
  };
}
