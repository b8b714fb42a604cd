import { describe, expect, it } from "vitest";
import { createSlotCache } from "./slot-cache.ts";

const day = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2027, 2, 1) + days * day).toISOString();
/** The week-long range weekOfSlots asks for, starting `days` after 2027-03-01. */
const weekFrom = (days: number) => `${at(days)}/${at(days + 7)}`;

describe("createSlotCache", () => {
  function filled() {
    const cache = createSlotCache();
    for (const days of [0, 7, 14, 21, 28]) cache.set("c1", 2001, weekFrom(days), [at(days)]);
    cache.set("c1", 2002, weekFrom(14), [at(14)]);
    cache.set("c2", 2001, weekFrom(14), [at(14)]);
    return cache;
  }
  const kept = (cache: ReturnType<typeof createSlotCache>) =>
    [0, 7, 14, 21, 28].filter((days) => cache.get("c1", 2001, weekFrom(days)) !== undefined);

  it("drops the ranges within a week of a booking change and keeps the rest", () => {
    const cache = filled();
    // A booking on day 16: ranges overlapping days 9–23 go (those starting on 7, 14 and 21).
    cache.invalidate("c1", 2001, [at(16)]);
    expect(kept(cache)).toEqual([0, 28]);
    // Another event type and another company are not touched.
    expect(cache.get("c1", 2002, weekFrom(14))).toEqual([at(14)]);
    expect(cache.get("c2", 2001, weekFrom(14))).toEqual([at(14)]);
  });

  it("covers every instant of a reschedule, old and new", () => {
    const cache = filled();
    cache.invalidate("c1", 2001, [at(2), at(30)]);
    expect(kept(cache)).toEqual([]);
  });

  it("drops every range of the event type when it does not know where the change was", () => {
    const cache = filled();
    cache.invalidate("c1", 2001);
    expect(kept(cache)).toEqual([]);
    const again = filled();
    again.invalidate("c1", 2001, ["not a time"]);
    expect(kept(again)).toEqual([]);
    expect(again.get("c2", 2001, weekFrom(14))).toEqual([at(14)]);
  });

  it("keeps entries 30 s at most", () => {
    let t = 0;
    const cache = createSlotCache({ ttlMs: 60_000, now: () => t });
    cache.set("c1", 2001, weekFrom(0), [at(0)]);
    t = 29_999;
    expect(cache.get("c1", 2001, weekFrom(0))).toEqual([at(0)]);
    t = 30_000;
    expect(cache.get("c1", 2001, weekFrom(0))).toBeUndefined();
  });
});

describe("createSlotCache.load", () => {
  /** A fetch that answers when told to, counting its calls. */
  function deferred(slots: string[]) {
    let calls = 0;
    let release = () => {};
    const fetch = () => {
      calls += 1;
      return new Promise<string[]>((done) => {
        release = () => done(slots);
      });
    };
    return { fetch, release: () => release(), calls: () => calls };
  }

  it("sends one request for a range however many ask while it is under way", async () => {
    const cache = createSlotCache();
    const f = deferred([at(1)]);
    const readers = [1, 2, 3].map(() => cache.load("c1", 2001, weekFrom(0), f.fetch));
    expect(cache.loading("c1", 2001, weekFrom(0))).toBe(true);
    f.release();
    const answers = await Promise.all(readers);
    expect(f.calls()).toBe(1);
    expect(answers.map((a) => a.source)).toEqual(["calcom", "shared", "shared"]);
    expect(answers.every((a) => a.slots[0] === at(1))).toBe(true);
    // Kept: the next reader is answered from memory.
    expect(await cache.load("c1", 2001, weekFrom(0), f.fetch)).toEqual({
      slots: [at(1)],
      source: "cache",
    });
    expect(cache.loading("c1", 2001, weekFrom(0))).toBe(false);
  });

  it("keeps companies and event types apart", async () => {
    const cache = createSlotCache();
    await cache.load("c1", 2001, weekFrom(0), async () => [at(1)]);
    const other = await cache.load("c2", 2001, weekFrom(0), async () => [at(2)]);
    expect(other).toEqual({ slots: [at(2)], source: "calcom" });
    expect(cache.get("c1", 2001, weekFrom(0))).toEqual([at(1)]);
  });

  it("does not keep an answer a booking change made stale while it was fetched", async () => {
    const cache = createSlotCache();
    const f = deferred([at(1)]);
    const first = cache.load("c1", 2001, weekFrom(0), f.fetch);
    cache.invalidate("c1", 2001, [at(2)]);
    // The next reader does not join the stale request.
    const second = cache.load("c1", 2001, weekFrom(0), async () => [at(3)]);
    f.release();
    expect((await first).slots).toEqual([at(1)]);
    expect(await second).toEqual({ slots: [at(3)], source: "calcom" });
    expect(cache.get("c1", 2001, weekFrom(0))).toEqual([at(3)]);
  });

  it("refreshes a held range, serving the old answer until the new one is in", async () => {
    let t = 0;
    const cache = createSlotCache({ now: () => t });
    await cache.load("c1", 2001, weekFrom(0), async () => [at(1)]);
    t = 20_000;
    expect(cache.age("c1", 2001, weekFrom(0))).toBe(20_000);
    const f = deferred([at(2)]);
    const refreshing = cache.load("c1", 2001, weekFrom(0), f.fetch, { refresh: true });
    expect(cache.get("c1", 2001, weekFrom(0))).toEqual([at(1)]);
    f.release();
    expect((await refreshing).slots).toEqual([at(2)]);
    expect(cache.age("c1", 2001, weekFrom(0))).toBe(0);
    t = 49_999;
    expect(cache.get("c1", 2001, weekFrom(0))).toEqual([at(2)]);
  });

  it("keeps nothing when the request fails, and lets the next reader try again", async () => {
    const cache = createSlotCache();
    await expect(
      cache.load("c1", 2001, weekFrom(0), async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    expect(cache.loading("c1", 2001, weekFrom(0))).toBe(false);
    expect((await cache.load("c1", 2001, weekFrom(0), async () => [at(1)])).source).toBe("calcom");
  });
});
