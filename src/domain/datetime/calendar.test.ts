import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  atWallTime,
  nextWeekday,
  thisWeek,
  thisWeekday,
  toUtcRange,
  weekdayNextWeek,
  withoutYear,
  zonedNow,
} from "./calendar.ts";

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Berlin" });

describe("toUtcRange", () => {
  it.each([
    ["2026-11-26", "Europe/Berlin", "2026-11-25T23:00:00.000Z", "2026-11-26T22:59:59.999Z"],
    ["2026-11-26", "Europe/London", "2026-11-26T00:00:00.000Z", "2026-11-26T23:59:59.999Z"],
    ["2026-07-01", "Europe/London", "2026-06-30T23:00:00.000Z", "2026-07-01T22:59:59.999Z"],
    ["2026-11-26", "America/New_York", "2026-11-26T05:00:00.000Z", "2026-11-27T04:59:59.999Z"],
    // A 23-hour and a 25-hour day.
    ["2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00.000Z", "2026-03-29T21:59:59.999Z"],
    ["2026-10-25", "Europe/Berlin", "2026-10-24T22:00:00.000Z", "2026-10-25T22:59:59.999Z"],
  ])("gives %s in %s as [%s, %s]", (date, zone, start, end) => {
    expect(toUtcRange(date, zone)).toEqual({ start, end });
  });

  it.each([
    ["26.11.2026", "Europe/Berlin"],
    ["2026-02-30", "Europe/Berlin"],
    ["2026-11-26T10:00", "Europe/Berlin"],
    ["2026-11-26", "Nowhere/Else"],
  ])("refuses %s in %s", (date, zone) => {
    expect(() => toUtcRange(date, zone)).toThrow();
  });
});

describe("atWallTime", () => {
  it("keeps an ordinary time", () => {
    expect(atWallTime(berlin("2026-11-26"), 14, 30)).toEqual({
      at: berlin("2026-11-26T14:30"),
      shifted: false,
    });
  });

  it("moves a time in the spring gap forward and says so", () => {
    const { at, shifted } = atWallTime(berlin("2026-03-29"), 2, 30);
    expect(shifted).toBe(true);
    expect(at.toISO()).toBe("2026-03-29T03:30:00.000+02:00");
  });

  it("takes the earlier of two equal wall times in the autumn", () => {
    expect(atWallTime(berlin("2026-10-25"), 2, 30).at.toISO()).toBe(
      "2026-10-25T02:30:00.000+02:00",
    );
    const newYork = DateTime.fromISO("2026-11-01", { zone: "America/New_York" });
    expect(atWallTime(newYork, 1, 30).at.toISO()).toBe("2026-11-01T01:30:00.000-04:00");
  });
});

describe("weekday rules", () => {
  const wednesday = berlin("2026-11-25");

  it("a bare weekday is the next such day, never today", () => {
    expect(nextWeekday(wednesday, 3).toISODate()).toBe("2026-12-02");
    expect(nextWeekday(wednesday, 4).toISODate()).toBe("2026-11-26");
    expect(nextWeekday(wednesday, 2).toISODate()).toBe("2026-12-01");
  });

  it("'dieser' is this week's day, today included, else next week's", () => {
    expect(thisWeekday(wednesday, 3).toISODate()).toBe("2026-11-25");
    expect(thisWeekday(wednesday, 5).toISODate()).toBe("2026-11-27");
    expect(thisWeekday(wednesday, 1).toISODate()).toBe("2026-11-30");
  });

  it("'nächsten' is the day in next week", () => {
    expect(weekdayNextWeek(wednesday, 4).toISODate()).toBe("2026-12-03");
    expect(weekdayNextWeek(berlin("2026-11-29"), 1).toISODate()).toBe("2026-11-30");
  });

  it("'diese Woche' is today, or Monday on a weekend", () => {
    expect(thisWeek(wednesday).toISODate()).toBe("2026-11-25");
    expect(thisWeek(berlin("2026-11-29")).toISODate()).toBe("2026-11-30");
  });
});

describe("withoutYear", () => {
  const today = berlin("2026-11-25");
  it.each([
    [12, 24, "2026-12-24"],
    [11, 25, "2026-11-25"],
    [11, 23, "2026-11-23"],
    [11, 22, "2027-11-22"],
    [1, 15, "2027-01-15"],
  ])("reads month %i day %i as %s", (month, day, expected) => {
    expect(withoutYear(today, month, day)?.toISODate()).toBe(expected);
  });

  it("refuses a day that does not exist", () => {
    expect(withoutYear(today, 2, 30)).toBeNull();
  });
});

describe("zonedNow", () => {
  it("reads the instant in the company zone", () => {
    expect(zonedNow(new Date("2026-11-25T23:30:00Z"), "Europe/Berlin").toISODate()).toBe(
      "2026-11-26",
    );
  });
});
