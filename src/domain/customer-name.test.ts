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
    ["Max Mustermann", "placeholder"],
    ["morgen um 14 Uhr", "invalid"],
    ["tomorrow", "invalid"],
    ["bei Anna", "invalid"],
    ["Joerg Mueller", "invalid"],
    ["anna schmidt", "invalid"],
  ])("refuses %j (%s)", (name, reason) => {
    expect(unusableCustomerName(name, staff)).toBe(reason);
  });
});
