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
