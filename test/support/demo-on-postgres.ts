import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../../src/app/config.ts";
import { createContainer } from "../../src/app/container.ts";
import { seedDemo } from "../../src/app/demo.ts";
import type { Company } from "../../src/domain/entities.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { freshDatabaseUrl } from "./database.ts";
import { type SimulatorProcess, startSimulatorProcess } from "./simulator-process.ts";

export interface DemoOnPostgres {
  databaseUrl: string;
  cleanup: () => Promise<void>;
  simulator: SimulatorProcess;
  companies: Company[];
}

/**
 * What the tests with several `serve` processes start from: a fresh PostgreSQL database migrated
 * by the real CLI, the Cal.com simulator in its own process, and the demo companies on it.
 */
export async function demoOnPostgres(env: Record<string, string>): Promise<DemoOnPostgres> {
  const { url: databaseUrl, cleanup } = await freshDatabaseUrl("postgres");
  const cli = resolve(import.meta.dirname, "../../bin/frontdesk.js");
  await promisify(execFile)(process.execPath, [cli, "migrate"], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
  });
  const simulator = await startSimulatorProcess();
  const seeding = createContainer(loadConfig({ ...env, DATABASE_URL: databaseUrl }), {
    logger: createLogger({ level: "silent" }),
  });
  const seeded = await seedDemo(seeding, simulator, "http://127.0.0.1:1");
  await seeding.close();
  return { databaseUrl, cleanup, simulator, companies: seeded.companies };
}
