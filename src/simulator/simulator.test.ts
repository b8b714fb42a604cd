import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator, startSimulator } from "./simulator.ts";
import { book, call, dentalKey, salonKey } from "./test-helpers.ts";

function movableClock(iso: string) {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe("request log", () => {
  it("records every request in order with its version, key and status", async () => {
    const sim = createSimulator(demoFixture(), { now: () => new Date("2026-10-19T06:00:00Z") });
    await call(sim.app, "/v2/teams/1001/memberships?take=2&skip=1", {
      key: salonKey,
      version: "2024-08-13",
    });
    await call(sim.app, "/v2/slots?eventTypeId=2001");
    expect(sim.requests).toEqual([
      {
        method: "GET",
        path: "/v2/teams/1001/memberships",
        query: { take: "2", skip: "1" },
        apiVersion: "2024-08-13",
        apiKey: salonKey,
        status: 200,
        at: "2026-10-19T06:00:00.000Z",
      },
      {
        method: "GET",
        path: "/v2/slots",
        query: { eventTypeId: "2001" },
        apiVersion: null,
        apiKey: null,
        status: 404,
        at: "2026-10-19T06:00:00.000Z",
      },
    ]);
  });
});

describe("rate limit", () => {
  it("sends the X-RateLimit-*-Default headers on every response", async () => {
    const { app } = createSimulator(demoFixture());
    const ok = await call(app, "/v2/teams", { key: salonKey });
    expect(ok.headers.get("X-RateLimit-Limit-Default")).toBe("120");
    expect(ok.headers.get("X-RateLimit-Remaining-Default")).toBe("119");
    expect(ok.headers.get("X-RateLimit-Reset-Default")).toBe("60");
    const missing = await call(app, "/v2/unknown");
    expect(missing.headers.get("X-RateLimit-Remaining-Default")).toBe("119");
  });

  it("refuses the 121st request in a minute with 429 ThrottlerException and no Retry-After", async () => {
    const clock = movableClock("2026-10-19T06:00:00Z");
    const { app } = createSimulator(demoFixture(), { now: clock.now });
    for (let i = 0; i < 120; i++) {
      expect((await call(app, "/v2/teams", { key: salonKey })).status).toBe(200);
      clock.advance(100);
    }
    const refused = await call(app, "/v2/teams", { key: salonKey });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toEqual({
      code: "ThrottlerException",
      message: "CustomThrottlerGuard - Too many requests. Please try again later.",
    });
    expect(refused.headers.get("Retry-After")).toBeNull();
    expect(refused.headers.get("X-RateLimit-Remaining-Default")).toBe("0");
    // 12 s have passed since the first request, so it leaves the window in 48 s.
    expect(refused.headers.get("X-RateLimit-Reset-Default")).toBe("48");

    // Other callers have their own budget.
    expect((await call(app, "/v2/teams", { key: dentalKey })).status).toBe(200);
    expect((await call(app, "/v2/teams/1001/event-types")).status).toBe(200);

    // The window rolls: once the first request is 60 s old, one more fits; 100 ms later another.
    clock.advance(48_000);
    expect((await call(app, "/v2/teams", { key: salonKey })).status).toBe(200);
    expect((await call(app, "/v2/teams", { key: salonKey })).status).toBe(429);
    clock.advance(100);
    expect((await call(app, "/v2/teams", { key: salonKey })).status).toBe(200);
  });

  it("counts unauthenticated callers together as anonymous", async () => {
    const { app } = createSimulator(demoFixture(), { rateLimitPerMinute: 2 });
    expect((await call(app, "/v2/teams/1001/event-types")).status).toBe(200);
    expect((await call(app, "/v2/teams/1002/event-types")).status).toBe(200);
    expect((await call(app, "/v2/teams/1001/event-types")).status).toBe(429);
    expect((await call(app, "/v2/teams/1001/event-types", { key: salonKey })).status).toBe(200);
  });
});

describe("faults", () => {
  it("answers '500' with the error envelope", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "500" });
    const res = await call(sim.app, "/v2/teams", { key: salonKey });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({
      status: "error",
      path: "/v2/teams",
      error: { code: "InternalServerErrorException" },
    });
    expect((await call(sim.app, "/v2/teams", { key: salonKey })).status).toBe(200);
  });

  it("answers '500-bare' with Nest's bare body", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "500-bare" });
    const res = await call(sim.app, "/v2/teams", { key: salonKey });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ statusCode: 500, message: "Internal server error" });
  });

  it("answers '429' like the throttler, without Retry-After", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "429" });
    const res = await call(sim.app, "/v2/teams", { key: salonKey });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("ThrottlerException");
    expect(res.headers.get("Retry-After")).toBeNull();
    expect(res.headers.get("X-RateLimit-Remaining-Default")).toBe("0");
  });

  it("answers 'malformed' with 200 and a truncated JSON body", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "malformed" });
    const res = await sim.app.request("/v2/teams", {
      headers: { Authorization: `Bearer ${salonKey}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe('{"status":"success","data":');
    expect(() => JSON.parse(text)).toThrow();
  });

  it("hits only matching requests, `times` times, and can be cleared", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "500", method: "get", path: /\/memberships$/, times: 2 });
    sim.faults.inject({ kind: "429", path: "/v2/teams/1001/event-types" });
    const members = () => call(sim.app, "/v2/teams/1001/memberships", { key: salonKey });
    expect((await call(sim.app, "/v2/teams", { key: salonKey })).status).toBe(200);
    expect((await members()).status).toBe(500);
    expect((await members()).status).toBe(500);
    expect((await members()).status).toBe(200);
    sim.faults.clear();
    expect((await call(sim.app, "/v2/teams/1001/event-types")).status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 500, 500, 200, 200]);
  });

  it("holds a 'timeout' request back without blocking others, then answers it", async () => {
    const sim = createSimulator(demoFixture());
    sim.faults.inject({ kind: "timeout", path: "/v2/teams", delayMs: 150 });
    const began = Date.now();
    const slow = call(sim.app, "/v2/teams", { key: salonKey }).then((r) => ({
      ...r,
      at: Date.now(),
    }));
    const fast = await call(sim.app, "/v2/teams/1001", { key: salonKey });
    expect(fast.status).toBe(200);
    expect(sim.requests[0]!.status).toBe(0); // still held
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.at - began).toBeGreaterThanOrEqual(140);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it("drops a held request whose caller gave up, and close() does not wait for held ones", async () => {
    const sim = await startSimulator(demoFixture(), {
      now: () => new Date("2026-10-19T06:00:00Z"),
    });
    sim.faults.inject({ kind: "timeout", method: "POST", delayMs: 250 });
    const attempt = fetch(`${sim.url}/v2/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "cal-api-version": "2024-08-13" },
      body: JSON.stringify({
        start: "2026-10-20T07:00:00Z",
        eventTypeId: 2001,
        attendee: { name: "A", email: "a@x.de", timeZone: "UTC" },
      }),
      signal: AbortSignal.timeout(100),
    });
    await expect(attempt).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 250)); // well past the hold
    expect(sim.bookings()).toEqual([]); // the abandoned booking never ran
    expect(sim.requests[0]!.status).toBe(0);

    sim.faults.inject({ kind: "timeout" }); // default 30 s
    const held = fetch(`${sim.url}/v2/teams`).catch((error: unknown) => error);
    while (sim.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    const began = Date.now();
    await sim.close();
    expect(Date.now() - began).toBeLessThan(1000);
    expect(await held).toBeInstanceOf(Error);
  });
});

describe("robustness", () => {
  it("answers a body that is not JSON on any POST with 400, never crashing", async () => {
    const { app } = createSimulator(demoFixture());
    for (const path of ["/v2/bookings", "/v2/bookings/x/cancel", "/v2/bookings/x/reschedule"]) {
      const res = await call(app, path, { method: "POST", version: "2024-08-13", rawBody: "{{" });
      expect(res.status).toBe(400);
    }
  });

  it("hands out copies from bookings()", async () => {
    const sim = createSimulator(demoFixture(), { now: () => new Date("2026-10-19T06:00:00Z") });
    await book(sim.app, "2026-10-20T07:00:00Z", 2001, { name: "A", email: "a@x.de" });
    const copy = sim.bookings()[0]!;
    copy.status = "cancelled";
    expect(sim.bookings()[0]!.status).toBe("accepted");
  });
});

describe("startSimulator", () => {
  it("serves the API on 127.0.0.1 at a free port", async () => {
    const sim = await startSimulator(demoFixture());
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${sim.url}/v2/teams`, {
        headers: { Authorization: `Bearer ${salonKey}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});
