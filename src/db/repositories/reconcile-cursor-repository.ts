import type { Kysely } from "kysely";
import type { ReconcileCursorRepository } from "../../domain/ports/mirror.ts";
import type { DB } from "../tables.ts";

export function createReconcileCursorRepository(db: Kysely<DB>): ReconcileCursorRepository {
  return {
    async get(companyId) {
      const row = await db
        .selectFrom("reconcile_cursor")
        .select("updated_at_cursor")
        .where("company_id", "=", companyId)
        .executeTakeFirst();
      return row ? new Date(row.updated_at_cursor).toISOString() : null;
    },
    async set(companyId, updatedAt, savedAt) {
      await db
        .insertInto("reconcile_cursor")
        .values({ company_id: companyId, updated_at_cursor: updatedAt, saved_at: savedAt })
        .onConflict((oc) =>
          oc.column("company_id").doUpdateSet({ updated_at_cursor: updatedAt, saved_at: savedAt }),
        )
        .execute();
    },
  };
}
