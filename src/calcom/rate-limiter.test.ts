import { describe, expect, it } from "vitest";
import {
  createRateLimiter,
  createRateLimiterRegistry,
  resetToMs,
  sharedRateLimiter,
} from "./rate-limiter.ts";

function fakeTime() {
  const clock = { t: 0, slept: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
}

describe("createRateLimiter", () => {
  it("lets `limit` requests through per rolling window and spaces the rest", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000, ...time });
    const sentAt: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      expect(await limiter.acquire(10_000)).toBe(true);
      sentAt.push(time.clock.t);
    }
    expect(sentAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it("refuses instead of waiting longer than allowed", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, ...time });
    expect(await limiter.acquire(0)).toBe(true);
    expect(await limiter.acquire(999)).toBe(false);
    expect(time.clock.slept).toEqual([]);
  });

  it("waits until the server's reset when it reports nothing remaining", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ...time });
    limiter.observe(
      new Headers({ "X-RateLimit-Remaining-Default": "0", "X-RateLimit-Reset-Default": "7" }),
    );
    expect(await limiter.acquire(60_000)).toBe(true);
    expect(time.clock.t).toBe(7000);
  });

  it("counts down the server's remaining budget before its reset", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ...time });
    limiter.observe(
      new Headers({ "x-ratelimit-remaining-default": "2", "x-ratelimit-reset-default": "4500" }),
    );
    await limiter.acquire(60_000);
    await limiter.acquire(60_000);
    expect(time.clock.t).toBe(0);
    await limiter.acquire(60_000);
    expect(time.clock.t).toBe(4500);
  });

  it("ignores responses without rate-limit headers", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ...time });
    limiter.observe(new Headers({ "content-type": "application/json" }));
    expect(await limiter.acquire(0)).toBe(true);
  });
});

describe("resetToMs", () => {
  it("reads small values as seconds and large ones as milliseconds", () => {
    expect(resetToMs(60)).toBe(60_000);
    expect(resetToMs(1000)).toBe(1_000_000);
    expect(resetToMs(45_000)).toBe(45_000);
  });
});

describe("sharedRateLimiter", () => {
  it("is one limiter per key and host", () => {
    const a = sharedRateLimiter("https://api.cal.com", "cal_a");
    expect(sharedRateLimiter("https://api.cal.com/", "cal_a")).toBe(a);
    expect(sharedRateLimiter("https://api.cal.com", "cal_b")).not.toBe(a);
    expect(sharedRateLimiter("https://api.cal.eu", "cal_a")).not.toBe(a);
  });

  it("admits a key's custom limit per minute, 120 by default", async () => {
    const standard = sharedRateLimiter("https://api.cal.com", "cal_limits_default");
    for (let i = 0; i < 120; i++) expect(await standard.acquire(0)).toBe(true);
    expect(await standard.acquire(0)).toBe(false);
    const raised = sharedRateLimiter("https://api.cal.com", "cal_limits_raised", 500);
    for (let i = 0; i < 500; i++) expect(await raised.acquire(0)).toBe(true);
    expect(await raised.acquire(0)).toBe(false);
  });
});

describe("createRateLimiterRegistry", () => {
  it("keeps budgets of its own: a key spent in one registry is whole in another", async () => {
    const first = createRateLimiterRegistry();
    const spent = first("https://api.cal.com", "cal_registry");
    for (let i = 0; i < 120; i++) expect(await spent.acquire(0)).toBe(true);
    expect(await first("https://api.cal.com", "cal_registry").acquire(0)).toBe(false);
    const second = createRateLimiterRegistry();
    expect(second("https://api.cal.com", "cal_registry")).not.toBe(spent);
    expect(await second("https://api.cal.com", "cal_registry").acquire(0)).toBe(true);
    expect(sharedRateLimiter("https://api.cal.com", "cal_registry")).not.toBe(spent);
  });
});
