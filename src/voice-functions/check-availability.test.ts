import { describe, expect, it } from "vitest";
import type { Company, Locale } from "../domain/entities.ts";
import type { CheckAvailabilityOutcome } from "../features/voice/check-availability.ts";
import type { VoiceContext } from "../features/voice/context.ts";
import { checkAvailability } from "./check-availability.ts";
import { speaking } from "./speaking.ts";
import type { VoiceUseCases } from "./use-cases.ts";

// Wednesday 2 December 2026, 10:00 in Berlin and 9:00 in London.
const now = new Date("2026-12-02T09:00:00Z");
const company = (locale: Locale) =>
  ({
    id: "c1",
    locale,
    timezone: locale === "de" ? "Europe/Berlin" : "Europe/London",
    country: "DE",
  }) as Company;

/** The reply check_availability gives for an outcome, in a language. */
async function reply(outcome: CheckAvailabilityOutcome, locale: Locale = "de") {
  const useCases = { checkAvailability: async () => outcome } as unknown as VoiceUseCases;
  const ctx = { company: company(locale) } as VoiceContext;
  const say = speaking(company(locale), now, checkAvailability.messages);
  return checkAvailability.run(useCases, ctx, { service: "x", date: "y" }, say);
}

const times = { service: "Haarschnitt", namedDifferently: false, staff: null };
// Monday 7 December, 9:00, 9:30 and 10:00 in Berlin.
const monday = ["2026-12-07T08:00:00.000Z", "2026-12-07T08:30:00.000Z", "2026-12-07T09:00:00.000Z"];

describe("check_availability's replies", () => {
  it("offers other times grouped by day", async () => {
    const r = await reply({ kind: "alternatives", requested: null, slots: monday, ...times });
    expect(r.message).toBe(
      "Zu dieser Zeit ist leider nichts frei. Ich hätte Montag, 7. Dezember, um 9, halb 10 oder 10 Uhr.",
    );
    expect(r.data).toMatchObject({ available: false, service: "Haarschnitt" });
    const en = await reply(
      {
        kind: "alternatives",
        requested: null,
        slots: monday.map((s) => s.replace("T0", "T1")),
        ...times,
      },
      "en",
    );
    expect(en.message).toBe(
      "That time is not free. I could offer Monday, December 7 at 6, 6:30 or 7 pm.",
    );
  });

  it("names a closed day as closed, then the nearest other times", async () => {
    const r = await reply({
      kind: "closed",
      date: "2026-12-06",
      weekday: 7,
      slots: monday,
      ...times,
    });
    expect(r.message).toBe(
      "Sonntags haben wir geschlossen. Ich hätte Montag, 7. Dezember, um 9, halb 10 oder 10 Uhr.",
    );
    expect(r.data).toMatchObject({ available: false, closed: true });
    expect(
      (await reply({ kind: "closed", date: "x", weekday: 1, slots: [], ...times }, "en")).message,
    ).toBe("We're closed on Mondays. Would another day suit you?");
  });

  it("names the service when the caller called it something else", async () => {
    const r = await reply({
      kind: "available",
      start: monday[0]!,
      slots: [monday[0]!],
      confidence: "high",
      ...times,
      namedDifferently: true,
    });
    expect(r.message).toBe(
      "Dafür haben wir „Haarschnitt“. Montag, 7. Dezember, um 9 Uhr ist frei. Soll ich den Termin für Sie buchen?",
    );
  });

  it("says whose times they are when a stylist was asked for", async () => {
    const own = await reply({
      kind: "available",
      start: monday[0]!,
      slots: [monday[0]!],
      confidence: "high",
      ...times,
      staff: { name: "Anna Schmidt", guaranteed: true },
    });
    expect(own.message).toMatch(/^Ich habe im Kalender von Anna Schmidt nachgesehen\. Montag/);
    expect(own.data).toMatchObject({ staff_name: "Anna Schmidt", staff_guaranteed: true });
    const team = await reply(
      {
        kind: "alternatives",
        requested: null,
        slots: monday,
        ...times,
        staff: { name: "Anna Schmidt", guaranteed: false },
      },
      "en",
    );
    expect(team.message).toMatch(
      /I can't promise it will be Anna Schmidt, but I'll note your wish\.$/,
    );
    expect(team.data).toMatchObject({ staff_name: "Anna Schmidt", staff_guaranteed: false });
  });

  it("asks which of several namesakes, and again for a name it does not know", async () => {
    const r = await reply({ kind: "staff_ambiguous", names: ["Anna Schmidt", "Anna Meier"] });
    expect(r).toMatchObject({
      ok: false,
      message: "Bei uns gibt es mehrere mit diesem Namen. Meinen Sie Anna Schmidt oder Anna Meier?",
      data: { staff_options: ["Anna Schmidt", "Anna Meier"] },
    });
    const unknown = await reply({ kind: "ask", field: "staff", reason: "invalid" }, "en");
    expect(unknown).toMatchObject({ ok: false, data: { missing: "staff" } });
    expect(unknown.message).toBe("I don't know that name in our team. Who would you like to see?");
  });
});
