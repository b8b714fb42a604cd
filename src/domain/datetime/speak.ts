import { DateTime } from "luxon";
import type { Locale } from "../entities.ts";
import { memo } from "../memo.ts";
import { localToday, zonedNow } from "./calendar.ts";
import { zoneNamed } from "./zone.ts";

/*
 * Dates and times as the agent says them, in the company's language and time zone:
 * "morgen um 14:30 Uhr", "Dienstag, 1. Dezember, um 9 Uhr", "tomorrow at 2:30 pm".
 */

export interface SpeakContext {
  timeZone: string;
  locale: Locale;
  now: Date;
}

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** "14:30 Uhr" / "9 Uhr"; "2:30 pm" / "9 am". */
function clockWords(at: DateTime, locale: Locale): string {
  if (locale === "de") {
    return at.minute === 0 ? `${at.hour} Uhr` : `${at.hour}:${twoDigits(at.minute)} Uhr`;
  }
  const hour = at.hour % 12 || 12;
  const suffix = at.hour < 12 ? "am" : "pm";
  return at.minute === 0 ? `${hour} ${suffix}` : `${hour}:${twoDigits(at.minute)} ${suffix}`;
}

/** "Dienstag, 1. Dezember[ 2026]" / "Tuesday, December 1[, 2026]". */
function dayWords(day: DateTime, locale: Locale, withYear: boolean): string {
  const local = day.setLocale(locale);
  if (locale === "de") return local.toFormat(withYear ? "cccc, d. LLLL yyyy" : "cccc, d. LLLL");
  return local.toFormat(withYear ? "cccc, LLLL d, yyyy" : "cccc, LLLL d");
}

const relativeDays: Record<Locale, readonly string[]> = {
  de: ["heute", "morgen", "übermorgen"],
  en: ["today", "tomorrow"],
};

function parseInstant(iso: string, timeZone: string): DateTime {
  const at = DateTime.fromISO(iso, { zone: zoneNamed(timeZone) });
  if (!at.isValid) throw new Error(`"${iso}" is not an ISO-8601 time`);
  return at;
}

/** "morgen um …" / "Dienstag, 1. Dezember, um …": the day of `at` before its times. */
function dayLead(at: DateTime, ctx: SpeakContext): string {
  const today = localToday(ctx.now, ctx.timeZone);
  const days = Math.round(at.startOf("day").diff(today, "days").days);
  const relative = relativeDays[ctx.locale][days];
  if (relative) return ctx.locale === "de" ? `${relative} um` : `${relative} at`;
  // The year only when it is not obvious: more than about ten months ahead, or in the past.
  const withYear = days < 0 || days > 300;
  const day = dayWords(at, ctx.locale, withYear);
  return ctx.locale === "de" ? `${day}, um` : `${day} at`;
}

/** A slot start for the caller's ear; a bare local ISO time is read as company time. */
function speakSlot(isoStart: string, ctx: SpeakContext): string {
  const at = parseInstant(isoStart, ctx.timeZone);
  return `${dayLead(at, ctx)} ${clockWords(at, ctx.locale)}`;
}

const orLists = {
  de: new Intl.ListFormat("de", { type: "disjunction" }),
  en: new Intl.ListFormat("en-GB", { type: "disjunction" }),
};

/**
 * One day's times as said in a row: "9, halb 10 oder 10 Uhr" (half past in the morning the
 * German way, "Uhr" once at the end); "9, 9:30 or 10 am" (am/pm once per run).
 */
function timesInARow(times: readonly DateTime[], locale: Locale): string {
  if (locale === "de") {
    const words = times.map((t) =>
      t.minute === 0
        ? `${t.hour}`
        : t.minute === 30 && t.hour < 12
          ? `halb ${t.hour + 1}`
          : `${t.hour}:${twoDigits(t.minute)}`,
    );
    const list = orLists.de.format(words);
    return words.at(-1)!.startsWith("halb") ? list : `${list} Uhr`;
  }
  const words = times.map((t, i) => {
    const hour = t.hour % 12 || 12;
    const clock = t.minute === 0 ? `${hour}` : `${hour}:${twoDigits(t.minute)}`;
    const pm = t.hour >= 12;
    const next = times[i + 1];
    return next && next.hour >= 12 === pm ? clock : `${clock} ${pm ? "pm" : "am"}`;
  });
  return orLists.en.format(words);
}

/**
 * Slots (sorted) for the caller's ear, one phrase per local day in the order given:
 * ["Montag, 7. Dezember, um 9, halb 10 oder 10 Uhr", "morgen um 14 Uhr"];
 * ["Monday, December 7 at 9, 9:30 or 10 am"]. A list of them reads as "… or …".
 */
export function speakableSlotsByDay(isoStarts: readonly string[], ctx: SpeakContext): string[] {
  const days: DateTime[][] = [];
  for (const iso of isoStarts) {
    const at = parseInstant(iso, ctx.timeZone);
    const last = days.at(-1);
    if (last && last[0]!.hasSame(at, "day")) last.push(at);
    else days.push([at]);
  }
  return days.map((times) => `${dayLead(times[0]!, ctx)} ${timesInARow(times, ctx.locale)}`);
}

export interface Today {
  /** "YYYY-MM-DD" */
  date: string;
  /** "Mittwoch, 25. November 2026" / "Wednesday, November 25, 2026" */
  spoken: string;
  weekday: string;
  /** "10:05" / "10:05 am" */
  time: string;
  tomorrow: string;
  dayAfterTomorrow: string;
}

/** Today as the agent needs it at the start of a call, so it never has to invent a date. */
export function describeToday(ctx: SpeakContext): Today {
  const now = zonedNow(ctx.now, ctx.timeZone).setLocale(ctx.locale);
  const time =
    ctx.locale === "de"
      ? now.toFormat("HH:mm")
      : `${now.hour % 12 || 12}:${twoDigits(now.minute)} ${now.hour < 12 ? "am" : "pm"}`;
  return {
    date: now.toISODate() ?? "",
    spoken: dayWords(now, ctx.locale, true),
    weekday: now.toFormat("cccc"),
    time,
    tomorrow: dayWords(now.plus({ days: 1 }), ctx.locale, true),
    dayAfterTomorrow: dayWords(now.plus({ days: 2 }), ctx.locale, true),
  };
}

/**
 * "morgen um 14:30 Uhr", "Tuesday, December 1 at 9 am": a slot as the agent says it. The words
 * depend on the day the call is on, so the memo is keyed to the minute.
 */
export const speakableSlot = memo(
  speakSlot,
  (isoStart, ctx) =>
    `${isoStart}|${ctx.timeZone}|${ctx.locale}|${Math.floor(ctx.now.getTime() / 60_000)}`,
);
