import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Company } from "../../domain/entities.ts";
import { fixedClock } from "../../platform/clock.ts";
import { createSlotCache } from "../../platform/slot-cache.ts";
import {
  addDays,
  nearest,
  slotRange,
  slotWindow,
  upcoming,
  weekOfSlots,
  windowIndexOf,
  windowOfSlots,
} from "./slots.ts";

const at = (hhmm: string) => `2026-12-01T${hhmm}:00.000Z`;
const day = ["08:00", "08:30", "09:00", "10:00", "12:00", "12:30", "15:00"].map(at);
const now = new Date(at("08:15"));

describe("nearest", () => {
  it("picks the closest three, earliest first, never in the past", () => {
    expect(nearest(day, at("11:00"), now)).toEqual([at("10:00"), at("12:00"), at("12:30")]);
    expect(nearest(day, at("07:00"), now)).toEqual([at("08:30"), at("09:00"), at("10:00")]);
    expect(nearest(day, at("18:00"), now)).toEqual([at("12:00"), at("12:30"), at("15:00")]);
  });

  it("gives a tie to the earlier slot", () => {
    expect(nearest(day, at("11:00"), now, 1)).toEqual([at("10:00")]);
  });

  it("reads a target with an offset, and returns fewer when fewer are left", () => {
    expect(nearest(day, "2026-12-01T16:00:00+01:00", now, 2)).toEqual(
      [at("15:00"), at("12:30")].sort(),
    );
    expect(nearest(day, at("12:00"), new Date(at("12:45")))).toEqual([at("15:00")]);
  });

  it("agrees with sorting every slot by distance", () => {
    const minutes = fc
      .integer({ min: 0, max: 7 * 24 * 4 })
      .map((q) => new Date(Date.UTC(2026, 11, 1) + q * 15 * 60_000).toISOString());
    fc.assert(
      fc.property(
        fc.uniqueArray(minutes, { maxLength: 60 }),
        minutes,
        minutes,
        (raw, target, nowIso) => {
          const slots = [...raw].sort();
          const t = Date.parse(target);
          const expected = slots
            .filter((s) => s > nowIso)
            .sort(
              (a, b) =>
                Math.abs(Date.parse(a) - t) - Math.abs(Date.parse(b) - t) || a.localeCompare(b),
            )
            .slice(0, 3)
            .sort();
          expect(nearest(slots, target, new Date(nowIso))).toEqual(expected);
        },
      ),
    );
  });
});

describe("upcoming", () => {
  it("keeps only slots after now (a slot starting now has begun)", () => {
    expect(upcoming(day, new Date(at("10:00")))).toEqual([at("12:00"), at("12:30"), at("15:00")]);
    expect(upcoming(day, new Date(at("16:00")))).toEqual([]);
  });
});

const berlin = { id: "c1", timezone: "Europe/Berlin" } as Company;

describe("slot windows", () => {
  // Wednesday 24 March 2027, 10:00 in Berlin; summer time starts on Sunday 28 March.
  const now = new Date("2027-03-24T09:00:00Z");

  it("are seven local days from today, midnight to midnight, across a clock change", () => {
    expect(slotWindow(berlin, now, 0)).toEqual({
      index: 0,
      firstDay: "2027-03-24",
      startUtc: "2027-03-23T23:00:00.000Z",
      endUtc: "2027-03-30T22:00:00.000Z",
      range: "2027-03-23T23:00:00.000Z/2027-03-30T22:00:00.000Z",
    });
    expect(slotWindow(berlin, now, 1).startUtc).toBe("2027-03-30T22:00:00.000Z");
  });

  it("put every day of a week in the same window", () => {
    expect(
      ["2027-03-24", "2027-03-27", "2027-03-30"].map((d) => windowIndexOf(berlin, now, d)),
    ).toEqual([0, 0, 0]);
    expect(windowIndexOf(berlin, now, "2027-03-31")).toBe(1);
    expect(windowIndexOf(berlin, now, "2027-03-23")).toBe(-1);
    // The local day decides: 23:30 UTC on the 23rd is already the 24th in Berlin.
    expect(slotWindow(berlin, new Date("2027-03-23T23:30:00Z"), 0).firstDay).toBe("2027-03-24");
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
  });
});

describe("reading slots by window", () => {
  const now = new Date("2027-03-24T09:00:00Z");
  function deps() {
    const asked: string[] = [];
    const calcom = {
      async slots(
        _c: Company,
        q: { eventTypeId: number; startUtc: string; endUtc: string; hostIds?: readonly number[] },
      ) {
        asked.push(`${q.startUtc}/${q.endUtc}${q.hostIds ? ` hosts ${q.hostIds}` : ""}`);
        // One slot at 10:00 UTC on every day of the range.
        const out: string[] = [];
        const first = Math.floor(Date.parse(q.startUtc) / 86_400_000) * 86_400_000;
        for (let t = first; t < Date.parse(q.endUtc); t += 86_400_000)
          out.push(new Date(t + 36_000_000).toISOString());
        return out.filter((x) => x >= q.startUtc && x < q.endUtc);
      },
    };
    return { calcom, slotCache: createSlotCache(), clock: fixedClock(now.toISOString()), asked };
  }

  it("answers any day of a window from one request", async () => {
    const d = deps();
    const w = slotWindow(berlin, now, 0);
    await windowOfSlots(d, berlin, 2001, w);
    await windowOfSlots(d, berlin, 2001, slotWindow(berlin, now, 0));
    expect(d.asked).toEqual([w.range]);
    expect(await windowOfSlots(d, berlin, 2001, slotWindow(berlin, now, -1))).toEqual([]);
    expect(d.asked).toHaveLength(1);
  });

  it("reads a week from a day out of the one or two windows that cover it", async () => {
    const d = deps();
    const today = await weekOfSlots(d, berlin, 2001, "2027-03-24");
    expect(d.asked).toEqual([slotWindow(berlin, now, 0).range]);
    expect(today).toHaveLength(7);
    const friday = await weekOfSlots(d, berlin, 2001, "2027-03-26");
    expect(d.asked).toEqual([slotWindow(berlin, now, 0).range, slotWindow(berlin, now, 1).range]);
    expect(friday[0]).toBe("2027-03-26T10:00:00.000Z");
    expect(friday.at(-1)).toBe("2027-04-01T10:00:00.000Z");
    expect(friday).toHaveLength(7);
  });

  it("keeps the chosen hosts' times apart from the team's, and a booking drops both", async () => {
    const d = deps();
    const w = slotWindow(berlin, now, 0);
    expect(slotRange(w, [7, 3])).toBe(`${w.range}/hosts=3,7`);
    expect(slotRange(w, [])).toBe(w.range);
    await windowOfSlots(d, berlin, 2001, w);
    await windowOfSlots(d, berlin, 2001, w, undefined, [7, 3]);
    await windowOfSlots(d, berlin, 2001, w, undefined, [3, 7]);
    expect(d.asked).toEqual([w.range, `${w.range} hosts 7,3`]);
    d.slotCache.invalidate(berlin.id, 2001, ["2027-03-25T10:00:00.000Z"]);
    expect(d.slotCache.age(berlin.id, 2001, w.range)).toBeUndefined();
    expect(d.slotCache.age(berlin.id, 2001, slotRange(w, [3, 7]))).toBeUndefined();
  });
});
