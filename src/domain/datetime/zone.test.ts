import fc from "fast-check";
import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { zoneNamed } from "./zone.ts";

const zones = [
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "Australia/Lord_Howe", // a 30-minute DST shift
  "Asia/Kathmandu", // +05:45
  "Pacific/Chatham", // +12:45 / +13:45
  "America/Sao_Paulo",
];

describe("zoneNamed", () => {
  it("gives the same offsets as luxon's own zone, around every transition too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (name, ts) => {
          expect(zoneNamed(name).offset(ts)).toBe(IANAZone.create(name).offset(ts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("is exact inside a quarter hour that holds a transition (Monrovia, 1972-01-07 00:44:30 UTC)", () => {
    const zone = zoneNamed("Africa/Monrovia");
    const switchAt = Date.UTC(1972, 0, 7, 0, 44, 30);
    // A later instant of the same quarter first, so a cache keyed by quarter alone would be wrong.
    expect(zone.offset(switchAt + 10_000)).toBe(0);
    expect(zone.offset(switchAt - 1)).toBe(-44.5);
    expect(zone.offset(Date.UTC(1972, 0, 7, 0, 30))).toBe(-44.5);
    expect(zone.offset(switchAt)).toBe(0);
  });

  it("changes offset exactly at a DST switch (Berlin, 2026-03-29 01:00 UTC)", () => {
    const zone = zoneNamed("Europe/Berlin");
    const switchAt = Date.UTC(2026, 2, 29, 1, 0, 0);
    expect(zone.offset(switchAt + 60_000)).toBe(120);
    expect(zone.offset(switchAt - 1)).toBe(60);
    expect(zone.offset(switchAt)).toBe(120);
  });

  it("builds the same local times as a zone given by name", () => {
    const at = new Date("2026-10-25T00:30:00Z");
    const cached = DateTime.fromJSDate(at, { zone: zoneNamed("Europe/Berlin") });
    const plain = DateTime.fromJSDate(at, { zone: "Europe/Berlin" });
    expect(cached.toISO()).toBe(plain.toISO());
    expect(cached.set({ hour: 2, minute: 30 }).toISO()).toBe(
      plain.set({ hour: 2, minute: 30 }).toISO(),
    );
    expect(cached.zone.equals(plain.zone)).toBe(true);
  });

  it("is invalid for an unknown name, as luxon's zone is", () => {
    expect(zoneNamed("Mars/Olympus").isValid).toBe(false);
    expect(DateTime.fromJSDate(new Date(), { zone: zoneNamed("Mars/Olympus") }).isValid).toBe(
      false,
    );
  });
});
