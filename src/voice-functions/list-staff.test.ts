import { describe, expect, it } from "vitest";
import { listStaff } from "./list-staff.ts";

describe("list_staff's lines", () => {
  it("name who does a service in the company's language, with the number agreeing", () => {
    const { de, en } = listStaff.messages;
    expect(de.staffFor({ service: "Herrenhaarschnitt", names: ["Anna", "Jörg"], day: false })).toBe(
      "Herrenhaarschnitt machen bei uns Anna und Jörg.",
    );
    expect(de.staffFor({ service: "Färben", names: ["Mia"], day: false })).toBe(
      "Färben macht bei uns Mia.",
    );
    expect(en.staffFor({ service: "Check-up", names: ["Emily", "Priya"], day: false })).toBe(
      "Check-up is done by Emily and Priya.",
    );
  });

  it("say plainly that who is in on a day is checked with a time, in one or two short sentences", () => {
    for (const lines of [listStaff.messages.de, listStaff.messages.en]) {
      for (const names of [[], ["Anna Schmidt", "Jörg Müller", "Sophie Weiss"]]) {
        for (const day of [false, true]) {
          const message = lines.staffFor({ service: "Herrenhaarschnitt", names, day });
          expect(message).toMatch(/[.?!]$/);
          expect(message.split(/[.?!](?:\s|$)/).filter(Boolean).length).toBeLessThanOrEqual(2);
          expect(message.length).toBeLessThanOrEqual(130);
          expect(/Uhrzeit|a time/.test(message)).toBe(day);
        }
      }
    }
  });
});
