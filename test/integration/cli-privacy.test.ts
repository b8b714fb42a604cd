import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { companyInput, storeFor, testSecret } from "../support/fixtures.ts";
import { caller, seedCaller } from "../support/privacy-fixture.ts";

/** `frontdesk customer export|erase` and `frontdesk purge-expired`, as an operator runs them. */
describe.each(testEngines())("the privacy CLI on %s", (engine) => {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-privacy-"));
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let database: Database;
  let seeded: Awaited<ReturnType<typeof seedCaller>>;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = { DATABASE_URL: fresh.url, FRONTDESK_SECRET: testSecret, FRONTDESK_DATA_DIR: dir };
    database = createDatabase(fresh.url);
    await migrateToLatest(database);
    const store = storeFor(database);
    const a = await store.companies.create(companyInput("cli-a"));
    const b = await store.companies.create(companyInput("cli-b"));
    // Received 40 days ago: past the default window of 30 days.
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    seeded = await seedCaller(store, a.id, new Date().toISOString());
    await seedCaller(store, b.id, old);
  });
  afterAll(async () => {
    await database.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("customer export prints one JSON document (national format read as E.164)", async () => {
    const run = await cli(
      ["customer", "export", "--company", "cli-a", "--phone", caller.national],
      env,
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      company: "cli-a",
      phone: caller.phone,
      customer: { id: seeded.customer.id, name: caller.name, email: caller.email },
    });
    expect(doc.appointments).toHaveLength(2);
    expect(doc.calls).toHaveLength(1);
    expect(doc.bookingAttempts).toHaveLength(1);
    expect(doc.inboxEvents).toHaveLength(2);
    const json = await cli(
      ["customer", "export", "--company", "cli-a", "--phone", caller.phone, "--json"],
      env,
    );
    expect(JSON.parse(json.stdout).customer.id).toBe(seeded.customer.id);
  });

  it("a bad number is a usage error", async () => {
    const run = await cli(["customer", "export", "--company", "cli-a", "--phone", "12"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not a valid phone number for DE");
  });

  it("customer erase removes the caller in that company only and says what it did", async () => {
    const run = await cli(
      ["customer", "erase", "--company", "cli-a", "--phone", caller.phone, "--json"],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      phone: caller.phone,
      erased: true,
      customerId: seeded.customer.id,
      counts: { customers: 1, appointments: 2, calls: 1, bookingAttempts: 1, inboxEvents: 2 },
    });
    const again = await cli(
      ["customer", "erase", "--company", "cli-a", "--phone", caller.phone],
      env,
    );
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain("nothing is stored about +4915112345678");
    const other = await cli(
      ["customer", "export", "--company", "cli-b", "--phone", caller.phone],
      env,
    );
    expect(JSON.parse(other.stdout).customer).toMatchObject({ name: caller.name });
  });

  it("purge-expired applies RETENTION_DAYS to every company", async () => {
    const run = await cli(["purge-expired", "--json"], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.retentionDays).toBe(30);
    expect(report.companies).toEqual([
      { company: "cli-a", inboxRedacted: 0, bookingAttemptsDeleted: 0 },
      { company: "cli-b", inboxRedacted: 3, bookingAttemptsDeleted: 1 },
    ]);
    const text = await cli(["purge-expired"], { ...env, RETENTION_DAYS: "7" });
    expect(text.stdout).toContain("(7 days)");
    expect(text.stdout).toContain("cli-b: 0 deliveries redacted");
  });
});
