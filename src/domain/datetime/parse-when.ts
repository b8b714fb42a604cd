import { type DateTime, Info } from "luxon";
import { atWallTime, localToday, zonedNow } from "./calendar.ts";
import { type DayPart, dayPartDefault, dayPartEnd, isAfterNoon } from "./day-part.ts";
import { type ClockTime, foundSomething, type Reading, type Role, readPhrase } from "./phrase.ts";

export interface ParsedWhen {
  /** "YYYY-MM-DD" in the company time zone. */
  date: string | null;
  /** "HH:mm" (24 h) when a clock time was said. */
  time: string | null;
  /** A vague time ("vormittags", "morning"). */
  dayPart: DayPart | null;
  /** "low" when a rule guessed (e.g. a time without a date) — the agent should confirm. */
  confidence: "high" | "low";
  /** ISO with offset when date and (time or dayPart default) are known, e.g. "2026-11-26T14:00:00+01:00". */
  start: string | null;
}

export interface WhenError {
  error: "unparseable" | "past" | "weekday_mismatch";
  detail: string;
}

export interface WhenInput {
  date?: string | null;
  time?: string | null;
  text?: string | null;
}

export interface WhenContext {
  now: Date;
  timeZone: string;
  locale: "de" | "en";
}

/** Which field speaks first for each part: the LLM's separate args over the free phrase. */
const dateOrder: Role[] = ["date", "time", "text"];
const timeOrder: Role[] = ["time", "date", "text"];

const hhmm = (hour: number, minute: number) =>
  `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

/**
 * The 24-hour clock time meant: "um drei" is 15:00 (business hours: 1–7 o'clock is the
 * afternoon), "abends um 8" 20:00, "morgens um 7" 07:00, "nachmittags um 2:30" 14:30.
 */
function clockOf(time: ClockTime, part: DayPart | null): { hour: number; minute: number } {
  const { minute } = time;
  if (time.reading === "am") return { hour: time.hour % 12, minute };
  if (time.reading === "pm") return { hour: (time.hour % 12) + 12, minute };
  if (time.reading === "exact") return { hour: time.hour, minute };
  if (time.hour < 12 && isAfterNoon(part)) return { hour: time.hour + 12, minute };
  const morning = part === "morning" || part === "forenoon";
  if (time.reading === "spoken" && time.hour >= 1 && time.hour <= 7 && !morning) {
    return { hour: time.hour + 12, minute };
  }
  return { hour: time.hour, minute };
}

function splitClock(value: string): { hour: number; minute: number } {
  const [hour, minute] = value.split(":").map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

const isoOf = (at: DateTime) => at.toISO({ suppressMilliseconds: true }) ?? "";
const weekdayName = (weekday: number) => Info.weekdays("long", { locale: "en" })[weekday - 1];

/**
 * Understands when a caller wants to come, from the LLM's `date` and `time` arguments and/or a
 * free phrase, always in the company's time zone. German and English, ISO-8601 or speech.
 */
export function parseWhen(input: WhenInput, ctx: WhenContext): ParsedWhen | WhenError {
  const now = zonedNow(ctx.now, ctx.timeZone);
  const today = localToday(ctx.now, ctx.timeZone);
  const readings = new Map<Role, Reading>();
  for (const role of ["date", "time", "text"] as const) {
    const value = input[role]?.trim();
    if (!value) continue;
    const reading = readPhrase(value, role, { now, today, locale: ctx.locale });
    if ("error" in reading) return reading;
    // A separate argument the LLM filled must be readable; a free phrase may be mostly chat.
    if (role !== "text" && !foundSomething(reading)) {
      return { error: "unparseable", detail: `cannot read the ${role} "${value}"` };
    }
    readings.set(role, reading);
  }
  const first = <T>(order: Role[], get: (r: Reading) => T | null): [Role, T] | null => {
    for (const role of order) {
      const reading = readings.get(role);
      const value = reading ? get(reading) : null;
      if (value !== null) return [role, value];
    }
    return null;
  };
  const dated = first(dateOrder, (r) => r.date);
  const timed = first(timeOrder, (r) => r.time);
  const dayPart = first(timeOrder, (r) => r.dayPart)?.[1] ?? null;
  if (!dated && !timed && !dayPart) {
    return { error: "unparseable", detail: "no date or time found" };
  }
  let confidence: ParsedWhen["confidence"] = [...readings.values()].some((r) => r.guessed)
    ? "low"
    : "high";
  const clock = timed
    ? clockOf(timed[1], dayPart)
    : dayPart
      ? splitClock(dayPartDefault(dayPart))
      : null;

  let date: DateTime;
  if (dated) {
    date = dated[1];
  } else {
    // A time without a date is tomorrow once it has passed today, else today —
    // which is a guess worth asking about ("heute oder morgen?").
    const todayAt = clock ? atWallTime(today, clock.hour, clock.minute).at : today;
    if (todayAt < now) {
      date = today.plus({ days: 1 });
    } else {
      date = today;
      confidence = "low";
    }
  }

  for (const reading of readings.values()) {
    if (reading.weekday !== null && reading.weekday !== date.weekday) {
      return {
        error: "weekday_mismatch",
        detail: `${date.toISODate()} is a ${weekdayName(date.weekday)}, not a ${weekdayName(reading.weekday)}`,
      };
    }
  }
  if (date < today) {
    return { error: "past", detail: `${date.toISODate()} is before today (${today.toISODate()})` };
  }

  const day = date.toISODate();
  if (timed) {
    const sameInstant = dated && dated[0] === timed[0] ? readings.get(timed[0])?.instant : null;
    const { at, shifted } = sameInstant
      ? { at: sameInstant, shifted: false }
      : atWallTime(date, clock?.hour ?? 0, clock?.minute ?? 0);
    if (at < now) return { error: "past", detail: `${isoOf(at)} has already passed` };
    const time = hhmm(at.hour, at.minute);
    return { date: day, time, dayPart, confidence: shifted ? "low" : confidence, start: isoOf(at) };
  }
  if (dayPart && clock) {
    let { at } = atWallTime(date, clock.hour, clock.minute);
    if (at < now) {
      // "heute nachmittag" said at 15:10: from now on, while the afternoon lasts.
      const end = splitClock(dayPartEnd(dayPart));
      if (atWallTime(date, end.hour, end.minute).at <= now) {
        return { error: "past", detail: `the ${dayPart} of ${date.toISODate()} is over` };
      }
      const quarter = Math.ceil((now.minute + now.second / 60 + now.millisecond / 60000) / 15) * 15;
      at = now.startOf("hour").plus({ minutes: quarter });
      confidence = "low";
    }
    return { date: day, time: null, dayPart, confidence, start: isoOf(at) };
  }
  return { date: day, time: null, dayPart, confidence, start: null };
}
