import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  type ConnectOptions,
  createDatabase,
  type Database,
  type Engine,
} from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

/**
 * Engines the DB-backed tests run on: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.
 * TEST_DB_ENGINES=postgres narrows a run to one engine (CI's second pass).
 */
export function testEngines(): Engine[] {
  const only = process.env.TEST_DB_ENGINES?.split(",").map((s) => s.trim()) as Engine[] | undefined;
  if (only?.length) return only;
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestDatabase extends Database {
  url: string;
  /** Closes the connection and removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

/** A fresh, empty, migrated database of its own: tests never share state. */
export async function createTestDatabase(
  engine: Engine,
  options: ConnectOptions & { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const { url, cleanup } = engine === "sqlite" ? freshSqlite() : await freshPostgres();
  const database = createDatabase(url, options);
  if (options.migrate !== false) await migrateToLatest(database);
  let dropped = false;
  return {
    ...database,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await database.close();
      await cleanup();
    },
  };
}

/** A URL for a fresh database without opening it (for tests that run the CLI). */
export async function freshDatabaseUrl(
  engine: Engine,
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  return engine === "sqlite" ? freshSqlite() : freshPostgres();
}

function freshSqlite() {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-test-"));
  return {
    url: `sqlite:${join(dir, "test.db")}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function freshPostgres() {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `fd_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
