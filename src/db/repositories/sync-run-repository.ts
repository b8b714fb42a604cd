import type { Kysely, Selectable } from "kysely";
import { calcomFailures } from "../../domain/calcom-failure.ts";
import type { SyncRun, SyncStatus, SyncTrigger } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { SyncRunRepository } from "../../domain/ports/mirror.ts";
import type { DB, SyncRunTable } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toSyncRun = (row: Selectable<SyncRunTable>): SyncRun => ({
  id: row.id,
  companyId: row.company_id,
  kind: row.kind as SyncRun["kind"],
  trigger: row.trigger as SyncTrigger,
  scope: row.scope,
  status: row.status as SyncStatus,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  counts: row.counts_json ? (JSON.parse(row.counts_json) as Record<string, number>) : {},
  calcomRequests: row.calcom_requests,
  error: row.error,
  errorKind: calcomFailures.find((k) => k === row.error_kind) ?? null,
});

export function createSyncRunRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "newId">,
): SyncRunRepository {
  return {
    async start(companyId, run) {
      if (run.jobId) {
        const resumed = await db
          .updateTable("sync_run")
          .set({ status: "running", started_at: run.startedAt, finished_at: null, error: null })
          .where("company_id", "=", companyId)
          .where("job_id", "=", run.jobId)
          .where("kind", "=", run.kind)
          .returningAll()
          .executeTakeFirst();
        if (resumed) return toSyncRun(resumed);
      }
      const row = await db
        .insertInto("sync_run")
        .values({
          id: deps.newId(),
          company_id: companyId,
          kind: run.kind,
          trigger: run.trigger,
          scope: run.scope,
          status: "running",
          started_at: run.startedAt,
          finished_at: null,
          counts_json: null,
          calcom_requests: 0,
          error: null,
          job_id: run.jobId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSyncRun(row);
    },

    async finish(companyId, runId, result) {
      const row = await db
        .updateTable("sync_run")
        .set({
          status: result.status,
          finished_at: result.finishedAt,
          counts_json: JSON.stringify(result.counts),
          calcom_requests: result.calcomRequests,
          error: result.error,
          error_kind: result.errorKind ?? null,
        })
        .where("company_id", "=", companyId)
        .where("id", "=", runId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`sync run ${runId} not found`);
      return toSyncRun(row);
    },

    async list(companyId, limit) {
      const rows = await db
        .selectFrom("sync_run")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("started_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toSyncRun);
    },

    async lastFinished(companyId, kind, status) {
      let query = db
        .selectFrom("sync_run")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("kind", "=", kind)
        .where("status", "<>", "running");
      if (status) query = query.where("status", "=", status);
      const row = await query
        .orderBy("started_at", "desc")
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return row ? toSyncRun(row) : null;
    },
  };
}
