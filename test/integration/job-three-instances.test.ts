import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { testEngines } from "../support/database.ts";
import { demoOnPostgres } from "../support/demo-on-postgres.ts";
import { type ServeProcess, startServeProcess } from "../support/serve-process.ts";
import type { SimulatorProcess } from "../support/simulator-process.ts";

const never = "0 0 1 1 *";

/*
 * Three `frontdesk serve` processes on one PostgreSQL database, each with its scheduler: every
 * instance queues the same occurrence of each company's daily sync, and it runs once.
 */
describe.runIf(testEngines().includes("postgres"))(
  "a scheduled occurrence with three instances",
  () => {
    let databaseUrl: string;
    let cleanup: () => Promise<void>;
    let simulator: SimulatorProcess;
    let seededCompanies: Company[];
    let instances: ServeProcess[] = [];
    let database: Database;
    let companies: Company[];
    const env = () => ({
      FRONTDESK_SECRET: "job-three-instances-secret",
      FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-three-")),
      LOG_LEVEL: "warn",
      CALCOM_RATE_LIMIT: "1000000000",
      FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
      // Every minute: a starting scheduler looks back one tick (a minute), so each instance queues
      // the latest minute's occurrence of every company as soon as it starts.
      SYNC_CRON: "* * * * *",
      RECONCILE_CRON: never,
      JOB_POLL_SECONDS: "0.5",
    });

    beforeAll(async () => {
      ({
        databaseUrl,
        cleanup,
        simulator,
        companies: seededCompanies,
      } = await demoOnPostgres(env()));
      companies = seededCompanies.filter((c) => c.calcom.teamId !== null);
      database = createDatabase(databaseUrl);
    }, 90_000);

    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      await simulator?.close();
      await database?.close();
      await cleanup?.();
    }, 60_000);

    it("runs each company's sync once", async () => {
      expect(companies.length).toBeGreaterThan(1);
      // All three start within one minute, so they all see the same latest occurrence.
      while (new Date().getUTCSeconds() > 30) await new Promise((r) => setTimeout(r, 500));
      const startedAt = new Date().toISOString();
      instances = await Promise.all(
        [1, 2, 3].map(() => startServeProcess({ databaseUrl, env: env() })),
      );
      const scheduledRuns = async () => {
        const rows = await database.db
          .selectFrom("sync_run")
          .select(["company_id", "status"])
          .where("kind", "=", "team")
          .where("trigger", "=", "schedule")
          .where("started_at", ">=", startedAt)
          .execute();
        return Object.fromEntries(
          companies.map((c) => [
            c.slug,
            rows.filter((r) => r.company_id === c.id).map((r) => r.status),
          ]),
        );
      };
      const once = Object.fromEntries(companies.map((c) => [c.slug, ["succeeded"]]));
      await vi.waitFor(async () => expect(await scheduledRuns()).toEqual(once), {
        timeout: 20_000,
        interval: 250,
      });
      // A little later (still before the next minute's tick): nothing ran a second time.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await scheduledRuns()).toEqual(once);
    }, 90_000);
  },
);
