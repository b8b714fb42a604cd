import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearest, upcoming } from "./slots.ts";

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
