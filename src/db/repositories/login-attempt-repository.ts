import { type Kysely, sql } from "kysely";
import type {
  LoginAttemptRepository,
  LoginLockoutRepository,
  LoginUnlock,
} from "../../domain/ports/auth.ts";
import type { DB } from "../tables.ts";

const iso = (v: unknown): string | null =>
  v == null ? null : v instanceof Date ? v.toISOString() : String(v);

type AttemptTable =
  | { table: "login_attempt"; key: "email_key" }
  | {
      table: "login_address_attempt";
      key: "address";
    };

/**
 * Reserved password checks per key: `login_attempt` per email address, `login_address_attempt`
 * per client address. Every change is one statement, so parallel logins each count.
 */
export function createLoginAttemptRepository(
  db: Kysely<DB>,
  target: AttemptTable = { table: "login_attempt", key: "email_key" },
): LoginAttemptRepository {
  const table = sql.table(target.table);
  const keyColumn = sql.ref(target.key);
  const col = (name: string) => sql.raw(`${target.table}.${name}`);
  return {
    async find(key) {
      const result = await sql<{
        failures: number;
        last_failure_at: unknown;
        locked_until: unknown;
      }>`select failures, last_failure_at, locked_until from ${table} where ${keyColumn} = ${key}`.execute(
        db,
      );
      const row = result.rows[0];
      return row
        ? {
            failures: Number(row.failures),
            lastFailureAt: iso(row.last_failure_at)!,
            lockedUntil: iso(row.locked_until),
          }
        : null;
    },

    async reserve(key, { now, windowStart, lockUntil, maxFailures }) {
      // Insert-or-increment in one statement on both engines: the count a check gets is its own.
      const fresh = sql`((${col("locked_until")} is not null and ${col("locked_until")} <= ${now}) or (${col("locked_until")} is null and ${col("last_failure_at")} < ${windowStart}))`;
      const result = await sql<{ failures: number; locked_until: unknown }>`
        insert into ${table} (${keyColumn}, failures, last_failure_at, locked_until)
        values (${key}, 1, ${now}, ${maxFailures <= 1 ? lockUntil : null})
        on conflict (${keyColumn}) do update set
          failures = case when ${fresh} then 1 else ${col("failures")} + 1 end,
          locked_until = case
            when ${fresh} then ${maxFailures <= 1 ? lockUntil : null}
            when ${col("failures")} + 1 >= ${maxFailures} then coalesce(${col("locked_until")}, ${lockUntil})
            else ${col("locked_until")} end,
          last_failure_at = ${now}
        returning failures, locked_until`.execute(db);
      const row = result.rows[0]!;
      return { count: Number(row.failures), lockedUntil: iso(row.locked_until) };
    },

    async release(key, maxFailures) {
      await sql`
        update ${table} set
          failures = case when failures > 0 then failures - 1 else 0 end,
          locked_until = case when failures - 1 < ${maxFailures} then null else locked_until end
        where ${keyColumn} = ${key}`.execute(db);
    },

    async clear(key) {
      await sql`delete from ${table} where ${keyColumn} = ${key}`.execute(db);
    },

    async purgeExpired(now, windowStart) {
      const result = await sql`
        delete from ${table}
        where (locked_until is null and last_failure_at < ${windowStart})
           or (locked_until is not null and locked_until <= ${now})`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}

/** Locked email addresses for the platform admin, and early unlocks with their audit rows. */
export function createLoginLockoutRepository(db: Kysely<DB>): LoginLockoutRepository {
  const toUnlock = (row: {
    id: string;
    email_key: string;
    kind: string;
    actor_user_id: string;
    actor_email: string;
    unlocked_at: unknown;
  }): LoginUnlock => ({
    id: row.id,
    kind: row.kind === "address" ? "address" : "email",
    emailKey: row.email_key,
    actorUserId: row.actor_user_id,
    actorEmail: row.actor_email,
    unlockedAt: iso(row.unlocked_at)!,
  });
  return {
    async listLocked(now) {
      const rows = await db
        .selectFrom("login_attempt")
        .select(["email_key", "locked_until"])
        .where("locked_until", ">", now)
        .orderBy("locked_until")
        .orderBy("email_key")
        .limit(500)
        .execute();
      return rows.map((r) => ({ emailKey: r.email_key, lockedUntil: iso(r.locked_until)! }));
    },

    async listLockedAddresses(now) {
      const rows = await db
        .selectFrom("login_address_attempt")
        .select(["address", "locked_until"])
        .where("locked_until", ">", now)
        .orderBy("locked_until")
        .orderBy("address")
        .limit(500)
        .execute();
      return rows.map((r) => ({ address: r.address, lockedUntil: iso(r.locked_until)! }));
    },

    async unlock(entry) {
      return db.transaction().execute(async (trx) => {
        const deleted = await (entry.kind === "address"
          ? trx.deleteFrom("login_address_attempt").where("address", "=", entry.emailKey)
          : trx.deleteFrom("login_attempt").where("email_key", "=", entry.emailKey)
        ).executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) return false;
        await trx
          .insertInto("login_unlock_audit")
          .values({
            id: entry.id,
            email_key: entry.emailKey,
            kind: entry.kind,
            actor_user_id: entry.actorUserId,
            actor_email: entry.actorEmail,
            unlocked_at: entry.unlockedAt,
          })
          .execute();
        return true;
      });
    },

    async listUnlocks(limit) {
      const rows = await db
        .selectFrom("login_unlock_audit")
        .selectAll()
        .orderBy("unlocked_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toUnlock);
    },
  };
}
