import { type ColumnDataType, type Kysely, sql } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * What the real Cal.com makes us keep: whether an event type can be booked by phone (and why
 * not), the last refusal Cal.com gave a service's bookings, and the attendee of each booking
 * (an appointment shows its own booking's customer, not whoever last used the phone number).
 */
export function bookingTruthMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  const bool: ColumnDataType = engine === "postgres" ? "boolean" : "integer";
  const falsity = engine === "postgres" ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable("calcom_event_type")
        .addColumn("requires_confirmation", bool, (c) => c.notNull().defaultTo(falsity))
        .execute();
      // JSON arrays of bookability codes: problems make it unbookable by phone, notices do not.
      await db.schema
        .alterTable("calcom_event_type")
        .addColumn("problems_json", "text", (c) => c.notNull().defaultTo("[]"))
        .execute();
      await db.schema
        .alterTable("calcom_event_type")
        .addColumn("notices_json", "text", (c) => c.notNull().defaultTo("[]"))
        .execute();

      await db.schema.alterTable("service").addColumn("booking_problem_code", "text").execute();
      await db.schema.alterTable("service").addColumn("booking_problem_message", "text").execute();
      await db.schema.alterTable("service").addColumn("booking_problem_at", ts).execute();

      await db.schema.alterTable("appointment").addColumn("attendee_name", "text").execute();
      await db.schema.alterTable("appointment").addColumn("attendee_email", "text").execute();
    },
  };
}
