import { type Kysely, sql } from "kysely";
import type { SyncRun, SyncStatus } from "../../domain/entities.ts";
import type { CompanyHealthReader } from "../../domain/ports/health.ts";
import type { DB } from "../tables.ts";

/** Counts arrive as strings from PostgreSQL (bigint) and numbers from SQLite. */
const toMap = (rows: { company_id: string; n: number | string | bigint }[]) =>
  new Map(rows.map((r) => [r.company_id, Number(r.n)]));

/** Read-only, across every company: one grouped query per signal (the platform overview). */
export function createCompanyHealthReader(db: Kysely<DB>): CompanyHealthReader {
  return {
    async appointmentsInRanges(ranges) {
      if (ranges.length === 0) return new Map();
      const rows = await db
        .selectFrom("appointment")
        .select(["company_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("status", "in", ["accepted", "pending"])
        // Each company's own local day: one OR branch per company, still one query.
        .where((eb) =>
          eb.or(
            ranges.map((r) =>
              eb.and([
                eb("company_id", "=", r.companyId),
                eb("start_at", ">=", r.from),
                eb("start_at", "<", r.to),
              ]),
            ),
          ),
        )
        .groupBy("company_id")
        .execute();
      return toMap(rows);
    },

    async hostsToReview() {
      // The same hosts the mapping review lists (live event-type hosts), unmapped or suggested.
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom("calcom_event_type_host as h")
            .leftJoin("host_mapping as m", (join) =>
              join
                .onRef("m.company_id", "=", "h.company_id")
                .onRef("m.calcom_user_id", "=", "h.calcom_user_id"),
            )
            .select(["h.company_id", "h.calcom_user_id"])
            .distinct()
            .where("h.removed_at", "is", null)
            .where((w) => w.or([w("m.id", "is", null), w("m.status", "=", "suggested")]))
            .as("r"),
        )
        .select(["r.company_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("r.company_id")
        .execute();
      return toMap(rows);
    },

    async unbookableServices() {
      // serviceBookableByPhone's rule in SQL: active, linked, and its event type without problems.
      const rows = await db
        .selectFrom("service as s")
        .leftJoin("calcom_event_type as e", (join) =>
          join
            .onRef("e.company_id", "=", "s.company_id")
            .onRef("e.event_type_id", "=", "s.calcom_event_type_id"),
        )
        .select(["s.company_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("s.active", "=", sql<boolean>`true`)
        .where((w) =>
          w.or([
            w("s.calcom_event_type_id", "is", null),
            w.and([w("e.problems_json", "is not", null), w("e.problems_json", "<>", "[]")]),
          ]),
        )
        .groupBy("s.company_id")
        .execute();
      return toMap(rows);
    },

    async lastRuns(kind) {
      const latest = db
        .selectFrom("sync_run")
        .select(["company_id", (eb) => eb.fn.max("started_at").as("started_at")])
        .where("kind", "=", kind)
        .where("status", "<>", "running")
        .groupBy("company_id")
        .as("l");
      const rows = await db
        .selectFrom("sync_run as r")
        .innerJoin(latest, (join) =>
          join
            .onRef("l.company_id", "=", "r.company_id")
            .onRef("l.started_at", "=", "r.started_at"),
        )
        .select(["r.company_id", "r.status", "r.finished_at", "r.id"])
        .where("r.kind", "=", kind)
        .where("r.status", "<>", "running")
        .orderBy("r.id")
        .execute();
      const runs = new Map<string, Pick<SyncRun, "status" | "finishedAt">>();
      for (const r of rows)
        runs.set(r.company_id, { status: r.status as SyncStatus, finishedAt: r.finished_at });
      return runs;
    },

    async refusedDeliveriesSince(since) {
      const rows = await db
        .selectFrom("inbox_event")
        .select(["company_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("received_at", ">=", since)
        // A delivery that failed leaves no row (Cal.com retries it): refusals are what stays.
        .where("outcome", "like", "refused%")
        .groupBy("company_id")
        .execute();
      return toMap(rows);
    },
  };
}
