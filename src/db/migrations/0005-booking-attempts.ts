import { type ColumnDataType, type Kysely, sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * A voice booking whose outcome is not known yet keeps what a look-up needs: the event type and
 * start to list Cal.com's bookings by, the ref to match (the key), and what the appointment is
 * written with once the booking is found (call, service, customer, attendee, notes). It is
 * written before Cal.com is called, so a server killed right after Cal.com answered leaves a
 * row that any instance's settler finds and looks up; `next_check_at` and `checks` are its
 * schedule. The old table held only the key and a state, nothing to look a booking up with, so
 * it is replaced rather than altered (SQLite cannot change a check constraint in place); its rows
 * are attempts of the moment of the upgrade and could not be looked up anyway.
 */
export function bookingAttemptsMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("booking_attempt").execute();
      await db.schema
        .createTable("booking_attempt")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("idempotency_key", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("call_id", "text")
        .addColumn("service_id", "text")
        .addColumn("customer_id", "text")
        .addColumn("event_type_id", "integer", (c) => c.notNull())
        .addColumn("start_at", ts, (c) => c.notNull())
        .addColumn("attendee_name", "text", (c) => c.notNull())
        .addColumn("attendee_email", "text", (c) => c.notNull())
        .addColumn("attendee_phone", "text")
        .addColumn("notes", "text")
        .addColumn("started_at", ts, (c) => c.notNull())
        .addColumn("next_check_at", ts, (c) => c.notNull())
        .addColumn("checks", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_error", "text")
        .addColumn("finished_at", ts)
        .addPrimaryKeyConstraint("booking_attempt_pkey", ["company_id", "idempotency_key"])
        .addForeignKeyConstraint(
          "booking_attempt_service_fkey",
          ["company_id", "service_id"],
          "service",
          ["company_id", "id"],
          (fk) => fk.onDelete("cascade"),
        )
        // An erased customer takes their open attempts (name, email, phone) with them.
        .addForeignKeyConstraint(
          "booking_attempt_customer_fkey",
          ["company_id", "customer_id"],
          "customer",
          ["company_id", "id"],
          (fk) => fk.onDelete("cascade"),
        )
        .addCheckConstraint(
          "booking_attempt_state_check",
          sql`state in ('booking', 'unknown', 'abandoned')`,
        )
        .execute();
      // A new booking in a call first waits for that call's unsettled ones.
      await db.schema
        .createIndex("booking_attempt_company_call_idx")
        .on("booking_attempt")
        .columns(["company_id", "call_id"])
        .execute();
    },
  };
}
