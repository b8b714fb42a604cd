import type { ColumnDataType, Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Where each company's reconciliation of Cal.com bookings got to: the highest `updatedAt` it
 * applied. The next run asks Cal.com for the bookings changed since then (with an overlap).
 */
export function reconcileCursorMigration(engine: Engine) {
  const ts: ColumnDataType = engine === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("reconcile_cursor")
        .addColumn("company_id", "text", (c) =>
          c.notNull().references("company.id").onDelete("cascade"),
        )
        .addColumn("updated_at_cursor", ts, (c) => c.notNull())
        .addColumn("saved_at", ts, (c) => c.notNull())
        .addPrimaryKeyConstraint("reconcile_cursor_pkey", ["company_id"])
        .execute();
    },
  };
}
