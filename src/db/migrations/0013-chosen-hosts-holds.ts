import type { ColumnDataType, Kysely } from "kysely";
import { sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * What the stylist a caller asks for needs, and what an agent set up in one command keeps:
 * - `company.transfer_number`: where the agent hands a call to a person (E.164);
 * - `company.calcom_chosen_hosts`: whether this company's Cal.com takes `rrHostSubsetIds`
 *   (`supported` / `unsupported`, null while unknown), remembered from its first answer;
 * - `company.retell_llm_id` / `retell_agent_id`: what `retell-agent provision` created;
 * - `calcom_event_type.chosen_hosts`: the event type restricts to chosen hosts (rrHostSubsetEnabled);
 * - `slot_hold`: the one Cal.com slot reservation a call holds, until booked, ended or expired;
 * - `calcom_webhook`: the webhook installed on an event type (id, URL, and a fingerprint of the
 *   secret it was installed with, so a rotation is installed again);
 * - `call.refused_name` / `call.unknown_services`: what a call already heard (a placeholder name
 *   the caller insists on is accepted; a second unknown service suggests the transfer).
 */
export function chosenHostsHoldsMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  const bool: ColumnDataType = engine === "postgres" ? "boolean" : "integer";
  const no = engine === "postgres" ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One column per statement: SQLite adds only one at a time.
      await db.schema.alterTable("company").addColumn("transfer_number", "text").execute();
      await db.schema.alterTable("company").addColumn("calcom_chosen_hosts", "text").execute();
      await db.schema.alterTable("company").addColumn("retell_llm_id", "text").execute();
      await db.schema.alterTable("company").addColumn("retell_agent_id", "text").execute();
      await db.schema
        .alterTable("calcom_event_type")
        .addColumn("chosen_hosts", bool, (c) => c.notNull().defaultTo(no))
        .execute();
      await db.schema.alterTable("call").addColumn("refused_name", "text").execute();
      await db.schema
        .alterTable("call")
        .addColumn("unknown_services", "integer", (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable("slot_hold")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("retell_call_id", "text", (c) => c.notNull())
        .addColumn("reservation_uid", "text", (c) => c.notNull())
        .addColumn("event_type_id", "integer", (c) => c.notNull())
        .addColumn("start_at", ts, (c) => c.notNull())
        .addColumn("expires_at", ts, (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("slot_hold_pk", ["company_id", "retell_call_id"])
        .execute();
      await db.schema
        .createIndex("slot_hold_expires_idx")
        .on("slot_hold")
        .columns(["expires_at"])
        .execute();

      await db.schema
        .createTable("calcom_webhook")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("event_type_id", "integer", (c) => c.notNull())
        .addColumn("webhook_id", "text", (c) => c.notNull())
        .addColumn("subscriber_url", "text", (c) => c.notNull())
        .addColumn("secret_fingerprint", "text", (c) => c.notNull())
        .addColumn("installed_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("calcom_webhook_pk", ["company_id", "event_type_id"])
        .execute();
    },
  };
}
