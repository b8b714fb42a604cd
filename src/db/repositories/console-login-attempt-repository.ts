import { type Kysely, sql } from "kysely";
import type { LoginAttemptRepository } from "../../domain/auth.ts";
import type { DB } from "../tables.ts";

export function createLoginAttemptRepository(db: Kysely<DB>): LoginAttemptRepository {
  return {
    async find(emailKey) {
      const row = await db
        .selectFrom("login_attempt")
        .selectAll()
        .where("email_key", "=", emailKey)
        .executeTakeFirst();
      return row
        ? {
            failures: row.failures,
            lastFailureAt: row.last_failure_at,
            lockedUntil: row.locked_until,
          }
        : null;
    },

    async recordFailure(emailKey, now, windowStart) {
      // One statement on both engines: concurrent failures each count.
      const row = await db
        .insertInto("login_attempt")
        .values({ email_key: emailKey, failures: 1, last_failure_at: now, locked_until: null })
        .onConflict((oc) =>
          oc.column("email_key").doUpdateSet({
            failures: sql<number>`case when login_attempt.last_failure_at < ${windowStart} then 1 else login_attempt.failures + 1 end`,
            last_failure_at: now,
          }),
        )
        .returning("failures")
        .executeTakeFirstOrThrow();
      return Number(row.failures);
    },

    async lock(emailKey, until) {
      await db
        .updateTable("login_attempt")
        .set({ locked_until: until, failures: 0 })
        .where("email_key", "=", emailKey)
        .execute();
    },

    async clear(emailKey) {
      await db.deleteFrom("login_attempt").where("email_key", "=", emailKey).execute();
    },
  };
}
