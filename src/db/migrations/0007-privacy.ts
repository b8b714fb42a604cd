import { type ColumnDataType, type Kysely, sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Privacy: a raw delivery (inbox_event) is kept RETENTION_DAYS, then its payload is replaced by ""
 * and only `payload_sha256` (the digest of what was received), the outcome and the times remain;
 * an erased caller's matching deliveries are redacted the same way at once. `privacy_audit` says
 * who erased which customer id when, and how many rows it touched, never the personal data.
 */
export function privacyMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("inbox_event").addColumn("payload_sha256", "text").execute();
      await db.schema.alterTable("inbox_event").addColumn("redacted_at", ts).execute();
      // The daily purge looks for unredacted deliveries received before the window.
      await db.schema
        .createIndex("inbox_event_company_received_idx")
        .on("inbox_event")
        .columns(["company_id", "received_at"])
        .execute();
      await db.schema
        .createIndex("schedule_claim_company_due_idx")
        .on("schedule_claim")
        .columns(["company_id", "due_at"])
        .execute();
      await db.schema
        .createTable("privacy_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("action", "text", (c) => c.notNull())
        // No foreign key: the customer row is gone after an erasure.
        .addColumn("customer_id", "text")
        .addColumn("actor_type", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("counts_json", "text", (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .addCheckConstraint("privacy_audit_action_check", sql`action in ('customer_erased')`)
        .execute();
      await db.schema
        .createIndex("privacy_audit_company_created_idx")
        .on("privacy_audit")
        .columns(["company_id", "created_at"])
        .execute();
    },
  };
}
