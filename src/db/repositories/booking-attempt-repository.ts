import type { Kysely } from "kysely";
import type { BookingAttemptRepository } from "../../domain/ports.ts";
import type { DB } from "../tables.ts";

export function createBookingAttemptRepository(db: Kysely<DB>): BookingAttemptRepository {
  return {
    async claim(companyId, key, now, staleBefore) {
      const inserted = await db
        .insertInto("booking_attempt")
        .values({ company_id: companyId, idempotency_key: key, state: "pending", started_at: now })
        .onConflict((oc) => oc.columns(["company_id", "idempotency_key"]).doNothing())
        .returning("state")
        .executeTakeFirst();
      if (inserted) return "claimed";
      // Take over an attempt whose outcome is unknown, or one whose holder died long ago.
      const taken = await db
        .updateTable("booking_attempt")
        .set({ state: "pending", started_at: now })
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .where((eb) => eb.or([eb("state", "=", "unknown"), eb("started_at", "<", staleBefore)]))
        .returning("state")
        .executeTakeFirst();
      return taken ? "reconcile" : "busy";
    },
    async markUnknown(companyId, key) {
      await db
        .updateTable("booking_attempt")
        .set({ state: "unknown" })
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .execute();
    },
    async release(companyId, key) {
      await db
        .deleteFrom("booking_attempt")
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .execute();
    },
  };
}
