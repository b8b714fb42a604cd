import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.ts";

describe("parseCsv", () => {
  it("reads a header and rows with line numbers", () => {
    expect(parseCsv("name,email\nAnna,anna@x.de\nBen,\n")).toEqual([
      { line: 1, fields: ["name", "email"] },
      { line: 2, fields: ["Anna", "anna@x.de"] },
      { line: 3, fields: ["Ben", ""] },
    ]);
  });

  it("handles a BOM, CRLF, quotes, escaped quotes and embedded newlines", () => {
    const text = '\uFEFFname,note\r\n"Meyer, Karl","said ""hi""\nthen left"\r\nJörg,x\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["name", "note"] },
      { line: 2, fields: ["Meyer, Karl", 'said "hi"\nthen left'] },
      { line: 4, fields: ["Jörg", "x"] },
    ]);
  });

  it("detects the semicolon of German exports and skips blank lines", () => {
    expect(parseCsv("Name;E-Mail\n\nAnna;a@x.de")).toEqual([
      { line: 1, fields: ["Name", "E-Mail"] },
      { line: 3, fields: ["Anna", "a@x.de"] },
    ]);
  });

  it("names the line of an unterminated quote", () => {
    expect(() => parseCsv('name\n"Anna\n')).toThrow("line 2");
  });
});
