import { type Kysely, sql } from "kysely";
import type { Transaction } from "../domain/ports/store.ts";
import type { Engine } from "./connect.ts";
import type { DB } from "./tables.ts";

/**
 * PostgreSQL: transaction-scoped advisory locks, taken in sorted order so two transactions
 * wanting the same pair cannot deadlock. SQLite: a single writer already runs transactions one at
 * a time, so there is nothing to wait for.
 */
export function bookingLocks(trx: Kysely<DB>, engine: Engine): Transaction["lockBookings"] {
  return async (companyId, uids) => {
    if (engine !== "postgres") return;
    const keys = uids.flatMap((uid) => (uid === null ? [] : [`${companyId}:booking:${uid}`]));
    for (const key of [...new Set(keys)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    }
  };
}
