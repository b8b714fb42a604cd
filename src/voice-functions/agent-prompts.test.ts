import { describe, expect, it } from "vitest";
import { inboundReply } from "../retell/inbound.ts";
import { germanPrompt } from "../retell/prompts/de.ts";
import { englishPrompt } from "../retell/prompts/en.ts";
import { voiceFunctions } from "./registry.ts";

/** The dynamic variables call_inbound gives the agent, every option set. */
const inboundVariables = [
  "company_name",
  "today",
  "today_iso",
  "weekday",
  "current_time",
  "tomorrow",
  "day_after_tomorrow",
  "time_zone",
  "customer_name",
  "last_staff_name",
  "last_service",
  "transfer_available",
];

/** Retell's own tools provisioning adds beside ours. */
const retellTools = ["transfer_call", "end_call"];

const shipped = { de: germanPrompt, en: englishPrompt };

describe.each(Object.entries(shipped))("the %s system prompt", (_, prompt) => {
  it("names only variables call_inbound gives, and uses all of them", () => {
    const named = new Set([...prompt.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual([...inboundVariables].sort());
  });

  it("names every function of the registry, and none it does not have", () => {
    const known = new Set([...voiceFunctions.map((f) => f.name), ...retellTools]);
    const named = new Set([...prompt.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)].map((m) => m[0]));
    for (const fn of voiceFunctions) expect(named).toContain(fn.name);
    for (const tool of retellTools) expect(named).toContain(tool);
    // Snake-case words are functions, variables, or the reply fields the prompt reads.
    const replyFields = ["staff_guaranteed", "transfer_suggested"];
    for (const word of named)
      expect([...known, ...inboundVariables, ...replyFields]).toContain(word);
  });

  it("speaks of the booking states and the stylist choice", () => {
    for (const word of [
      "accepted",
      "pending",
      "checking",
      "staff_guaranteed",
      "staff",
      "transfer_suggested",
    ])
      expect(prompt).toContain(word);
  });
});

describe("call_inbound", () => {
  it("gives every variable the prompts name when all is known", () => {
    const reply = inboundReply({
      companyName: "Salon Beispiel",
      customerName: "Anna Muster",
      lastStaffName: "Jana",
      lastService: "Haarschnitt",
      transferAvailable: true,
      now: new Date("2026-03-02T09:00:00Z"),
      timeZone: "Europe/Berlin",
      locale: "de",
    });
    expect(Object.keys(reply.call_inbound.dynamic_variables).sort()).toEqual(
      [...inboundVariables].sort(),
    );
  });
});

it("says booked only for an accepted booking, in both languages", () => {
  expect(germanPrompt).toMatch(/Sag nie "gebucht".*bevor book_appointment.*"accepted"/s);
  expect(englishPrompt).toMatch(/Never say "booked".*before book_appointment.*"accepted"/s);
});
