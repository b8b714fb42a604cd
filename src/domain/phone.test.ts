import { describe, expect, it } from "vitest";
import { toE164 } from "./phone.ts";

describe("toE164", () => {
  it.each([
    ["030 1234567", "DE", "+49301234567"],
    ["+49 30 1234567", "DE", "+49301234567"],
    ["0049 30 1234567", "DE", "+49301234567"],
    ["(030) 123-4567", "DE", "+49301234567"],
    ["0151 23456789", "DE", "+4915123456789"],
    ["+44 20 7946 0958", "DE", "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
  ])("reads %s in %s as %s", (input, country, expected) => {
    expect(toE164(input, country)).toEqual({ ok: true, e164: expected });
  });

  it.each(["", "   ", "12", "abc", "030"])("refuses %j", (input) => {
    expect(toE164(input, "DE").ok).toBe(false);
  });
});
