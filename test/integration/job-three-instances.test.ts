import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { createContainer } from "../../src/app/container.ts";
import { seedDemo } from "../../src/app/demo.ts";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { type ServeProcess, startServeProcess } from "../support/serve-process.ts";
import { type SimulatorProcess, startSimulatorProcess } from "../support/simulator-process.ts";

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
      ({ url: databaseUrl, cleanup } = await freshDatabaseUrl("postgres"));
      const cli = resolve(import.meta.dirname, "../../bin/frontdesk.js");
      await promisify(execFile)(process.execPath, [cli, "migrate"], {
        env: { ...process.env, ...env(), DATABASE_URL: databaseUrl },
      });
      simulator = await startSimulatorProcess();
      const seeding = createContainer(loadConfig({ ...env(), DATABASE_URL: databaseUrl }), {
        logger: createLogger({ level: "silent" }),
      });
      const seeded = await seedDemo(seeding, simulator, "http://127.0.0.1:1");
      await seeding.close();
      companies = seeded.companies.filter((c) => c.calcom.teamId !== null);
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
