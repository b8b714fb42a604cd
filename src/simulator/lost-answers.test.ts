import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator, type RunningSimulator, startSimulator } from "./simulator.ts";
import { call, capturingFetch, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
const bookingBody = JSON.stringify({
  start: "2026-10-20T07:00:00Z",
  eventTypeId: 2001,
  attendee: { name: "A", email: "a@x.de", timeZone: "UTC" },
  metadata: { frontdeskRef: "ref-1" },
});
const headers = { "Content-Type": "application/json", "cal-api-version": "2024-08-13" };

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start() {
  const hook = capturingFetch();
  const sim = await startSimulator(demoFixture(), {
    now,
    fetch: hook.fetch,
    webhooks: [{ teamId: 1001, url: "http://hooks.test/salon", secret: "s" }],
  });
  running.push(sim);
  return { sim, hook };
}

/** The booking is there afterwards, in bookings() and through GET /v2/bookings. */
async function expectBookingExists(sim: RunningSimulator) {
  expect(sim.bookings()).toHaveLength(1);
  expect(sim.bookings()[0]!.metadata).toEqual({ frontdeskRef: "ref-1" });
  const res = await fetch(`${sim.url}/v2/bookings?teamId=1001`, {
    headers: { Authorization: `Bearer ${salonKey}`, "cal-api-version": "2024-08-13" },
  });
  const listed = (await res.json()) as { data: { uid: string; metadata: unknown }[] };
  expect(listed.data.map((b) => b.uid)).toEqual([sim.bookings()[0]!.uid]);
  expect(listed.data[0]!.metadata).toEqual({ frontdeskRef: "ref-1" });
}

describe("lost-answer faults", () => {
  it("timeout: books, sends the webhook, and leaves the caller waiting until it gives up", async () => {
    const { sim, hook } = await start();
    sim.faults.inject({ kind: "lost-answer", method: "POST", path: "/v2/bookings" });
    const attempt = fetch(`${sim.url}/v2/bookings`, {
      method: "POST",
      headers,
      body: bookingBody,
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toThrow();
    await expectBookingExists(sim);
    await sim.flushWebhooks();
    expect(hook.received.map((w) => w.body.triggerEvent)).toEqual(["BOOKING_CREATED"]);
    expect(sim.requests[0]).toMatchObject({ method: "POST", path: "/v2/bookings", status: 0 });
  });

  it("timeout: closes the connection without an answer after delayMs", async () => {
    const { sim } = await start();
    sim.faults.inject({ kind: "lost-answer", path: "/v2/bookings", delayMs: 50 });
    const attempt = fetch(`${sim.url}/v2/bookings`, { method: "POST", headers, body: bookingBody });
    await expect(attempt).rejects.toThrow();
    await expectBookingExists(sim);
  });

  it("reset: books, then destroys the connection (node:http sees a reset)", async () => {
    const { sim, hook } = await start();
    sim.faults.inject({ kind: "lost-answer", mode: "reset", method: "POST", path: "/v2/bookings" });
    const { port, hostname } = new URL(sim.url);
    const outcome = await new Promise<{ error?: NodeJS.ErrnoException; status?: number }>(
      (resolve) => {
        const req = request(
          { host: hostname, port, path: "/v2/bookings", method: "POST", headers },
          (res) => resolve({ status: res.statusCode }),
        );
        req.on("error", (error) => resolve({ error }));
        req.end(bookingBody);
      },
    );
    expect(outcome.status).toBeUndefined();
    expect(outcome.error?.code).toMatch(/ECONNRESET|ECONNREFUSED|EPIPE/);
    await expectBookingExists(sim);
    await sim.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    // The simulator keeps serving.
    const after = await fetch(`${sim.url}/v2/teams`, {
      headers: { Authorization: `Bearer ${salonKey}` },
    });
    expect(after.status).toBe(200);
  });

  it("reset with fetch: the request fails, the booking stays", async () => {
    const { sim } = await start();
    sim.faults.inject({ kind: "lost-answer", mode: "reset", path: "/v2/bookings" });
    await expect(
      fetch(`${sim.url}/v2/bookings`, { method: "POST", headers, body: bookingBody }),
    ).rejects.toThrow();
    await expectBookingExists(sim);
  });

  it("in app.request (no socket): holds like a timeout, then answers 504 with no body", async () => {
    const sim = createSimulator(demoFixture(), { now });
    sim.faults.inject({ kind: "lost-answer", mode: "reset", path: "/v2/bookings", delayMs: 20 });
    const res = await sim.app.request("/v2/bookings", {
      method: "POST",
      headers,
      body: bookingBody,
    });
    expect(res.status).toBe(504);
    expect(await res.text()).toBe("");
    expect(sim.bookings()).toHaveLength(1);
    expect(sim.requests[0]!.status).toBe(0);
    const listed = await call(sim.app, "/v2/bookings", { key: salonKey, version: "2024-08-13" });
    expect(listed.json.data).toHaveLength(1);
  });
});
