import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import { idempotencyKey } from "../../src/features/voice/book-appointment.ts";
import { createNodeFetch } from "../../src/platform/node-fetch.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { testSecret } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * A server killed (SIGKILL) right after Cal.com created a booking, before it wrote anything
 * back: the attempt it wrote before calling Cal.com is found by the next server's settler, which
 * looks the booking up by its ref and writes the one appointment. Cal.com has exactly one booking.
 */
const bin = resolve(import.meta.dirname, "../../bin/frontdesk.js");
const retellKey = "key_retell_crash_test";
const salonNumber = "+493012345670";
const caller = "+4915177770000";

interface Server {
  child: ChildProcess;
  url: string;
  log: () => string;
}

describe.each(testEngines())("a server killed mid-booking on %s", (engine) => {
  let database: TestDatabase;
  let sim: RunningSimulator;
  let salon: Company;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    sim = await startSimulator(demoFixture());
    const nodeFetch = createNodeFetch();
    const fetch: typeof globalThis.fetch = (input, init) =>
      nodeFetch(String(input).replace("http://calcom.test", sim.url), init);
    const app = assembleForTest(database, fetch);
    ({ salon } = await seedDemoTenants(app));
    // The server in its own process reaches the simulator by its real address.
    salon = await app.store.companies.update(salon.id, { calcomBaseUrl: sim.url });
  }, 30_000);
  afterAll(async () => {
    for (const child of servers) child.kill("SIGKILL");
    await sim.close();
    await database.drop();
  });

  function serve(): Promise<Server> {
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
      cwd: mkdtempSync(join(tmpdir(), "frontdesk-crash-")),
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_URL: database.url,
        FRONTDESK_SECRET: testSecret,
        RETELL_API_KEY: retellKey,
        // Look lost bookings up every 200 ms (default 15 s), so the test need not wait long.
        BOOKING_SETTLE_INTERVAL_MS: "200",
        SYNC_CRON: "0 3 1 1 *",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    servers.push(child);
    let log = "";
    return new Promise((done, fail) => {
      child.stderr!.on("data", (d) => {
        log += d;
        const m = /"url":"(http:\/\/[^"]+)"/.exec(log);
        if (m?.[1]) done({ child, url: m[1], log: () => log });
      });
      child.on("close", () => fail(new Error(`serve exited early:\n${log}`)));
    });
  }

  async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms: number) {
    const stop = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > stop) throw new Error(`gave up waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("the next server's settler records the one booking Cal.com made", async () => {
    const start = await simulatorUser(() => sim).firstSlot(2001, 3);
    const callId = "call-crash";
    const key = idempotencyKey(
      salon.id,
      callId,
      (
        await database.db
          .selectFrom("service")
          .select("id")
          .where("company_id", "=", salon.id)
          .where("name", "=", "Haarschnitt")
          .executeTakeFirstOrThrow()
      ).id,
      start,
    );
    // Cal.com books, then holds its answer: the server is waiting when it is killed.
    sim.faults.inject({
      kind: "lost-answer",
      method: "POST",
      path: "/v2/bookings",
      delayMs: 60_000,
    });

    const first = await serve();
    const body = JSON.stringify({
      name: "book_appointment",
      call: { call_id: callId, agent_id: "agent_1", to_number: salonNumber, from_number: caller },
      args: { service: "Haarschnitt", start, customer_name: "Absturz Kundin" },
    });
    const answer = fetch(`${first.url}/webhooks/retell/functions`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-retell-signature": await Retell.sign(body, retellKey),
      },
    }).catch((error: unknown) => error);
    await until(
      "Cal.com to create the booking",
      async () => sim.bookings().some((b) => b.metadata.frontdeskRef === key),
      15_000,
    );
    const exited = new Promise((done) => first.child.on("close", done));
    first.child.kill("SIGKILL");
    await exited;
    expect(await answer).toBeInstanceOf(Error);

    // What the killed server left: the attempt, written before it called Cal.com; no appointment.
    const attempt = await database.db
      .selectFrom("booking_attempt")
      .selectAll()
      .where("company_id", "=", salon.id)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    expect(attempt).toMatchObject({ state: "booking", event_type_id: 2001 });
    const appointmentRows = () =>
      database.db
        .selectFrom("appointment")
        .selectAll()
        .where("company_id", "=", salon.id)
        .where("idempotency_key", "=", key)
        .execute();
    expect(await appointmentRows()).toHaveLength(0);

    // A new server takes over once the dead one's booking budget is spent (10 s + 1 s + 200 ms).
    const second = await serve();
    const rows = await until(
      "the settler to record the appointment",
      async () => {
        const found = await appointmentRows();
        return found.length > 0 ? found : null;
      },
      30_000,
    );
    expect(rows).toHaveLength(1);
    const booking = sim.bookings().filter((b) => b.metadata.frontdeskRef === key);
    expect(booking).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      calcom_booking_uid: booking[0]!.uid,
      source: "voice",
      retell_call_id: callId,
      attendee_name: "Absturz Kundin",
    });
    expect(rows[0]!.staff_id).not.toBeNull();
    expect(
      await database.db
        .selectFrom("booking_attempt")
        .select("state")
        .where("company_id", "=", salon.id)
        .where("idempotency_key", "=", key)
        .executeTakeFirst(),
    ).toBeUndefined();
    // The log line follows the commit and reaches us through a pipe: wait for it, too.
    await until(
      "the settler to log it",
      async () => (second.log().includes("booking settled") ? true : null),
      10_000,
    );
    expect(second.log()).toContain("booking settled");

    const stopped = new Promise<number | null>((done) => second.child.on("close", done));
    second.child.kill("SIGTERM");
    expect(await stopped).toBe(0);
  }, 60_000);
});
