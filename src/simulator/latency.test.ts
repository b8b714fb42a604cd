import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import {
  createLatencySampler,
  type LatencyClass,
  latencyClassOf,
  mulberry32,
  realisticLatency,
  simulatorLatencyFromEnv,
} from "./latency.ts";
import { createSimulator, startSimulator } from "./simulator.ts";
import { book, call, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
const nine = "2026-10-20T07:00:00.000Z";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function draw(cls: LatencyClass, n: number, seed = 42): number[] {
  const sample = createLatencySampler("realistic", seed);
  return Array.from({ length: n }, () => sample(cls)).sort((a, b) => a - b);
}

/** A sleep that never waits on the clock: each call parks until the test releases it. */
function manualSleep() {
  const calls: { ms: number; release: () => void }[] = [];
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      calls.push({ ms, release: resolve });
    });
  const next = async () => {
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 1));
    return calls.shift()!;
  };
  return { sleep, calls, next };
}

describe("the realistic profile", () => {
  it.each([
    ["slots", 600, 2500],
    ["bookings", 1200, 4000],
    ["reads", 250, 800],
  ] as const)("draws %s with median %i ms and p95 %i ms", (cls, median, p95) => {
    const sorted = draw(cls, 20_000);
    expect(percentile(sorted, 0.5)).toBeGreaterThan(median * 0.95);
    expect(percentile(sorted, 0.5)).toBeLessThan(median * 1.05);
    expect(percentile(sorted, 0.95)).toBeGreaterThan(p95 * 0.92);
    expect(percentile(sorted, 0.95)).toBeLessThan(p95 * 1.08);
    expect(sorted[0]).toBeGreaterThan(0);
  });

  it("publishes its figures", () => {
    expect(realisticLatency).toEqual({
      slots: { medianMs: 600, p95Ms: 2500 },
      bookings: { medianMs: 1200, p95Ms: 4000 },
      reads: { medianMs: 250, p95Ms: 800 },
    });
  });

  it("repeats exactly for a seed and differs for another", () => {
    const a = createLatencySampler("realistic", 7);
    const b = createLatencySampler("realistic", 7);
    const c = createLatencySampler("realistic", 8);
    const seq = (s: (cls: LatencyClass) => number) => Array.from({ length: 20 }, () => s("slots"));
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });
});

describe("other profiles", () => {
  it("answers at once with zero (the default)", () => {
    for (const option of ["zero", undefined] as const) {
      const sample = createLatencySampler(option);
      expect([sample("slots"), sample("bookings"), sample("reads")]).toEqual([0, 0, 0]);
    }
  });

  it("takes a fixed delay as a number and a spread as median/p95; a missing class is 0", () => {
    const sample = createLatencySampler({ bookings: 4000, slots: { medianMs: 300, p95Ms: 300 } });
    expect([sample("bookings"), sample("bookings"), sample("slots"), sample("reads")]).toEqual([
      4000, 4000, 300, 0,
    ]);
  });

  it.each([
    [{ reads: -1 }],
    [{ reads: { medianMs: 500, p95Ms: 100 } }],
    [{ reads: { medianMs: 0, p95Ms: 100 } }],
    [{ reads: Number.NaN }],
  ])("refuses the impossible profile %j", (profile) => {
    expect(() => createLatencySampler(profile)).toThrow(RangeError);
  });

  it("has a deterministic mulberry32 in [0, 1)", () => {
    const random = mulberry32(123);
    const values = Array.from({ length: 1000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(123)()).toBe(values[0]);
  });
});

describe("latencyClassOf", () => {
  it.each([
    ["GET", "/v2/slots", "slots"],
    ["GET", "/v2/slots/", "slots"],
    ["POST", "/v2/slots/reservations", "reads"],
    ["GET", "/v2/slots/reservations/abc", "reads"],
    ["PATCH", "/v2/slots/reservations/abc", "reads"],
    ["DELETE", "/v2/slots/reservations/abc", "reads"],
    ["POST", "/v2/bookings", "bookings"],
    ["POST", "/v2/bookings/abc/cancel", "bookings"],
    ["POST", "/v2/bookings/abc/reschedule", "bookings"],
    ["POST", "/v2/bookings/abc/confirm", "bookings"],
    ["POST", "/v2/bookings/abc/decline", "bookings"],
    ["GET", "/v2/bookings", "reads"],
    ["GET", "/v2/bookings/abc", "reads"],
    ["GET", "/v2/teams/1/event-types", "reads"],
  ] as const)("classes %s %s as %s", (method, path, cls) => {
    expect(latencyClassOf(method, path)).toBe(cls);
  });
});

describe("simulatorLatencyFromEnv", () => {
  it("reads zero or realistic, and falls back when unset or empty", () => {
    expect(simulatorLatencyFromEnv({ CALCOM_SIM_LATENCY: "zero" }, "realistic")).toBe("zero");
    expect(simulatorLatencyFromEnv({ CALCOM_SIM_LATENCY: " realistic " })).toBe("realistic");
    expect(simulatorLatencyFromEnv({}, "realistic")).toBe("realistic");
    expect(simulatorLatencyFromEnv({ CALCOM_SIM_LATENCY: "" })).toBe("zero");
  });

  it("names the variable and the allowed values for anything else", () => {
    expect(() => simulatorLatencyFromEnv({ CALCOM_SIM_LATENCY: "fast" })).toThrow(
      /CALCOM_SIM_LATENCY must be "zero" or "realistic".*"fast"/,
    );
  });
});

describe("latency in the simulator", () => {
  it("stores a booking after 70 % of its delay and answers after all of it", async () => {
    const clock = manualSleep();
    const sim = createSimulator(demoFixture(), {
      now,
      latency: { bookings: 4000 },
      sleep: clock.sleep,
    });
    const pending = book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    let answered = false;
    void pending.then(() => {
      answered = true;
    });

    const first = await clock.next();
    expect(first.ms).toBe(2800);
    expect(sim.bookings()).toHaveLength(0);
    first.release();
    const second = await clock.next();
    expect(second.ms).toBe(1200);
    expect(sim.bookings()).toHaveLength(1); // stored before the answer
    expect(answered).toBe(false);
    second.release();
    expect((await pending).status).toBe(201);
  });

  it("waits before a read, and not at all with the zero profile", async () => {
    const clock = manualSleep();
    const sim = createSimulator(demoFixture(), {
      now,
      latency: { reads: 250 },
      sleep: clock.sleep,
    });
    const res = call(sim.app, "/v2/teams", { key: salonKey });
    const wait = await clock.next();
    expect(wait.ms).toBe(250);
    wait.release();
    expect((await res).status).toBe(200);
    expect(clock.calls).toEqual([]);

    const fast = createSimulator(demoFixture(), { now, sleep: clock.sleep });
    expect((await call(fast.app, "/v2/teams", { key: salonKey })).status).toBe(200);
    expect(clock.calls).toEqual([]);
  });

  it("keeps the realistic draws of a seed, request after request", async () => {
    const clock = manualSleep();
    const sim = createSimulator(demoFixture(), {
      now,
      latency: "realistic",
      seed: 9,
      sleep: clock.sleep,
    });
    const expected = createLatencySampler("realistic", 9);
    for (let i = 0; i < 3; i++) {
      const res = call(sim.app, "/v2/teams/1001/event-types");
      const wait = await clock.next();
      expect(wait.ms).toBe(expected("reads"));
      wait.release();
      await res;
    }
    sim.setLatency("zero");
    expect((await call(sim.app, "/v2/teams/1001/event-types")).status).toBe(200);
    expect(clock.calls).toEqual([]);
  });

  it("does not undo a booking whose caller hung up before the answer", async () => {
    const clock = manualSleep();
    const sim = await startSimulator(demoFixture(), {
      now,
      latency: { bookings: 5000 },
      sleep: clock.sleep,
    });
    try {
      const gaveUp = new AbortController();
      const attempt = fetch(`${sim.url}/v2/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "cal-api-version": "2024-08-13" },
        body: JSON.stringify({
          start: nine,
          eventTypeId: 2001,
          attendee: { name: "A", email: "a@x.de", timeZone: "UTC" },
        }),
        signal: gaveUp.signal,
      }).catch((error: unknown) => error);
      const first = await clock.next();
      gaveUp.abort();
      expect(await attempt).toBeInstanceOf(Error);
      first.release(); // Cal.com carries on after the caller has gone
      const second = await clock.next();
      expect(sim.bookings()).toHaveLength(1);
      second.release();
    } finally {
      await sim.close();
    }
  });

  it("lets close() end a request waiting out its latency", async () => {
    const sim = await startSimulator(demoFixture(), { now, latency: { reads: 60_000 } });
    const held = fetch(`${sim.url}/v2/teams/1001/event-types`).catch((e: unknown) => e);
    while (sim.requests.length < 1) await new Promise((r) => setTimeout(r, 5));
    const began = Date.now();
    await sim.close();
    expect(Date.now() - began).toBeLessThan(1000);
    await held;
  });
});
