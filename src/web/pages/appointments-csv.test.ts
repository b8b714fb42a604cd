import { describe, expect, it } from "vitest";
import { csvCell } from "./appointments-csv.ts";

describe("csvCell", () => {
  it.each([
    ["Anna", ",", "Anna"],
    ["=1+2", ",", "'=1+2"],
    ["+49 30 1234567", ",", "'+49 30 1234567"],
    ["-5", ";", "'-5"],
    ["@SUM(A1)", ",", "'@SUM(A1)"],
    ["\tcmd", ",", "'\tcmd"],
    ["a,b", ",", '"a,b"'],
    ["a,b", ";", "a,b"],
    ["a;b", ";", '"a;b"'],
    ['say "hi"', ",", '"say ""hi"""'],
    ["line\nbreak", ",", '"line\nbreak"'],
    ['=HYPERLINK("x")', ",", '"\'=HYPERLINK(""x"")"'],
    ["", ",", ""],
  ])("writes %j (separator %j) as %j", (value, separator, expected) => {
    expect(csvCell(value, separator)).toBe(expected);
  });
});
