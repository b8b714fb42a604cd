import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { type JobQueue, jobNames } from "../../src/domain/ports/jobs.ts";
import { Secret } from "../../src/domain/secret.ts";
import { makeRunScheduledSync } from "../../src/features/sync/run-scheduled-sync.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
import { enqueueOccurrence, type TeamSyncJobData } from "../../src/jobs/background-jobs.ts";
import { createInProcessQueue } from "../../src/jobs/in-process-queue.ts";
import { createPgBossQueue } from "../../src/jobs/pg-boss-queue.ts";
import { deterministicJobId, queueSettings } from "../../src/jobs/queues.ts";
import { createScheduler, dailySyncJob } from "../../src/jobs/scheduler.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createSimulator, generateFixture } from "../../src/simulator/index.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

describe.each(testEngines())("daily sync scheduler on %s", (engine) => {
  let database: TestDatabase;
  /** The second instance's own connection (SQLite is one process's database: it shares). */
  let otherDatabase: Database;
  const sim = createSimulator(
    generateFixture({ teams: 3, eventTypesPerTeam: 2, hostsPerEventType: 2 }),
  );
  const reader = createCalcomTeamReader({
    fetch: (input, init) =>
      Promise.resolve(sim.app.request(input instanceof Request ? input : String(input), init)),
    sleep: async () => {},
  });
  const logger = createLogger({ level: "silent" });
  let berlin: Company;
  let newYork: Company;
  let tokyo: Company;
  let unconnected: Company;

  const queues = queueSettings({ expireInSeconds: 60 });
  /** Started queues, stopped before the database goes. */
  const started: JobQueue[] = [];
  /** SQLite is one instance's database: its instances share the one in-process queue. */
  let sqliteQueue: JobQueue | null = null;

  /** The job queue of one instance: pg-boss on PostgreSQL (shared through the database). */
  function queueFor(db: { url: string }): JobQueue {
    if (engine === "sqlite") {
      sqliteQueue ??= createInProcessQueue({ queues, logger });
      return sqliteQueue;
    }
    return createPgBossQueue({
      connectionString: db.url,
      queues,
      timings: { maintenanceIntervalSeconds: 60, pollingIntervalSeconds: 0.5 },
      logger,
    });
  }

  /**
   * One server instance: its own store over the given connection, the real team sync run by its
   * worker of the team-sync queue, and its scheduler queuing occurrences there.
   */
  async function instance(db: Database, url: string) {
    const store = storeFor(db);
    const syncTeam = makeSyncTeam({ store, calcom: reader, clock: systemClock, newId });
    const runScheduledSync = makeRunScheduledSync({
      sync: async (ctx, input) => {
        const result = await syncTeam(ctx, input);
        return { status: result.status, runId: result.run?.id ?? null };
      },
      lastSuccess: async () => null,
      notify: async () => {},
      notifyEmailTo: null,
      notifyWebhookUrl: null,
      consoleUrl: (companyId) => `http://127.0.0.1/admin/companies/${companyId}`,
      logger,
    });
    const jobs = queueFor({ url });
    if (!started.includes(jobs)) {
      jobs.work<TeamSyncJobData>(jobNames.teamSync, async (job) => {
        const company = await store.companies.findById(job.data.companyId);
        if (company)
          await runScheduledSync({ company, actor: { type: "scheduler" } }, { jobId: job.id });
      });
      await jobs.start();
      started.push(jobs);
    }
    return createScheduler({
      cron: "0 3 * * *",
      listCompanies: () => store.companies.list(),
      enqueue: (company, dueAt) => enqueueOccurrence(jobs, dailySyncJob, company, dueAt),
      logger,
    });
  }

  /** Waits until the scheduled runs are as expected, then a little more (nothing else comes). */
  async function expectRuns(expected: Awaited<ReturnType<typeof scheduledRuns>>) {
    await vi.waitFor(async () => expect(await scheduledRuns()).toEqual(expected), {
      timeout: 15_000,
      interval: 100,
    });
    await new Promise((r) => setTimeout(r, engine === "postgres" ? 1500 : 50));
    expect(await scheduledRuns()).toEqual(expected);
  }

  /** Scheduled team syncs so far, per company. */
  async function scheduledRuns() {
    const store = storeFor(database);
    const count = async (c: Company) =>
      (await store.syncRuns.list(c.id, 100)).filter(
        (r) => r.trigger === "schedule" && r.status === "succeeded",
      ).length;
    return {
      berlin: await count(berlin),
      newYork: await count(newYork),
      tokyo: await count(tokyo),
      unconnected: await count(unconnected),
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    otherDatabase = engine === "postgres" ? createDatabase(database.url) : database;
    const store = storeFor(database);
    const connected = (slug: string, timezone: string, teamId: number) =>
      store.companies.create(
        companyInput(slug, {
          timezone,
          calcomBaseUrl: "http://calcom.test",
          calcomTeamId: teamId,
          calcomApiKey: new Secret(`cal_test_team_${teamId}`),
        }),
      );
    berlin = await connected("berlin", "Europe/Berlin", 1);
    newYork = await connected("new-york", "America/New_York", 2);
    tokyo = await connected("tokyo", "Asia/Tokyo", 3);
    unconnected = await store.companies.create(companyInput("unconnected"));
  });
  afterAll(async () => {
    await Promise.all(started.map((q) => q.stop()));
    if (otherDatabase !== database) await otherDatabase.close();
    await database.drop();
  });

  it("runs each company's sync once per occurrence at 03:00 in its time zone, with two instances on one database", async () => {
    const a = await instance(database, database.url);
    const b = await instance(otherDatabase, database.url);
    const both = (iso: string) => Promise.all([a.tick(new Date(iso)), b.tick(new Date(iso))]);

    // 03:00:30 in Berlin (CET); 21:00 in New York, 11:00 in Tokyo.
    await both("2025-01-15T02:00:30Z");
    await expectRuns({ berlin: 1, newYork: 0, tokyo: 0, unconnected: 0 });

    // The same moment again, and a third instance that starts up just after: nothing more.
    await both("2025-01-15T02:00:30Z");
    await (await instance(database, database.url)).tick(new Date("2025-01-15T02:00:45Z"));
    await both("2025-01-15T05:00:00Z");
    await expectRuns({ berlin: 1, newYork: 0, tokyo: 0, unconnected: 0 });

    await both("2025-01-15T08:00:20Z"); // 03:00 in New York (EST)
    await expectRuns({ berlin: 1, newYork: 1, tokyo: 0, unconnected: 0 });
    await both("2025-01-15T18:00:20Z"); // 03:00 in Tokyo
    await expectRuns({ berlin: 1, newYork: 1, tokyo: 1, unconnected: 0 });

    // The next day's occurrence runs again.
    await both("2025-01-16T02:00:30Z");
    await expectRuns({ berlin: 2, newYork: 1, tokyo: 1, unconnected: 0 });

    // Each run belongs to the job of its occurrence (company, job, due time).
    const runs = await database.db
      .selectFrom("sync_run")
      .select(["company_id", "job_id"])
      .where("trigger", "=", "schedule")
      .execute();
    const occurrence = (c: Company, dueAt: string) =>
      [c.id, deterministicJobId(c.id, dailySyncJob, dueAt)] as const;
    expect(runs.map((r) => [r.company_id, r.job_id]).sort()).toEqual(
      [
        occurrence(berlin, "2025-01-15T02:00:00.000Z"),
        occurrence(newYork, "2025-01-15T08:00:00.000Z"),
        occurrence(tokyo, "2025-01-15T18:00:00.000Z"),
        occurrence(berlin, "2025-01-16T02:00:00.000Z"),
      ].sort(),
    );
  }, 60_000);
});
