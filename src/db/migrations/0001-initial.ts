import { type ColumnDataType, type Kysely, sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * The whole data model. Every tenant table carries company_id, every tenant unique
 * key starts with it, and references between tenant rows are composite (company_id, id) foreign
 * keys, so the database itself refuses a row that points into another company.
 * Two keys are global on purpose: a phone number and a Retell agent id route an incoming call to
 * its company, so each may belong to one company only.
 */
export function initialMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  const bool: ColumnDataType = engine === "postgres" ? "boolean" : "integer";
  const truth = engine === "postgres" ? sql`true` : sql`1`;
  const falsity = engine === "postgres" ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("company")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("slug", "text", (c) => c.notNull().unique())
        .addColumn("timezone", "text", (c) => c.notNull().defaultTo("Europe/Berlin"))
        .addColumn("locale", "text", (c) => c.notNull().defaultTo("de"))
        .addColumn("country", "text", (c) => c.notNull().defaultTo("DE"))
        .addColumn("calcom_base_url", "text", (c) => c.notNull().defaultTo("https://api.cal.com"))
        .addColumn("calcom_team_id", "integer")
        .addColumn("calcom_api_key_enc", "text")
        .addColumn("calcom_webhook_secret_enc", "text")
        .addColumn("auto_threshold", "integer", (c) => c.notNull().defaultTo(90))
        .addColumn("suggest_threshold", "integer", (c) => c.notNull().defaultTo(60))
        .addColumn("notify_email", "text")
        .addColumn("notify_webhook_url", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addCheckConstraint("company_locale_check", sql`locale in ('de', 'en')`)
        .addCheckConstraint(
          "company_thresholds_check",
          sql`suggest_threshold between 0 and 100 and auto_threshold between suggest_threshold and 100`,
        )
        .execute();

      await db.schema
        .createTable("phone_number")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("label", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addUniqueConstraint("phone_number_number_key", ["number"])
        .execute();
      await db.schema
        .createIndex("phone_number_company_idx")
        .on("phone_number")
        .column("company_id")
        .execute();

      await db.schema
        .createTable("retell_agent")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("agent_id", "text", (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .addUniqueConstraint("retell_agent_agent_id_key", ["agent_id"])
        .execute();

      await db.schema
        .createTable("staff")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("phone", "text")
        .addColumn("active", bool, (c) => c.notNull().defaultTo(truth))
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("staff_company_id_key", ["company_id", "id"])
        .addUniqueConstraint("staff_company_email_key", ["company_id", "email"])
        .execute();

      await db.schema
        .createTable("calcom_event_type")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("event_type_id", "integer", (c) => c.notNull())
        .addColumn("team_id", "integer")
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("slug", "text", (c) => c.notNull())
        .addColumn("length_in_minutes", "integer", (c) => c.notNull())
        .addColumn("scheduling_type", "text")
        .addColumn("hidden", bool, (c) => c.notNull().defaultTo(falsity))
        .addColumn("removed_at", ts)
        .addColumn("synced_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("calcom_event_type_pkey", ["company_id", "event_type_id"])
        .execute();

      await db.schema
        .createTable("service")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("duration_minutes", "integer", (c) => c.notNull())
        .addColumn("price_cents", "integer")
        .addColumn("active", bool, (c) => c.notNull().defaultTo(truth))
        .addColumn("calcom_event_type_id", "integer")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("service_company_id_key", ["company_id", "id"])
        .addUniqueConstraint("service_company_name_key", ["company_id", "name"])
        .addCheckConstraint("service_duration_check", sql`duration_minutes > 0`)
        .execute();
      await db.schema
        .createIndex("service_event_type_idx")
        .on("service")
        .columns(["company_id", "calcom_event_type_id"])
        .execute();

      await db.schema
        .createTable("calcom_member")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("calcom_user_id", "integer", (c) => c.notNull())
        .addColumn("membership_id", "integer")
        .addColumn("email", "text")
        .addColumn("name", "text")
        .addColumn("username", "text")
        .addColumn("avatar_url", "text")
        .addColumn("role", "text", (c) => c.notNull().defaultTo("MEMBER"))
        .addColumn("accepted", bool, (c) => c.notNull().defaultTo(truth))
        .addColumn("removed_at", ts)
        .addColumn("synced_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("calcom_member_pkey", ["company_id", "calcom_user_id"])
        .execute();

      await db.schema
        .createTable("calcom_event_type_host")
        .addColumn("company_id", "text", (c) => c.notNull())
        .addColumn("event_type_id", "integer", (c) => c.notNull())
        .addColumn("calcom_user_id", "integer", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("username", "text")
        .addColumn("avatar_url", "text")
        .addColumn("mandatory", bool, (c) => c.notNull().defaultTo(falsity))
        .addColumn("priority", "text")
        .addColumn("removed_at", ts)
        .addColumn("synced_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("calcom_event_type_host_pkey", [
          "company_id",
          "event_type_id",
          "calcom_user_id",
        ])
        .addForeignKeyConstraint(
          "calcom_event_type_host_event_type_fkey",
          ["company_id", "event_type_id"],
          "calcom_event_type",
          ["company_id", "event_type_id"],
          (c) => c.onDelete("cascade"),
        )
        .execute();
      // "Which event types does this host serve?" (services a host can do).
      await db.schema
        .createIndex("calcom_event_type_host_user_idx")
        .on("calcom_event_type_host")
        .columns(["company_id", "calcom_user_id"])
        .execute();

      await db.schema
        .createTable("host_mapping")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("calcom_user_id", "integer", (c) => c.notNull())
        .addColumn("staff_id", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("confidence", "integer", (c) => c.notNull())
        .addColumn("reason_code", "text", (c) => c.notNull())
        .addColumn("reason_text", "text", (c) => c.notNull())
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("host_mapping_company_user_key", ["company_id", "calcom_user_id"])
        .addForeignKeyConstraint(
          "host_mapping_staff_fkey",
          ["company_id", "staff_id"],
          "staff",
          ["company_id", "id"],
          (c) => c.onDelete("cascade"),
        )
        .addCheckConstraint(
          "host_mapping_status_check",
          sql`status in ('active', 'suggested', 'rejected')`,
        )
        .addCheckConstraint(
          "host_mapping_source_check",
          sql`source in ('auto_email', 'auto_name', 'manual')`,
        )
        .addCheckConstraint("host_mapping_confidence_check", sql`confidence between 0 and 100`)
        .execute();
      // At most one active mapping per staff member.
      await db.schema
        .createIndex("host_mapping_active_staff_key")
        .unique()
        .on("host_mapping")
        .columns(["company_id", "staff_id"])
        .where(sql.ref("status"), "=", "active")
        .execute();

      await db.schema
        .createTable("mapping_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("calcom_user_id", "integer", (c) => c.notNull())
        .addColumn("staff_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("before_json", "text")
        .addColumn("after_json", "text")
        .addColumn("actor_type", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("reason", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("mapping_audit_company_time_idx")
        .on("mapping_audit")
        .columns(["company_id", "created_at"])
        .execute();
      await db.schema
        .createIndex("mapping_audit_company_user_idx")
        .on("mapping_audit")
        .columns(["company_id", "calcom_user_id"])
        .execute();

      await db.schema
        .createTable("customer")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("name", "text")
        .addColumn("phone", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("customer_company_id_key", ["company_id", "id"])
        .addUniqueConstraint("customer_company_phone_key", ["company_id", "phone"])
        .execute();

      await db.schema
        .createTable("appointment")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("service_id", "text")
        .addColumn("staff_id", "text")
        .addColumn("customer_id", "text")
        .addColumn("calcom_user_id", "integer")
        .addColumn("calcom_booking_uid", "text", (c) => c.notNull())
        .addColumn("calcom_booking_id", "integer")
        .addColumn("calcom_event_type_id", "integer")
        .addColumn("start_at", ts, (c) => c.notNull())
        .addColumn("end_at", ts, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("retell_call_id", "text")
        .addColumn("idempotency_key", "text")
        .addColumn("rescheduled_from_uid", "text")
        .addColumn("rescheduled_to_uid", "text")
        .addColumn("notes", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("appointment_company_uid_key", ["company_id", "calcom_booking_uid"])
        .addUniqueConstraint("appointment_company_idempotency_key", [
          "company_id",
          "idempotency_key",
        ])
        .addForeignKeyConstraint(
          "appointment_service_fkey",
          ["company_id", "service_id"],
          "service",
          ["company_id", "id"],
        )
        .addForeignKeyConstraint("appointment_staff_fkey", ["company_id", "staff_id"], "staff", [
          "company_id",
          "id",
        ])
        .addForeignKeyConstraint(
          "appointment_customer_fkey",
          ["company_id", "customer_id"],
          "customer",
          ["company_id", "id"],
        )
        .addCheckConstraint(
          "appointment_status_check",
          sql`status in ('accepted', 'pending', 'cancelled', 'rejected', 'rescheduled')`,
        )
        .addCheckConstraint("appointment_source_check", sql`source in ('voice', 'calcom', 'admin')`)
        .execute();
      await db.schema
        .createIndex("appointment_company_start_idx")
        .on("appointment")
        .columns(["company_id", "start_at"])
        .execute();
      // Webhooks about a reschedule can arrive before the booking they move.
      await db.schema
        .createIndex("appointment_company_rescheduled_from_idx")
        .on("appointment")
        .columns(["company_id", "rescheduled_from_uid"])
        .execute();
      await db.schema
        .createIndex("appointment_company_customer_idx")
        .on("appointment")
        .columns(["company_id", "customer_id"])
        .execute();

      // A voice booking in flight: claimed before Cal.com is called, so identical requests (Retell
      // retries, parallel calls, other instances) wait for the first instead of booking twice.
      await db.schema
        .createTable("booking_attempt")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("idempotency_key", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("started_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("booking_attempt_pkey", ["company_id", "idempotency_key"])
        .addCheckConstraint("booking_attempt_state_check", sql`state in ('pending', 'unknown')`)
        .execute();

      await db.schema
        .createTable("call")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("retell_call_id", "text", (c) => c.notNull())
        .addColumn("agent_id", "text")
        .addColumn("from_number", "text")
        .addColumn("to_number", "text")
        .addColumn("direction", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("customer_id", "text")
        .addColumn("started_at", ts)
        .addColumn("ended_at", ts)
        .addColumn("duration_ms", "integer")
        .addColumn("summary", "text")
        .addColumn("outcome", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addUniqueConstraint("call_company_retell_call_key", ["company_id", "retell_call_id"])
        .addForeignKeyConstraint("call_customer_fkey", ["company_id", "customer_id"], "customer", [
          "company_id",
          "id",
        ])
        .execute();

      await db.schema
        .createTable("inbox_event")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("provider", "text", (c) => c.notNull())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("dedupe_key", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("received_at", ts, (c) => c.notNull())
        .addColumn("processed_at", ts)
        .addColumn("outcome", "text")
        .addColumn("error", "text")
        .addUniqueConstraint("inbox_event_dedupe_key", ["company_id", "provider", "dedupe_key"])
        .execute();

      await db.schema
        .createTable("sync_run")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("trigger", "text", (c) => c.notNull())
        .addColumn("scope", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("started_at", ts, (c) => c.notNull())
        .addColumn("finished_at", ts)
        .addColumn("counts_json", "text")
        .addColumn("calcom_requests", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("error", "text")
        .addCheckConstraint(
          "sync_run_status_check",
          sql`status in ('running', 'succeeded', 'failed', 'partial')`,
        )
        .addCheckConstraint(
          "sync_run_trigger_check",
          sql`trigger in ('schedule', 'cli', 'admin', 'webhook')`,
        )
        .execute();
      await db.schema
        .createIndex("sync_run_company_started_idx")
        .on("sync_run")
        .columns(["company_id", "started_at"])
        .execute();

      // Leases such as "one team sync per company at a time", shared by every server instance.
      await db.schema
        .createTable("company_lock")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("acquired_at", ts, (c) => c.notNull())
        .addColumn("expires_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("company_lock_pkey", ["company_id", "name"])
        .execute();

      // One row per scheduled occurrence (e.g. the 03:00 sync of a company on a given day): the
      // instance that inserts it runs the job, every other instance sees the conflict and skips.
      await db.schema
        .createTable("schedule_claim")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("job", "text", (c) => c.notNull())
        .addColumn("due_at", ts, (c) => c.notNull())
        .addColumn("claimed_by", "text", (c) => c.notNull())
        .addColumn("claimed_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("schedule_claim_pkey", ["company_id", "job", "due_at"])
        .execute();

      // Logins are not tenant rows: a platform admin has no company.
      await db.schema
        .createTable("app_user")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("company_id", "text", (c) => c.references("company.id").onDelete("cascade"))
        .addColumn("locale", "text")
        .addColumn("created_at", ts, (c) => c.notNull())
        .addColumn("updated_at", ts, (c) => c.notNull())
        .addCheckConstraint(
          "app_user_role_check",
          sql`(role = 'platform_admin' and company_id is null) or (role = 'company_admin' and company_id is not null)`,
        )
        .execute();
    },
  };
}
