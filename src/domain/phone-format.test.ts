import { describe, expect, it } from "vitest";
import { formatPhone } from "./phone.ts";

describe("formatPhone", () => {
  it.each([
    ["+49301234567", "DE", "030 1234567"],
    ["+4915123456789", "de", "01512 3456789"],
    ["+442079460958", "DE", "+44 20 7946 0958"],
    ["+442079460958", "GB", "020 7946 0958"],
    ["not a number", "DE", "not a number"],
  ])("shows %s in %s as %s", (e164, country, expected) => {
    expect(formatPhone(e164, country)).toBe(expected);
  });
});
