import { describe, expect, it } from "vitest";
import { unusableCustomerName } from "./customer-name.ts";

const staff = ["Jörg Müller", "Anna Schmidt"];

describe("unusableCustomerName", () => {
  it.each(["Maria Muster", "Kevin O'Brien", "Zoë", "Łukasz Nowak"])("accepts %j", (name) => {
    expect(unusableCustomerName(name, staff)).toBeNull();
  });

  it.each([
    ["", "missing"],
    ["A", "missing"],
    ["unbekannt", "placeholder"],
    ["Anonym", "placeholder"],
    ["N/A", "placeholder"],
    ["undefined", "placeholder"],
    ["morgen um 14 Uhr", "placeholder"],
    ["tomorrow", "placeholder"],
    ["bei Anna", "placeholder"],
    ["Joerg Mueller", "placeholder"],
    ["anna schmidt", "placeholder"],
  ])("refuses %j (%s)", (name, reason) => {
    expect(unusableCustomerName(name, staff)).toBe(reason);
  });
});
