import { describe, expect, it } from "vitest";
import { decodeText } from "./text-encoding.ts";

const csv = "name,email\nKatrin Löwe,katrin@salon.de\n";
const utf8 = new TextEncoder().encode(csv);
const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
// "ö" is 0xF6 in Windows-1252; every other character is ASCII.
const cp1252 = Uint8Array.from(csv, (ch) => (ch === "ö" ? 0xf6 : ch.charCodeAt(0)));

function utf16le(text: string, bom: boolean): Uint8Array {
  const out = bom ? [0xff, 0xfe] : [];
  for (const ch of text) out.push(ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8);
  return new Uint8Array(out);
}

describe("decodeText", () => {
  it('reads "Katrin Löwe" from UTF-8, UTF-8 with BOM and Windows-1252 alike', () => {
    expect(decodeText(utf8)).toEqual({ ok: true, text: csv, encoding: "utf-8" });
    expect(decodeText(withBom)).toEqual({ ok: true, text: csv, encoding: "utf-8-bom" });
    expect(decodeText(cp1252)).toEqual({ ok: true, text: csv, encoding: "windows-1252" });
  });

  it("reads the Windows-1252 characters above 0x7F that are not Latin-1 (€, „, “)", () => {
    expect(decodeText(new Uint8Array([0x80, 0x20, 0x84, 0x93]))).toMatchObject({
      ok: true,
      text: "€ „“",
    });
  });

  it("refuses UTF-16 with either byte order mark, and without one", () => {
    for (const bytes of [
      utf16le(csv, true),
      new Uint8Array([0xfe, 0xff, 0x00, 0x41]),
      utf16le(csv, false),
    ]) {
      const result = decodeText(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain("UTF-16");
    }
  });

  it("refuses the bytes Windows-1252 leaves undefined, naming the byte and its line", () => {
    for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      const result = decodeText(new Uint8Array([...utf8.subarray(0, 11), b, 0x41, 0x0a]));
      expect(result).toMatchObject({ ok: false, line: 2 });
      if (!result.ok) expect(result.message).toContain(`0x${b.toString(16).toUpperCase()}`);
    }
  });

  it("refuses a file that is UTF-8 in one place and something else in another", () => {
    const mixed = new Uint8Array([...utf8, ...cp1252.subarray(11)]);
    const result = decodeText(mixed);
    expect(result).toMatchObject({ ok: false, line: 3 });
    if (!result.ok) expect(result.message).toContain("mixes encodings");
  });

  it("refuses a stray NUL byte with its line", () => {
    expect(decodeText(new Uint8Array([0x61, 0x0a, 0x62, 0x63, 0x64, 0x00, 0x65]))).toMatchObject({
      ok: false,
      line: 2,
    });
  });

  it("reads an empty file as empty UTF-8 text", () => {
    expect(decodeText(new Uint8Array())).toEqual({ ok: true, text: "", encoding: "utf-8" });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({
      ok: true,
      text: "",
      encoding: "utf-8-bom",
    });
  });
});
