import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isTimeExpression, normalise, readPhrase } from "./phrase.ts";

const now = DateTime.fromISO("2026-11-25T10:00", { zone: "Europe/Berlin" });
const ctx = { now, today: now.startOf("day"), locale: "de" as const };

describe("normalise", () => {
  it("lower-cases, spells umlauts in ASCII and folds spaces", () => {
    expect(normalise("  Nächsten  DIENSTAG, Übermorgen, Straße  ")).toBe(
      "naechsten dienstag, uebermorgen, strasse",
    );
    // A decomposed umlaut (u + combining diaeresis) reads the same.
    expect(normalise("u\u0308bermorgen")).toBe("uebermorgen");
  });
});

describe("readPhrase", () => {
  it("finds date and time inside a sentence and leaves the rest", () => {
    const reading = readPhrase("Ich hätte gern einen Termin morgen um 14 Uhr, bitte", "text", ctx);
    expect(reading).toMatchObject({
      date: now.startOf("day").plus({ days: 1 }),
      time: { hour: 14, minute: 0, reading: "exact" },
      rest: ["ich", "haette", "gern", "einen"],
    });
  });

  it("reads an hour alone as a time only in the time field", () => {
    expect(readPhrase("drei", "time", ctx)).toMatchObject({
      time: { hour: 3, minute: 0, reading: "spoken" },
    });
    expect(readPhrase("drei", "text", ctx)).toMatchObject({ time: null });
  });

  it("does not take the article after 'um' for one o'clock", () => {
    expect(readPhrase("es geht um eine Beratung", "text", ctx)).toMatchObject({ time: null });
    expect(readPhrase("um eins", "text", ctx)).toMatchObject({ time: { hour: 1 } });
  });

  it("reads a range 'from 10 to 12' by its start, not as ten to twelve (11:50)", () => {
    expect(readPhrase("from 10 to 12", "text", { ...ctx, locale: "en" })).toMatchObject({
      time: { hour: 10, minute: 0 },
    });
  });

  it("reads German 'am' before a word as a preposition, English 'am' as a.m.", () => {
    expect(readPhrase("um 9 am Montag", "text", ctx)).toMatchObject({
      time: { hour: 9, reading: "spoken" },
    });
    expect(readPhrase("9 am tomorrow", "text", { ...ctx, locale: "en" })).toMatchObject({
      time: { hour: 9, reading: "am" },
    });
  });
});

describe("isTimeExpression", () => {
  it.each([
    "morgen um drei",
    "Freitag",
    "nächsten Dienstag",
    "14:30",
    "um 14 Uhr",
    "heute Nachmittag",
    "tomorrow at 2pm",
    "in drei Tagen",
  ])("sees %j as a time", (text) => {
    expect(isTimeExpression(text)).toBe(true);
  });

  it.each(["Anna Schmidt", "Thomas Freitag", "Maria", "", "Mai Nguyen"])(
    "sees %j as no time",
    (text) => {
      expect(isTimeExpression(text)).toBe(false);
    },
  );
});
