import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import type { JobQueue } from "../../src/domain/ports/jobs.ts";
import { enqueueOccurrence } from "../../src/jobs/background-jobs.ts";
import { createPgBossQueue } from "../../src/jobs/pg-boss-queue.ts";
import { queueSettings } from "../../src/jobs/queues.ts";
import { dailySyncJob } from "../../src/jobs/scheduler.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { testEngines } from "../support/database.ts";
import { demoOnPostgres } from "../support/demo-on-postgres.ts";
import { type ServeProcess, startServeProcess } from "../support/serve-process.ts";
import type { SimulatorProcess } from "../support/simulator-process.ts";

const secret = "job-failover-test-secret";
/** Short, so that the test waits seconds: a job still running after this is retried elsewhere. */
const expireSeconds = 4;
const never = "0 0 1 1 *";

/** The log lines of a serve process with this message and job id. */
function logged(instance: ServeProcess, msg: string, jobId: string) {
  return instance
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string; jobId?: string; retryCount?: number })
    .filter((line) => line.msg === msg && line.jobId === jobId);
}

/*
 * Two `frontdesk serve` processes on one PostgreSQL database, Cal.com the simulator in its own
 * process. A sync job starts on one of them and that process is killed mid-sync: the other takes
 * the job over once it expires, and the run is recorded once.
 */
describe.runIf(testEngines().includes("postgres"))("a job whose instance dies", () => {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  let simulator: SimulatorProcess;
  let seededCompanies: Company[];
  let instances: ServeProcess[] = [];
  let database: Database;
  let sender: JobQueue;
  let salon: Company;
  const env = () => ({
    FRONTDESK_SECRET: secret,
    FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-failover-")),
    LOG_LEVEL: "info",
    CALCOM_RATE_LIMIT: "1000000000",
    FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
    // Only the job the test sends: no scheduled occurrence comes in between.
    SYNC_CRON: never,
    RECONCILE_CRON: never,
    JOB_EXPIRE_SECONDS: String(expireSeconds),
    JOB_MAINTENANCE_SECONDS: "1",
    JOB_POLL_SECONDS: "0.5",
  });

  beforeAll(async () => {
    ({ databaseUrl, cleanup, simulator, companies: seededCompanies } = await demoOnPostgres(env()));
    salon = seededCompanies[0]!;
    instances = await Promise.all([1, 2].map(() => startServeProcess({ databaseUrl, env: env() })));
    database = createDatabase(databaseUrl);
    // The test's own handle on the queue (no workers): it sends the job, as a scheduler would.
    sender = createPgBossQueue({
      connectionString: databaseUrl,
      queues: queueSettings({ expireInSeconds: expireSeconds }),
      timings: { maintenanceIntervalSeconds: 60, pollingIntervalSeconds: 2 },
      logger: createLogger({ level: "silent" }),
    });
    await sender.start();
  }, 90_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await sender?.stop();
    await simulator?.close();
    await database?.close();
    await cleanup?.();
  }, 60_000);

  it("is finished by the other instance after its expiry, and its sync run is recorded once", async () => {
    // The first team request of the sync hangs: the sync is under way when its instance dies.
    const fault = await fetch(`${simulator.url}/_simulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "timeout",
        method: "GET",
        pathPattern: `^/v2/teams/${salon.calcom.teamId}`,
        delayMs: 20_000,
        times: 1,
      }),
    });
    expect(fault.ok).toBe(true);
    const sentAt = new Date().toISOString();
    const dueAt = "2030-01-15T02:00:00.000Z";
    const jobId = await enqueueOccurrence(sender, dailySyncJob, salon, dueAt);
    expect(jobId).not.toBeNull();

    const runsOfJob = () =>
      database.db
        .selectFrom("sync_run")
        .selectAll()
        .where("company_id", "=", salon.id)
        .where("job_id", "=", jobId!)
        .execute();
    const statuses = async () => (await runsOfJob()).map((r) => `${r.kind} ${r.status}`).sort();
    // The run rows are written before the first Cal.com request, which now hangs.
    await vi.waitFor(
      async () => expect(await statuses()).toEqual(["service_hosts running", "team running"]),
      { timeout: 15_000, interval: 100 },
    );
    const first = instances.find((i) => logged(i, "job started", jobId!).length > 0);
    const other = instances.find((i) => i !== first);
    expect(first).toBeDefined();
    const killedAt = Date.now();
    await first!.kill("SIGKILL");

    // Expiry (4 s) + maintenance (1 s) + the retry's delay (5–10 s, backoff) + the sync itself.
    await vi.waitFor(
      async () => expect(await statuses()).toEqual(["service_hosts succeeded", "team succeeded"]),
      { timeout: 40_000, interval: 250 },
    );
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeGreaterThanOrEqual(expireSeconds * 1000 - 1000);

    // The job's runs since it was sent, one of each kind (host matching, and the team sync in
    // it): the rows the dead instance had started were continued, not recorded a second time.
    const runs = await database.db
      .selectFrom("sync_run")
      .select(["id", "kind", "trigger", "status", "job_id", "finished_at"])
      .where("company_id", "=", salon.id)
      .where("started_at", ">=", sentAt)
      .execute();
    expect(runs.map((r) => [r.kind, r.trigger, r.status, r.job_id]).sort()).toEqual([
      ["service_hosts", "schedule", "succeeded", jobId],
      ["team", "schedule", "succeeded", jobId],
    ]);
    expect(runs.every((r) => r.finished_at !== null)).toBe(true);
    const retried = logged(other!, "job finished", jobId!);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.retryCount).toBeGreaterThanOrEqual(1);
    // The retry took over the dead instance's sync lease (held under the job's id) and let it go.
    const lease = await database.db
      .selectFrom("company_lock")
      .selectAll()
      .where("company_id", "=", salon.id)
      .where("name", "=", "team_sync")
      .execute();
    expect(lease).toEqual([]);
  }, 90_000);
});
