import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type ParsedWhen, parseWhen, type WhenInput } from "./parse-when.ts";

/** A fixed "now" given as local wall time in the zone, so every zone sees the same local day. */
function at(local: string, timeZone: string, locale: "de" | "en" = "de") {
  const now = DateTime.fromISO(local, { zone: timeZone }).toJSDate();
  return { now, timeZone, locale };
}

const zones = [
  { timeZone: "Europe/Berlin", winter: "+01:00" },
  { timeZone: "Europe/London", winter: "+00:00" },
];

type Expected = Omit<ParsedWhen, "start">;
const day = (
  date: string,
  time: string | null = null,
  extra: Partial<Expected> = {},
): Expected => ({
  date,
  time,
  dayPart: null,
  confidence: "high",
  ...extra,
});

// Now: Wednesday 2026-11-25, 10:00 local time.
const wednesday = "2026-11-25T10:00";

const german: [string, Expected][] = [
  ["heute", day("2026-11-25")],
  ["morgen", day("2026-11-26")],
  ["übermorgen", day("2026-11-27")],
  ["uebermorgen", day("2026-11-27")],
  ["morgen um 14 Uhr", day("2026-11-26", "14:00")],
  ["morgen um 14:30", day("2026-11-26", "14:30")],
  ["morgen 14.30 Uhr", day("2026-11-26", "14:30")],
  ["morgen halb zehn", day("2026-11-26", "09:30")],
  ["morgen um drei", day("2026-11-26", "15:00")],
  ["morgen zehn Uhr", day("2026-11-26", "10:00")],
  ["morgen um zwölf", day("2026-11-26", "12:00")],
  ["morgen vierzehn Uhr dreißig", day("2026-11-26", "14:30")],
  ["morgen um 3 Uhr", day("2026-11-26", "15:00")],
  ["morgen zehn nach drei", day("2026-11-26", "15:10")],
  ["morgen dreiviertel vier", day("2026-11-26", "15:45")],
  ["morgen halb eins", day("2026-11-26", "12:30")],
  ["übermorgen vormittags", day("2026-11-27", null, { dayPart: "forenoon" })],
  ["morgen früh", day("2026-11-26", null, { dayPart: "morning" })],
  ["morgen mittags", day("2026-11-26", null, { dayPart: "noon" })],
  ["morgen am Nachmittag", day("2026-11-26", null, { dayPart: "afternoon" })],
  ["morgen abends", day("2026-11-26", null, { dayPart: "evening" })],
  ["morgen spät", day("2026-11-26", null, { dayPart: "late" })],
  ["heute Abend um 8", day("2026-11-25", "20:00", { dayPart: "evening" })],
  ["morgen früh um 7", day("2026-11-26", "07:00", { dayPart: "morning" })],
  [
    "nachmittags um halb vier",
    day("2026-11-25", "15:30", { dayPart: "afternoon", confidence: "low" }),
  ],
  ["morgen nachmittag um 2:30", day("2026-11-26", "14:30", { dayPart: "afternoon" })],
  ["morgen abends um 8.30 Uhr", day("2026-11-26", "20:30", { dayPart: "evening" })],
  ["morgen um 2:30", day("2026-11-26", "02:30")],
  // Weekdays; today is a Wednesday.
  ["Montag", day("2026-11-30")],
  ["montags", day("2026-11-30")],
  ["Mittwoch", day("2026-12-02")],
  ["am Mittwoch", day("2026-11-25")],
  ["am Freitag", day("2026-11-27")],
  ["diesen Freitag", day("2026-11-27")],
  ["diesen Dienstag", day("2026-12-01")],
  ["Freitag diese Woche", day("2026-11-27")],
  ["nächsten Dienstag", day("2026-12-01")],
  ["kommenden Freitag", day("2026-12-04")],
  ["Freitag nächste Woche", day("2026-12-04")],
  ["nächste Woche Freitag", day("2026-12-04")],
  ["nächste Woche", day("2026-11-30", null, { confidence: "low" })],
  ["diese Woche", day("2026-11-25", null, { confidence: "low" })],
  ["nächsten Dienstag halb drei", day("2026-12-01", "14:30")],
  // Dates.
  ["am 7. November", day("2027-11-07")],
  ["am 22. November", day("2027-11-22")],
  ["am siebten Dezember um zehn", day("2026-12-07", "10:00")],
  ["Donnerstag, den 10. Dezember", day("2026-12-10")],
  ["1. Dezember 2026", day("2026-12-01")],
  ["15.01.", day("2027-01-15")],
  ["15.01.2027", day("2027-01-15")],
  ["15.1.27", day("2027-01-15")],
  ["1.12.", day("2026-12-01")],
  ["30.11", day("2026-11-30")],
  ["15.1", day("2026-12-15", null, { confidence: "low" })],
  ["in drei Tagen", day("2026-11-28")],
  ["am 1. um 9", day("2026-12-01", "09:00")],
  ["am ersten", day("2026-12-01")],
  ["am 28.", day("2026-11-28")],
  ["am Montag den 30.", day("2026-11-30")],
  // A time without a date: later today is a guess, a passed time is tomorrow.
  ["14:30", day("2026-11-25", "14:30", { confidence: "low" })],
  ["halb drei", day("2026-11-25", "14:30", { confidence: "low" })],
  ["viertel nach drei", day("2026-11-25", "15:15", { confidence: "low" })],
  ["viertel vor vier", day("2026-11-25", "15:45", { confidence: "low" })],
  ["um drei", day("2026-11-25", "15:00", { confidence: "low" })],
  ["zehn Uhr", day("2026-11-25", "10:00", { confidence: "low" })],
  ["um 9", day("2026-11-26", "09:00")],
  ["morgens", day("2026-11-26", null, { dayPart: "morning" })],
  ["nachmittags", day("2026-11-25", null, { dayPart: "afternoon", confidence: "low" })],
];

const english: [string, Expected][] = [
  ["today", day("2026-11-25")],
  ["tomorrow", day("2026-11-26")],
  ["the day after tomorrow", day("2026-11-27")],
  ["tomorrow at 2pm", day("2026-11-26", "14:00")],
  ["tomorrow at 2:30 pm", day("2026-11-26", "14:30")],
  ["tomorrow at 9 am", day("2026-11-26", "09:00")],
  ["tomorrow at two", day("2026-11-26", "14:00")],
  ["tomorrow at 2 o'clock", day("2026-11-26", "14:00")],
  ["half past two tomorrow", day("2026-11-26", "14:30")],
  ["a quarter to four tomorrow", day("2026-11-26", "15:45")],
  ["tomorrow evening at 8", day("2026-11-26", "20:00", { dayPart: "evening" })],
  ["next Friday morning", day("2026-12-04", null, { dayPart: "morning" })],
  ["Friday", day("2026-11-27")],
  ["on Friday afternoon", day("2026-11-27", null, { dayPart: "afternoon" })],
  ["this Friday", day("2026-11-27")],
  ["Tuesday next week", day("2026-12-01")],
  ["next week", day("2026-11-30", null, { confidence: "low" })],
  ["on the 7th of December", day("2026-12-07")],
  ["December 7", day("2026-12-07")],
  ["Dec 7th, 2027", day("2027-12-07")],
  ["the twenty-first of December", day("2026-12-21")],
  ["in two weeks", day("2026-12-09")],
  ["on the 28th", day("2026-11-28")],
  ["on the first at 10 am", day("2026-12-01", "10:00")],
  ["at 10:30", day("2026-11-25", "10:30", { confidence: "low" })],
  ["noon", day("2026-11-25", "12:00", { confidence: "low" })],
  ["this afternoon", day("2026-11-25", null, { dayPart: "afternoon" })],
];

const fields: [WhenInput, Expected][] = [
  [{ date: "2026-11-26", time: "14:00" }, day("2026-11-26", "14:00")],
  [{ date: "2026-11-26T14:00" }, day("2026-11-26", "14:00")],
  [{ date: "2026-11-26 14:00:00" }, day("2026-11-26", "14:00")],
  [{ date: "morgen", time: "15 Uhr" }, day("2026-11-26", "15:00")],
  [{ date: "morgen", time: "vormittags" }, day("2026-11-26", null, { dayPart: "forenoon" })],
  [{ date: "morgen früh", time: "7" }, day("2026-11-26", "07:00", { dayPart: "morning" })],
  [{ date: "nächsten Dienstag", time: "halb drei" }, day("2026-12-01", "14:30")],
  [{ date: "Friday", time: "2pm" }, day("2026-11-27", "14:00")],
  [{ date: "2026-11-27", time: "drei" }, day("2026-11-27", "15:00")],
  [{ date: "2026-11-27", time: "15" }, day("2026-11-27", "15:00")],
  [{ date: "2026-11-26", text: "Donnerstag" }, day("2026-11-26")],
  [{ date: "2026-11-26", time: "14:00", text: "morgen um 16 Uhr" }, day("2026-11-26", "14:00")],
  [{ time: "16:00", text: "übermorgen" }, day("2026-11-27", "16:00")],
  // A zero-padded 24-hour time stands, whatever day part the phrase names.
  [
    { date: "morgen", time: "09:00", text: "nachmittags" },
    day("2026-11-26", "09:00", { dayPart: "afternoon" }),
  ],
  [{ date: "", time: null, text: "morgen" }, day("2026-11-26")],
];

const dayPartClock: Record<string, string> = {
  morning: "08:00",
  forenoon: "10:00",
  noon: "12:00",
  afternoon: "14:00",
  evening: "18:00",
  late: "17:00",
};

/** Every date in the tables is in winter time. */
const startOf = (expected: Expected, winter: string) => {
  const clock = expected.time ?? dayPartClock[expected.dayPart ?? ""];
  return expected.date && clock ? `${expected.date}T${clock}:00${winter}` : null;
};

describe.each(zones)("parseWhen in $timeZone", ({ timeZone, winter }) => {
  it.each(german)("reads %j", (text, expected) => {
    expect(parseWhen({ text }, at(wednesday, timeZone))).toEqual({
      ...expected,
      start: startOf(expected, winter),
    });
  });

  it.each(english)("reads %j", (text, expected) => {
    expect(parseWhen({ text }, at(wednesday, timeZone, "en"))).toEqual({
      ...expected,
      start: startOf(expected, winter),
    });
  });

  it.each(fields)("combines %j", (input, expected) => {
    expect(parseWhen(input, at(wednesday, timeZone))).toEqual({
      ...expected,
      start: startOf(expected, winter),
    });
  });

  it("writes the start with the zone's offset", () => {
    expect(parseWhen({ text: "morgen um 14 Uhr" }, at(wednesday, timeZone))).toMatchObject({
      start: `2026-11-26T14:00:00${winter}`,
    });
  });

  it.each([
    [{ text: "am 24. November" }, "past"],
    [{ text: "am 23. November" }, "past"],
    [{ text: "am 24." }, "past"],
    [{ text: "am Dienstag, den 30." }, "weekday_mismatch"],
    [{ date: "2026-11-20" }, "past"],
    [{ date: "heute", time: "09:00" }, "past"],
    [{ text: "Mittwoch, den 19. November" }, "weekday_mismatch"],
    [{ date: "2026-11-26", text: "Freitag" }, "weekday_mismatch"],
    [{ date: "2026-11-26 Freitag" }, "weekday_mismatch"],
    [{ date: "asdf" }, "unparseable"],
    [{ time: "irgendwann" }, "unparseable"],
    [{ text: "Ich möchte einen Termin" }, "unparseable"],
    [{}, "unparseable"],
    [{ date: "  ", text: "" }, "unparseable"],
    [{ date: "2026-02-30" }, "unparseable"],
    [{ date: "31.02." }, "unparseable"],
    [{ date: "2026-11-26T25:00" }, "unparseable"],
  ] as [WhenInput, string][])("refuses %j as %s", (input, error) => {
    const result = parseWhen(input, at(wednesday, timeZone));
    expect(result).toMatchObject({ error });
    expect((result as { detail: string }).detail).not.toBe("");
  });

  it("starts a vague part of today from now while it lasts, and refuses it once over", () => {
    expect(parseWhen({ text: "heute nachmittag" }, at("2026-11-25T15:10", timeZone))).toEqual({
      date: "2026-11-25",
      time: null,
      dayPart: "afternoon",
      confidence: "low",
      start: `2026-11-25T15:15:00${winter}`,
    });
    expect(parseWhen({ text: "heute nachmittag" }, at("2026-11-25T19:00", timeZone))).toMatchObject(
      {
        error: "past",
      },
    );
  });

  it("treats a bare weekday on the weekend and 'diese Woche' on a Saturday", () => {
    const saturday = at("2026-11-28T10:00", timeZone);
    expect(parseWhen({ text: "diese Woche" }, saturday)).toMatchObject({ date: "2026-11-30" });
    expect(parseWhen({ text: "Samstag" }, saturday)).toMatchObject({ date: "2026-12-05" });
    expect(parseWhen({ text: "am Samstag" }, saturday)).toMatchObject({ date: "2026-11-28" });
    expect(parseWhen({ text: "nächsten Montag" }, saturday)).toMatchObject({ date: "2026-11-30" });
  });

  it("reads '15.1' as this month only when the day is past the 10th, and never in Jan/Feb", () => {
    expect(parseWhen({ text: "15.1" }, at("2026-10-05T10:00", timeZone))).toMatchObject({
      date: "2026-10-15",
      confidence: "low",
    });
    expect(parseWhen({ text: "5.1" }, at("2026-10-05T10:00", timeZone))).toMatchObject({
      date: "2027-01-05",
      confidence: "high",
    });
    expect(parseWhen({ text: "15.1" }, at("2026-01-05T10:00", timeZone))).toMatchObject({
      date: "2026-01-15",
      confidence: "high",
    });
  });
});

describe("parseWhen with ISO-8601 and offsets", () => {
  it("converts an instant with an offset into company time", () => {
    const input = { date: "2026-11-26T13:00:00Z" };
    expect(parseWhen(input, at(wednesday, "Europe/Berlin"))).toMatchObject({
      date: "2026-11-26",
      time: "14:00",
      start: "2026-11-26T14:00:00+01:00",
    });
    expect(parseWhen(input, at(wednesday, "Europe/London"))).toMatchObject({
      time: "13:00",
      start: "2026-11-26T13:00:00+00:00",
    });
    expect(
      parseWhen({ date: "2026-11-27T00:30:00+01:00" }, at(wednesday, "Europe/London")),
    ).toMatchObject({
      date: "2026-11-26",
      time: "23:30",
    });
  });

  it("takes a bare local time as company time, whatever the server's zone", () => {
    const result = parseWhen({ date: "2026-11-26T14:00" }, at(wednesday, "America/New_York"));
    expect(result).toMatchObject({ start: "2026-11-26T14:00:00-05:00" });
  });

  it("throws on an unknown time zone, a configuration error", () => {
    expect(() =>
      parseWhen({ text: "morgen" }, { now: new Date(), timeZone: "Mars/Base", locale: "de" }),
    ).toThrow(/time zone/);
  });
});

describe("parseWhen across daylight-saving switches", () => {
  it("moves a time in the spring-forward gap past it, with low confidence", () => {
    expect(parseWhen({ text: "Sonntag um 2:30" }, at("2026-03-27T10:00", "Europe/Berlin"))).toEqual(
      {
        date: "2026-03-29",
        time: "03:30",
        dayPart: null,
        confidence: "low",
        start: "2026-03-29T03:30:00+02:00",
      },
    );
    expect(
      parseWhen({ text: "Sunday at 1:30" }, at("2026-03-27T10:00", "Europe/London", "en")),
    ).toEqual({
      date: "2026-03-29",
      time: "02:30",
      dayPart: null,
      confidence: "low",
      start: "2026-03-29T02:30:00+01:00",
    });
  });

  it("takes the first of the two times in the autumn overlap", () => {
    expect(parseWhen({ text: "Sonntag um 2:30" }, at("2026-10-23T10:00", "Europe/Berlin"))).toEqual(
      {
        date: "2026-10-25",
        time: "02:30",
        dayPart: null,
        confidence: "high",
        start: "2026-10-25T02:30:00+02:00",
      },
    );
    expect(
      parseWhen({ text: "Sunday at 1:30" }, at("2026-10-23T10:00", "Europe/London", "en")),
    ).toMatchObject({
      start: "2026-10-25T01:30:00+01:00",
    });
  });

  it("keeps the second of the two when an explicit offset says so", () => {
    const result = parseWhen(
      { date: "2026-10-25T02:30:00+01:00" },
      at("2026-10-23T10:00", "Europe/Berlin"),
    );
    expect(result).toMatchObject({ time: "02:30", start: "2026-10-25T02:30:00+01:00" });
  });

  it("uses the offset of the target day, not of today", () => {
    expect(
      parseWhen({ text: "morgen um 14 Uhr" }, at("2026-03-28T10:00", "Europe/Berlin")),
    ).toMatchObject({
      start: "2026-03-29T14:00:00+02:00",
    });
    expect(
      parseWhen({ text: "tomorrow at 2pm" }, at("2026-10-24T10:00", "Europe/London", "en")),
    ).toMatchObject({
      start: "2026-10-25T14:00:00+00:00",
    });
  });
});

describe("parseWhen round trip", () => {
  it("reads back any local wall time given as ISO date and HH:mm", () => {
    const now = new Date("2000-01-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2001-01-01T00:00:00Z"),
          max: new Date("2040-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("Europe/Berlin", "Europe/London", "America/New_York"),
        fc.constantFrom("de" as const, "en" as const),
        (instant, timeZone, locale) => {
          const local = DateTime.fromJSDate(instant, { zone: timeZone });
          const date = local.toISODate();
          const time = local.toFormat("HH:mm");
          const result = parseWhen({ date, time }, { now, timeZone, locale });
          expect(result).toMatchObject({ date, time });
          const start = DateTime.fromISO((result as ParsedWhen).start ?? "", { zone: timeZone });
          expect(start.toFormat("yyyy-MM-dd HH:mm")).toBe(`${date} ${time}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
