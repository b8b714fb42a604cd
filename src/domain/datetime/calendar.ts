import { DateTime } from "luxon";
import { memo } from "../memo.ts";
import { zoneNamed } from "./zone.ts";

/*
 * Calendar arithmetic in the company's time zone. Every DateTime here carries that zone; the
 * server's own zone never plays a part.
 */

/** `now` in the zone; throws on an unknown zone name, which is a configuration error. */
export function zonedNow(now: Date, timeZone: string): DateTime {
  const zoned = DateTime.fromJSDate(now, { zone: zoneNamed(timeZone) });
  if (!zoned.isValid) throw new Error(`unknown time zone "${timeZone}"`);
  return zoned;
}

/**
 * The start of the local day `now` falls on. A local midnight is a whole UTC minute in every zone
 * of our time (offsets are whole minutes), so one answer serves a whole minute of calls.
 */
const startOfLocalDay = memo(
  (minute: number, timeZone: string) =>
    zonedNow(new Date(minute * 60_000), timeZone).startOf("day"),
  (minute, timeZone) => `${minute}|${timeZone}`,
  { max: 1_000 },
);

/** Start of the local day of `now` in `timeZone`. */
export function localToday(now: Date, timeZone: string): DateTime {
  return startOfLocalDay(Math.floor(now.getTime() / 60_000), timeZone);
}

/** A calendar day in the zone of `ref` (start of day), or null when it does not exist (31.02.). */
export function localDay(ref: DateTime, year: number, month: number, day: number): DateTime | null {
  const date = DateTime.fromObject({ year, month, day }, { zone: ref.zone });
  return date.isValid ? date.startOf("day") : null;
}

export interface WallTime {
  at: DateTime;
  /** The wall time falls into the spring-forward gap and was moved past it. */
  shifted: boolean;
}

/**
 * The instant a local wall time names on a day. A time in the spring-forward gap does not
 * exist and moves forward by the gap (02:30 → 03:30); a time in the autumn overlap exists
 * twice and means the first (summer-time) one, which luxon alone would not pick.
 */
export function atWallTime(day: DateTime, hour: number, minute: number): WallTime {
  const at = day.set({ hour, minute, second: 0, millisecond: 0 });
  if (at.hour !== hour || at.minute !== minute) return { at, shifted: true };
  const first = at.getPossibleOffsets().reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a), at);
  return { at: first, shifted: false };
}

/** 1 = Monday … 7 = Sunday, as luxon and ISO-8601 count. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A bare weekday ("Montag", "Friday"): the next such day after today. */
export function nextWeekday(today: DateTime, weekday: Weekday): DateTime {
  const ahead = (weekday - today.weekday + 7) % 7 || 7;
  return today.plus({ days: ahead });
}

/** "diesen / am Dienstag", "this Tuesday": this week's, or next week's once it has passed. */
export function thisWeekday(today: DateTime, weekday: Weekday): DateTime {
  const day = today.startOf("week").plus({ days: weekday - 1 });
  return day < today ? day.plus({ weeks: 1 }) : day;
}

/** "nächsten / kommenden Dienstag", "Dienstag nächste Woche": the day in next week. */
export function weekdayNextWeek(today: DateTime, weekday: Weekday): DateTime {
  return today.startOf("week").plus({ weeks: 1, days: weekday - 1 });
}

/** "diese Woche": today, or the coming Monday on a weekend. */
export function thisWeek(today: DateTime): DateTime {
  return today.weekday >= 6 ? weekdayNextWeek(today, 1) : today;
}

/**
 * A day and month said without a year: this year's, or next year's when this year's is more
 * than two days past ("am 7. November" said in December). A date one or two days past stays,
 * so the caller hears that it has passed instead of being booked a year ahead.
 */
export function withoutYear(today: DateTime, month: number, day: number): DateTime | null {
  const candidate = localDay(today, today.year, month, day);
  if (!candidate) return null;
  return candidate < today.minus({ days: 2 })
    ? localDay(today, today.year + 1, month, day)
    : candidate;
}

/** The local day `date` ("YYYY-MM-DD") as a UTC range, for APIs that read UTC (GET /v2/slots). */
function utcRangeOf(date: string, timeZone: string): { start: string; end: string } {
  const day = DateTime.fromISO(date, { zone: zoneNamed(timeZone) });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`"${date}" is not a YYYY-MM-DD date in ${timeZone}`);
  }
  return {
    start: day.startOf("day").toUTC().toISO()!,
    end: day.endOf("day").toUTC().toISO()!,
  };
}

/** The local day `date` in `timeZone` as a UTC ISO range (GET /v2/slots reads UTC). */
export const toUtcRange = memo(utcRangeOf, (date, timeZone) => `${date}|${timeZone}`);
