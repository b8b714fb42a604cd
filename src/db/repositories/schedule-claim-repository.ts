import type { Kysely } from "kysely";
import type { ScheduleClaimRepository } from "../../domain/ports/mirror.ts";
import type { DB } from "../tables.ts";

export function createScheduleClaimRepository(db: Kysely<DB>): ScheduleClaimRepository {
  return {
    async claim(companyId, job, dueAt, claimedBy, now) {
      const inserted = await db
        .insertInto("schedule_claim")
        .values({
          company_id: companyId,
          job,
          due_at: dueAt,
          claimed_by: claimedBy,
          claimed_at: now,
        })
        .onConflict((oc) => oc.columns(["company_id", "job", "due_at"]).doNothing())
        .returning("claimed_by")
        .executeTakeFirst();
      return inserted?.claimed_by === claimedBy;
    },
    async deleteDueBefore(companyId, before) {
      const result = await db
        .deleteFrom("schedule_claim")
        .where("company_id", "=", companyId)
        .where("due_at", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
