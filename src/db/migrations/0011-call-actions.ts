import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * What a call did beyond booking: when its look-up first found the caller's appointments and when
 * it first cancelled one (the voice functions note it), and Retell's sentiment from
 * call_analyzed. The index serves the calls list: its appointments and its filter by outcome.
 */
export function callActionsMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One column per statement: SQLite adds only one at a time.
      await db.schema.alterTable("call").addColumn("sentiment", "text").execute();
      await db.schema.alterTable("call").addColumn("found_at", ts).execute();
      await db.schema.alterTable("call").addColumn("cancelled_at", ts).execute();
      await db.schema
        .createIndex("appointment_company_call_idx")
        .on("appointment")
        .columns(["company_id", "retell_call_id"])
        .execute();
    },
  };
}
