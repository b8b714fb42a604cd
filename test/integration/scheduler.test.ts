import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { makeRunScheduledSync } from "../../src/features/sync/run-scheduled-sync.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
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

  /** One server instance: its own store over the given connection, the real team sync. */
  function instance(db: Database, instanceId: string) {
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
    return createScheduler({
      cron: "0 3 * * *",
      listCompanies: () => store.companies.list(),
      claim: (...args) => store.scheduleClaims.claim(...args),
      run: (company) => runScheduledSync({ company, actor: { type: "scheduler" } }),
      instanceId,
      logger,
    });
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
    if (otherDatabase !== database) await otherDatabase.close();
    await database.drop();
  });

  it("runs each company's sync once per occurrence at 03:00 in its time zone, with two instances on one database", async () => {
    const a = instance(database, "instance-a");
    const b = instance(otherDatabase, "instance-b");
    const both = (iso: string) => Promise.all([a.tick(new Date(iso)), b.tick(new Date(iso))]);

    // 03:00:30 in Berlin (CET); 21:00 in New York, 11:00 in Tokyo.
    await both("2025-01-15T02:00:30Z");
    expect(await scheduledRuns()).toEqual({ berlin: 1, newYork: 0, tokyo: 0, unconnected: 0 });

    // The same moment again, and a third instance that starts up just after: nothing more.
    await both("2025-01-15T02:00:30Z");
    await instance(database, "instance-c").tick(new Date("2025-01-15T02:00:45Z"));
    await both("2025-01-15T05:00:00Z");
    expect(await scheduledRuns()).toEqual({ berlin: 1, newYork: 0, tokyo: 0, unconnected: 0 });

    await both("2025-01-15T08:00:20Z"); // 03:00 in New York (EST)
    expect(await scheduledRuns()).toEqual({ berlin: 1, newYork: 1, tokyo: 0, unconnected: 0 });
    await both("2025-01-15T18:00:20Z"); // 03:00 in Tokyo
    expect(await scheduledRuns()).toEqual({ berlin: 1, newYork: 1, tokyo: 1, unconnected: 0 });

    // The next day's occurrence runs again.
    await both("2025-01-16T02:00:30Z");
    expect(await scheduledRuns()).toEqual({ berlin: 2, newYork: 1, tokyo: 1, unconnected: 0 });

    const claims = await database.db
      .selectFrom("schedule_claim")
      .select(["company_id", "job", "due_at", "claimed_by"])
      .orderBy("due_at")
      .execute();
    expect(claims.map((c) => [c.company_id, c.job, new Date(c.due_at).toISOString()])).toEqual([
      [berlin.id, dailySyncJob, "2025-01-15T02:00:00.000Z"],
      [newYork.id, dailySyncJob, "2025-01-15T08:00:00.000Z"],
      [tokyo.id, dailySyncJob, "2025-01-15T18:00:00.000Z"],
      [berlin.id, dailySyncJob, "2025-01-16T02:00:00.000Z"],
    ]);
    expect(claims.every((c) => ["instance-a", "instance-b"].includes(c.claimed_by))).toBe(true);
  });
});
