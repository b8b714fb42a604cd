import type { Kysely } from "kysely";
import type { SlotHoldRepository } from "../../domain/ports/slot-holds.ts";
import type { DB } from "../tables.ts";

// PostgreSQL answers timestamptz as Date, SQLite as the ISO text stored.
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

export function createSlotHoldRepository(db: Kysely<DB>): SlotHoldRepository {
  return {
    async find(companyId, callId) {
      const row = await db
        .selectFrom("slot_hold")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("retell_call_id", "=", callId)
        .executeTakeFirst();
      return row
        ? {
            retellCallId: row.retell_call_id,
            reservationUid: row.reservation_uid,
            eventTypeId: Number(row.event_type_id),
            start: iso(row.start_at),
            expiresAt: iso(row.expires_at),
            createdAt: iso(row.created_at),
          }
        : null;
    },
    async put(companyId, hold) {
      const values = {
        reservation_uid: hold.reservationUid,
        event_type_id: hold.eventTypeId,
        start_at: hold.start,
        expires_at: hold.expiresAt,
        created_at: hold.createdAt,
      };
      await db
        .insertInto("slot_hold")
        .values({ company_id: companyId, retell_call_id: hold.retellCallId, ...values })
        .onConflict((oc) => oc.columns(["company_id", "retell_call_id"]).doUpdateSet(values))
        .execute();
    },
    async delete(companyId, callId, reservationUid) {
      const result = await db
        .deleteFrom("slot_hold")
        .where("company_id", "=", companyId)
        .where("retell_call_id", "=", callId)
        .where("reservation_uid", "=", reservationUid)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteExpired(companyId, now) {
      const result = await db
        .deleteFrom("slot_hold")
        .where("company_id", "=", companyId)
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
