import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { zonedIso } from "./zoned-iso.ts";

describe("zonedIso", () => {
  const zones = [
    "UTC",
    "utc",
    "Europe/Berlin",
    "Europe/London",
    "Asia/Kolkata",
    "America/St_Johns",
    "Australia/Lord_Howe",
  ];
  // Every 29 minutes over a year: both DST changes of each zone and ordinary times.
  const from = Date.UTC(2026, 0, 1);
  const times = Array.from(
    { length: Math.floor((366 * 24 * 60) / 29) },
    (_, i) => from + i * 29 * 60_000,
  );

  it.each(zones)("writes what luxon writes in %s", (zone) => {
    const wrong = times.filter((t) => {
      const at = DateTime.fromMillis(t, { zone });
      const ours = zonedIso(t, zone);
      return ours.iso !== at.toISO() || ours.date !== at.toISODate();
    });
    expect(wrong.map((t) => new Date(t).toISOString()).slice(0, 3)).toEqual([]);
  });
});
