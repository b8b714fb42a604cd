import type { Kysely } from "kysely";
import type { CompanyLockRepository } from "../../domain/ports/mirror.ts";
import type { DB } from "../tables.ts";

/**
 * A lease row per (company, name). Taking it is one atomic statement on both engines: insert, or
 * on conflict take over only an expired lease or the holder's own (a retried job holds with its
 * job id); a live lease of another holder is left alone.
 */
export function createCompanyLockRepository(db: Kysely<DB>): CompanyLockRepository {
  return {
    async tryAcquire(companyId, name, holder, now, expiresAt) {
      const taken = await db
        .insertInto("company_lock")
        .values({ company_id: companyId, name, holder, acquired_at: now, expires_at: expiresAt })
        .onConflict((oc) =>
          oc
            .columns(["company_id", "name"])
            .doUpdateSet({ holder, acquired_at: now, expires_at: expiresAt })
            .where((eb) =>
              eb.or([
                eb("company_lock.expires_at", "<", now),
                eb("company_lock.holder", "=", holder),
              ]),
            ),
        )
        .returning("holder")
        .executeTakeFirst();
      return taken?.holder === holder;
    },

    async release(companyId, name, holder) {
      await db
        .deleteFrom("company_lock")
        .where("company_id", "=", companyId)
        .where("name", "=", name)
        .where("holder", "=", holder)
        .execute();
    },
  };
}
