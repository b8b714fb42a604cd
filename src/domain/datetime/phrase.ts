import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { memo } from "../memo.ts";
import {
  localDay,
  nextWeekday,
  thisWeek,
  thisWeekday,
  type Weekday,
  weekdayNextWeek,
  withoutYear,
} from "./calendar.ts";
import type { DayPart } from "./day-part.ts";
import { cardinal, ordinal } from "./numbers.ts";

/*
 * Reads one phrase a caller (or the LLM on the caller's behalf) gave: German or English,
 * digits or words, ISO-8601 or speech. Our own rules come first because German speech needs
 * them ("halb drei", "nächsten Dienstag", "15.1"); chrono-node reads what is left over
 * ("in drei Tagen", "end of the month").
 */

/**
 * A clock time as said. `exact` times are 24-hour beyond doubt ("14:30", "08:00", ISO);
 * `digits` ("2:30", "9.30 Uhr") are 24-hour unless a day part says afternoon ("nachmittags um
 * 2:30"); `spoken` hours ("um drei", "halb drei") are read in business hours once the day part
 * is known.
 */
export interface ClockTime {
  hour: number;
  minute: number;
  reading: "exact" | "digits" | "spoken" | "am" | "pm";
}

export interface Reading {
  /** A local day (start of day in the company zone). */
  date: DateTime | null;
  /** The exact instant, when the phrase was an ISO timestamp with an offset. */
  instant: DateTime | null;
  time: ClockTime | null;
  dayPart: DayPart | null;
  /** The first weekday named, checked later against the date finally chosen. */
  weekday: Weekday | null;
  /** A rule guessed ("nächste Woche" → Monday, "15.1" → this month): the agent should confirm. */
  guessed: boolean;
  /** The words no rule read (fillers like "um", "the" dropped). */
  rest: string[];
}

export interface ReadContext {
  now: DateTime;
  today: DateTime;
  locale: "de" | "en";
}

export type Role = "date" | "time" | "text";

class Unreadable extends Error {}

/** Lower case, ASCII German (ä → ae, ß → ss), no other accents, single spaces. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

const weekdays: Record<string, Weekday> = {
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonnabend: 6,
  sonntag: 7,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const months: Record<string, number> = {
  januar: 1,
  jaenner: 1,
  january: 1,
  jan: 1,
  februar: 2,
  february: 2,
  feb: 2,
  maerz: 3,
  march: 3,
  mar: 3,
  mrz: 3,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  dezember: 12,
  december: 12,
  dez: 12,
  dec: 12,
};

const dayPartWords: [RegExp, DayPart][] = [
  [/\b(?:spaete[nr]? nachmittags?|spaetnachmittags?|late afternoon)\b/g, "late"],
  [/\b(?:vormittags?|forenoon|late morning)\b/g, "forenoon"],
  [/\b(?:nachmittags?|afternoon)\b/g, "afternoon"],
  [/\b(?:abends?|evening)\b/g, "evening"],
  [/\b(?:mittags?|mittagszeit|lunch ?time|lunch)\b/g, "noon"],
  [/\b(?:morgens|frueh|early|morning)\b/g, "morning"],
  [/\b(?:spaet|late)\b/g, "late"],
];

// Longest names first, so "januar" wins over "jan".
const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join("|");
const WD = `(${byLength(Object.keys(weekdays))})s?`;
const MONTH = `(${byLength(Object.keys(months))})\\.?`;
const NEXT = "(?:naechste[nrsm]?|kommende[nrsm]?|next|coming)";
const THIS = "(?:diese[nrsm]?|this)";
const WEEK = "(?:woche|week)";
const WORD = "(\\d{1,2}|[a-z]+(?:-[a-z]+)?)";
const DAY = "(\\d{1,2}(?:\\.|st|nd|rd|th)?|[a-z]+(?:-[a-z]+)?)";
/** "am" after a number is English a.m. — unless, in German, a word follows ("um 9 am Montag"). */
const meridiem = (locale: "de" | "en") =>
  locale === "de"
    ? "(a\\.?m\\.?(?!\\s[a-z])|p\\.?m\\.?)(?![a-z])"
    : "(a\\.?m\\.?|p\\.?m\\.?)(?![a-z])";

const fillers = new Set(
  "um am an im in den dem der die das des ab gegen ca circa etwa so bitte gerne termin uhr und oder the at on of a an around about please and or for | , . - ? !".split(
    " ",
  ),
);

interface State extends Reading {
  s: string;
}

type Apply = (m: RegExpExecArray) => boolean;

/** Runs `apply` on the matches of `pattern` until one is taken; a taken match leaves the text. */
function rule(state: State, pattern: RegExp, apply: Apply): boolean {
  for (const m of state.s.matchAll(pattern)) {
    if (apply(m)) {
      state.s = `${state.s.slice(0, m.index)} | ${state.s.slice(m.index + m[0].length)}`;
      return true;
    }
  }
  return false;
}

function setDate(state: State, date: DateTime | null, weekday: Weekday | null = null): boolean {
  state.date ??= date;
  state.weekday ??= weekday;
  return true;
}

const weekdayOf = (word: string | undefined) => weekdays[word ?? ""] ?? null;

function hourWord(word: string | undefined, max: number): number | null {
  const n = cardinal(word ?? "");
  return n !== null && n <= max ? n : null;
}

const isExact = (hourText: string, hour: number) =>
  hour > 12 || hour === 0 || /^0\d$/.test(hourText);

/** An hour said without minutes: 24-hour when above 12 or zero-padded ("08"), else spoken. */
function sayHour(word: string, hour: number, minute: number): ClockTime {
  return { hour, minute, reading: isExact(word, hour) ? "exact" : "spoken" };
}

/** "14:30", "9.30": exact when the hour is above 12 or zero-padded. */
function digitTime(hourText: string, minuteText: string): ClockTime {
  const hour = Number(hourText);
  const reading = isExact(hourText, hour) ? "exact" : "digits";
  return { hour, minute: Number(minuteText), reading };
}

const hourBefore = (hour: number) => (hour === 1 ? 12 : hour - 1);

function setTime(state: State, time: ClockTime | null): boolean {
  if (!time || time.hour > 23 || time.minute > 59) return false;
  state.time ??= time;
  return true;
}

function readIso(state: State, ctx: ReadContext): void {
  const iso =
    /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?: ?(z|[+-]\d{2}(?::?\d{2})?))?)?(?!\d)/g;
  rule(state, iso, (m) => {
    const [text, y, mo, d, h, mi, sec, offset] = m;
    const day = localDay(ctx.today, Number(y), Number(mo), Number(d));
    if (!day) throw new Unreadable(`"${text}" is not a calendar date`);
    if (h === undefined || mi === undefined) return setDate(state, day);
    if (offset === undefined) {
      if (!setTime(state, { hour: Number(h), minute: Number(mi), reading: "exact" })) {
        throw new Unreadable(`"${text}" is not a clock time`);
      }
      return setDate(state, day);
    }
    const sign = offset.startsWith("-") ? "-" : "+";
    const digits = offset.replace(/[^0-9]/g, "");
    const zone =
      offset === "z" ? "utc" : `UTC${sign}${digits.slice(0, 2)}:${digits.slice(2) || "00"}`;
    const instant = DateTime.fromObject(
      {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: Number(h),
        minute: Number(mi),
        second: Number(sec ?? 0),
      },
      { zone },
    );
    if (!instant.isValid) throw new Unreadable(`"${text}" is not a timestamp`);
    const local = instant.setZone(ctx.today.zone);
    state.instant ??= local;
    setTime(state, { hour: local.hour, minute: local.minute, reading: "exact" });
    return setDate(state, local.startOf("day"));
  });
}

function readClockDigits(state: State, ctx: ReadContext): void {
  // "14.30 Uhr", "14:30h": a dot is a time only with "Uhr", else it could be a date.
  rule(state, /(?<![\d.:])(\d{1,2})[:.](\d{2})\s*(?:uhr|h)\b/g, (m) =>
    setTime(state, digitTime(m[1] ?? "", m[2] ?? "")),
  );
  const colon = new RegExp(
    `(?<![\\d:])(\\d{1,2}):(\\d{2})(?::\\d{2})?(?:\\s*${meridiem(ctx.locale)})?(?!\\d)`,
    "g",
  );
  rule(state, colon, (m) => {
    const time = digitTime(m[1] ?? "", m[2] ?? "");
    if (m[3]) time.reading = m[3].startsWith("a") ? "am" : "pm";
    return setTime(state, time);
  });
}

function readNumericDate(state: State, ctx: ReadContext): void {
  const numeric = /(?<![\d.:])(\d{1,2})\.(\d{1,2})(\.(\d{4}|\d{2})?)?(?![\d:])/g;
  rule(state, numeric, (m) => {
    const [text, d, mo, tail, y] = m;
    const day = Number(d);
    const month = Number(mo);
    if (month > 12 && tail === undefined && mo?.length === 2) {
      // "um 14.30": a time written with a dot.
      return setTime(state, digitTime(d ?? "", mo));
    }
    if (month < 1 || month > 12) return false;
    if (y !== undefined) {
      const year = y.length === 2 ? 2000 + Number(y) : Number(y);
      const date = localDay(ctx.today, year, month, day);
      if (!date) throw new Unreadable(`"${text}" is not a calendar date`);
      return setDate(state, date);
    }
    if (tail === undefined && mo === "1" && day > 10 && ctx.today.month > 2) {
      // Speech-to-text writes "fünfzehnte Punkt eins" as "15.1": the caller means this month
      //, or the next once this month's day is past. A guess to confirm.
      state.guessed = true;
      const date = localDay(ctx.today, ctx.today.year, ctx.today.month, day);
      if (!date) throw new Unreadable(`"${text}" is not a calendar date`);
      return setDate(state, date < ctx.today.minus({ days: 2 }) ? date.plus({ months: 1 }) : date);
    }
    const date = withoutYear(ctx.today, month, day);
    if (!date) throw new Unreadable(`"${text}" is not a calendar date`);
    return setDate(state, date);
  });
}

function readMonthNameDate(state: State, ctx: ReadContext): void {
  const dated = (
    weekday: string | undefined,
    dayWord: string | undefined,
    monthWord: string | undefined,
    year: string | undefined,
  ) => {
    const day = ordinal(dayWord ?? "");
    const month = months[monthWord ?? ""];
    if (day === null || month === undefined) return false;
    const date = year
      ? localDay(ctx.today, Number(year), month, day)
      : withoutYear(ctx.today, month, day);
    if (!date) throw new Unreadable(`"${dayWord} ${monthWord}" is not a calendar date`);
    return setDate(state, date, weekdayOf(weekday));
  };
  const prefix = `(?:\\b${WD},?\\s+)?`;
  // "Mittwoch, den 19. November", "am siebten November 2026", "the 7th of December"
  const dayFirst = new RegExp(
    `${prefix}(?:(?:den|dem|the)\\s+)?\\b${DAY}\\s+(?:of\\s+)?${MONTH}(?![a-z])(?:,?\\s+(\\d{4}))?`,
    "g",
  );
  // "December 7", "Friday, December 7th, 2026"
  const monthFirst = new RegExp(
    `${prefix}\\b${MONTH}\\s+(?:the\\s+)?${DAY}(?![a-z\\d])(?:,?\\s+(\\d{4}))?`,
    "g",
  );
  if (!rule(state, dayFirst, (m) => dated(m[1], m[2], m[3], m[4]))) {
    rule(state, monthFirst, (m) => dated(m[1], m[3], m[2], m[4]));
  }
}

/** "am 1.", "am ersten", "on the 28th": that day this month, or next month once it is past. */
function readDayOfMonth(state: State, ctx: ReadContext): void {
  const pattern =
    /\b(?:am|den|dem|the|on the) (\d{1,2}(?:\.|st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)(?!\d)/g;
  rule(state, pattern, (m) => {
    const day = ordinal(m[1] ?? "");
    if (day === null) return false;
    const { today } = ctx;
    const thisMonth = localDay(today, today.year, today.month, day);
    if (thisMonth && thisMonth >= today.minus({ days: 2 })) return setDate(state, thisMonth);
    const next = today.plus({ months: 1 });
    const nextMonth = localDay(today, next.year, next.month, day);
    if (!nextMonth) throw new Unreadable(`there is no ${m[1]} this month or next`);
    return setDate(state, nextMonth);
  });
}

function readRelativeDay(state: State, ctx: ReadContext): void {
  const { today } = ctx;
  const on =
    (days: number, part: DayPart | null = null) =>
    () => {
      if (part) state.dayPart ??= part;
      return setDate(state, today.plus({ days }));
    };
  // "heute morgen" is this morning and "am Morgen" the morning; a bare "morgen" is tomorrow.
  rule(state, /\b(?:heute (?:morgen|frueh)|this morning)\b/g, on(0, "morning"));
  rule(state, /\bthis afternoon\b/g, on(0, "afternoon"));
  rule(state, /\b(?:this evening|tonight)\b/g, on(0, "evening"));
  rule(state, /\b(?:am|den|jeden) morgen\b/g, () => {
    state.dayPart ??= "morning";
    return true;
  });
  rule(state, /\b(?:ueber ?morgen|day after tomorrow)\b/g, on(2));
  rule(state, /\b(?:morgen|tomorrow)\b/g, on(1));
  rule(state, /\b(?:heute|today)\b/g, on(0));
}

function readWeekday(state: State, ctx: ReadContext): void {
  const { today } = ctx;
  const on = (resolve: (today: DateTime, weekday: Weekday) => DateTime) => (m: RegExpExecArray) => {
    const weekday = weekdayOf(m[1]);
    return weekday !== null && setDate(state, resolve(today, weekday), weekday);
  };
  const rules: [RegExp, (today: DateTime, weekday: Weekday) => DateTime][] = [
    [new RegExp(`\\b${NEXT}\\s+${WEEK}\\s+(?:am\\s+|on\\s+)?${WD}\\b`, "g"), weekdayNextWeek],
    [new RegExp(`\\b${WD}\\s+(?:(?:in\\s+)?der\\s+)?${NEXT}\\s+${WEEK}\\b`, "g"), weekdayNextWeek],
    [new RegExp(`\\b${THIS}\\s+${WEEK}\\s+(?:am\\s+|on\\s+)?${WD}\\b`, "g"), thisWeekday],
    [new RegExp(`\\b${WD}\\s+(?:in\\s+)?${THIS}\\s+${WEEK}\\b`, "g"), thisWeekday],
    [new RegExp(`\\b${NEXT}\\s+${WD}\\b`, "g"), weekdayNextWeek],
    [new RegExp(`\\b(?:${THIS}|am)\\s+${WD}\\b`, "g"), thisWeekday],
    [new RegExp(`\\b${WD}\\b`, "g"), nextWeekday],
  ];
  for (const [pattern, resolve] of rules) {
    if (rule(state, pattern, on(resolve))) break;
  }
  const week = (resolve: (today: DateTime) => DateTime) => () => {
    if (state.date === null) state.guessed = true;
    return setDate(state, resolve(today));
  };
  rule(
    state,
    new RegExp(`\\b(?:anfang\\s+)?${NEXT}\\s+${WEEK}\\b`, "g"),
    week((t) => weekdayNextWeek(t, 1)),
  );
  rule(state, new RegExp(`\\b${THIS}\\s+${WEEK}\\b`, "g"), week(thisWeek));
}

function readSpokenTime(state: State, ctx: ReadContext): void {
  // "halb drei" = 2:30, read as 14:30 later (business hours).
  rule(state, /\bhalb (\d{1,2}|[a-z]+)\b/g, (m) => {
    const hour = hourWord(m[1], 12);
    return (
      hour !== null &&
      hour > 0 &&
      setTime(state, { hour: hourBefore(hour), minute: 30, reading: "spoken" })
    );
  });
  // "viertel nach drei" 3:15, "viertel vor vier" / "dreiviertel vier" 3:45, "viertel vier" 3:15.
  rule(state, /\b(dreiviertel|viertel) (?:(nach|vor) )?(\d{1,2}|[a-z]+)\b/g, (m) => {
    const hour = hourWord(m[3], 12);
    if (hour === null || hour === 0) return false;
    if (m[2] === "nach")
      return m[1] === "viertel" && setTime(state, { hour, minute: 15, reading: "spoken" });
    const minute = m[1] === "dreiviertel" || m[2] === "vor" ? 45 : 15;
    return setTime(state, { hour: hourBefore(hour), minute, reading: "spoken" });
  });
  // "zehn nach drei", "zwanzig vor vier", "half past two", "a quarter to four".
  const relative = `(?<!(?:von|zwischen|from|between) )\\b(?:a )?${WORD} (nach|vor|past|after|to|before) ${WORD}\\b`;
  rule(state, new RegExp(relative, "g"), (m) => {
    const hour = hourWord(m[3], 12);
    const minute = m[1] === "half" ? 30 : m[1] === "quarter" ? 15 : cardinal(m[1] ?? "");
    if (
      hour === null ||
      hour === 0 ||
      minute === null ||
      minute % 5 !== 0 ||
      minute < 5 ||
      minute > 30
    )
      return false;
    if (minute === 30 && m[1] !== "half") return false;
    const after = m[2] === "nach" || m[2] === "past" || m[2] === "after";
    return after
      ? setTime(state, { hour, minute, reading: "spoken" })
      : setTime(state, { hour: hourBefore(hour), minute: 60 - minute, reading: "spoken" });
  });
  // "2pm", "two pm", "9 a.m."
  const withMeridiem = new RegExp(
    `\\b(?:(\\d{1,2}) ?|([a-z]+(?:-[a-z]+)?) )${meridiem(ctx.locale)}`,
    "g",
  );
  rule(state, withMeridiem, (m) => {
    const hour = hourWord(m[1] ?? m[2], 12);
    return (
      hour !== null &&
      hour > 0 &&
      setTime(state, { hour, minute: 0, reading: m[3]?.startsWith("a") ? "am" : "pm" })
    );
  });
  // "14 Uhr 30", "drei Uhr dreißig", then "14 Uhr", "14h", "two o'clock".
  rule(state, new RegExp(`\\b${WORD} ?uhr ${WORD}\\b`, "g"), (m) => {
    const hour = hourWord(m[1], 23);
    const minute = hourWord(m[2], 59);
    return hour !== null && minute !== null && setTime(state, sayHour(m[1] ?? "", hour, minute));
  });
  rule(state, new RegExp(`\\b(?:(\\d{1,2}) ?h|${WORD} ?(?:uhr|o'? ?clock))\\b`, "g"), (m) => {
    const word = m[1] ?? m[2] ?? "";
    const hour = hourWord(word, 23);
    return hour !== null && setTime(state, sayHour(word, hour, 0));
  });
  // "um drei", "at 2", "gegen 10", "at two thirty". A bare "ein(e)" after "um" is an article.
  const at = new RegExp(
    `\\b(?:um|at|gegen|ab|around|about) (?:(?:ca\\.?|circa|etwa) )?${WORD}(?: ([a-z]+(?:-[a-z]+)?))?\\b`,
    "g",
  );
  rule(state, at, (m) => {
    if (m[1] === "ein" || m[1] === "eine") return false;
    const hour = hourWord(m[1], 23);
    const minute = cardinal(m[2] ?? "");
    if (hour === null) return false;
    if (minute !== null && minute >= 10) return setTime(state, sayHour(m[1] ?? "", hour, minute));
    return false;
  });
  rule(
    state,
    new RegExp(`\\b(?:um|at|gegen|ab|around|about) (?:(?:ca\\.?|circa|etwa) )?${WORD}\\b`, "g"),
    (m) => {
      if (m[1] === "ein" || m[1] === "eine") return false;
      const hour = hourWord(m[1], 23);
      return hour !== null && setTime(state, sayHour(m[1] ?? "", hour, 0));
    },
  );
  rule(state, /\b(?:noon|midday)\b/g, () =>
    setTime(state, { hour: 12, minute: 0, reading: "exact" }),
  );
}

function readDayPart(state: State): void {
  for (const [pattern, part] of dayPartWords) {
    rule(state, pattern, () => {
      state.dayPart ??= part;
      return true;
    });
  }
}

function restOf(text: string): string[] {
  return text.split(/[\s,.!?;|]+/).filter((word) => word !== "" && !fillers.has(word));
}

/** In the time field an hour alone is a time: "15", "drei", "drei dreißig". */
function readBareHour(state: State): void {
  const words = restOf(state.s);
  if (words.length === 0 || words.length > 2) return;
  const hour = hourWord(words[0], 23);
  const minute = words[1] === undefined ? 0 : hourWord(words[1], 59);
  if (hour !== null && minute !== null && setTime(state, sayHour(words[0] ?? "", hour, minute))) {
    state.s = "";
  }
}

/**
 * chrono-node for what our rules left: relative offsets and phrasings we do not list. The only
 * rule that reads the time of day (`ctx.now`); true when it ran.
 */
function readWithChrono(state: State, ctx: ReadContext): boolean {
  if (restOf(state.s).length === 0) return false;
  const reference = { instant: ctx.now.toJSDate(), timezone: ctx.now.offset };
  const parsers = ctx.locale === "de" ? [chrono.de, chrono.en] : [chrono.en, chrono.de];
  for (const parser of parsers) {
    for (const result of parser.parse(state.s, reference, { forwardDate: true })) {
      const { start } = result;
      const day = start.isCertain("day")
        ? localDay(
            ctx.today,
            start.get("year") ?? 0,
            start.get("month") ?? 0,
            start.get("day") ?? 0,
          )
        : null;
      const hour = start.isCertain("hour") ? start.get("hour") : null;
      if (!day && hour === null) continue;
      if (day) setDate(state, day);
      if (hour !== null)
        setTime(state, { hour, minute: start.get("minute") ?? 0, reading: "exact" });
      state.s = state.s.replace(result.text, " | ");
      return true;
    }
  }
  return true;
}

export type ReadResult = Reading | { error: "unparseable"; detail: string };

/** Reads one field; `role` says what the field is for (an hour alone is a time only in `time`). */
/**
 * Reads one phrase; the result is shared with later calls and must not be changed. Readings that
 * did not need the time of day are remembered by phrase, role, language, zone and local day: the
 * LLM passes the same few phrases (often ISO slot times) call after call.
 */
export const readPhrase = (text: string, role: Role, ctx: ReadContext): ReadResult =>
  rememberedRead(text, role, ctx).result;

const rememberedRead = memo(
  read,
  (text, role, ctx) =>
    text.length <= 200
      ? `${role}|${ctx.locale}|${ctx.today.zoneName}|${ctx.today.toMillis()}|${text}`
      : null,
  { keep: (reading) => !reading.usedNow },
);

function read(
  text: string,
  role: Role,
  ctx: ReadContext,
): { result: ReadResult; usedNow: boolean } {
  const state: State = {
    s: normalise(text),
    date: null,
    instant: null,
    time: null,
    dayPart: null,
    weekday: null,
    guessed: false,
    rest: [],
  };
  let usedNow = false;
  try {
    readIso(state, ctx);
    readClockDigits(state, ctx);
    readNumericDate(state, ctx);
    readMonthNameDate(state, ctx);
    readDayOfMonth(state, ctx);
    readRelativeDay(state, ctx);
    readWeekday(state, ctx);
    readSpokenTime(state, ctx);
    readDayPart(state);
    if (role === "time" && state.time === null) readBareHour(state);
    if (state.date === null || state.time === null) usedNow = readWithChrono(state, ctx);
  } catch (error) {
    if (error instanceof Unreadable) {
      return { result: { error: "unparseable", detail: error.message }, usedNow };
    }
    throw error;
  }
  const { s, ...reading } = state;
  return { result: { ...reading, rest: restOf(s) }, usedNow };
}

/** Whether a reading found anything at all. */
export function foundSomething(reading: Reading): boolean {
  return reading.date !== null || reading.time !== null || reading.dayPart !== null;
}

/** Any fixed day serves: the question is only whether the words are date and time words. */
const vocabularyContext: ReadContext = (() => {
  const now = DateTime.fromMillis(0, { zone: "utc" });
  return { now, today: now.startOf("day"), locale: "de" };
})();

/** Whether a text is nothing but a date or time ("morgen um drei", "Freitag"). */
export function isTimeExpression(text: string): boolean {
  const reading = readPhrase(text, "text", vocabularyContext);
  if ("error" in reading) return true;
  return foundSomething(reading) && reading.rest.length === 0;
}
