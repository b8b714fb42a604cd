import type { Kysely } from "kysely";

/**
 * Background work moves to the job queue (docs/jobs.md):
 * - `schedule_claim` goes: an occurrence is now a job whose id is derived from company, job and
 *   occurrence, and the queue holds each id once (pg-boss in its own `pgboss` schema on
 *   PostgreSQL, in memory on SQLite);
 * - `sync_run.job_id`: the job a run belongs to, so that a job retried on another instance (its
 *   first instance died) continues the same run rows instead of recording second ones (a
 *   scheduled sync has two: the host matching and the team sync inside it).
 */
export function jobsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex("schedule_claim_company_due_idx").ifExists().execute();
      await db.schema.dropTable("schedule_claim").execute();
      await db.schema.alterTable("sync_run").addColumn("job_id", "text").execute();
      // One run of each kind per job; NULLs (runs outside a job: CLI, console) do not collide.
      await db.schema
        .createIndex("sync_run_company_job_idx")
        .on("sync_run")
        .columns(["company_id", "job_id", "kind"])
        .unique()
        .execute();
    },
  };
}
