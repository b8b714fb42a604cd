import { describe, expect, it } from "vitest";
import { parseJson } from "./json.ts";

describe("parseJson", () => {
  it("parses ordinary JSON as JSON.parse does", () => {
    expect(parseJson('{"a":[1,{"b":"c"}],"d":null}')).toEqual({
      ok: true,
      value: { a: [1, { b: "c" }], d: null },
    });
  });

  it("refuses nesting past the limit and accepts exactly the limit", () => {
    expect(parseJson(`${"[".repeat(64)}${"]".repeat(64)}`).ok).toBe(true);
    expect(parseJson(`${"[".repeat(65)}${"]".repeat(65)}`)).toEqual({
      ok: false,
      message: "nested deeper than 64 levels",
    });
    // Far past the stack: refused, not thrown.
    expect(parseJson(`${'{"a":'.repeat(500_000)}1${"}".repeat(500_000)}`).ok).toBe(false);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    const text = JSON.stringify({ s: `${"[".repeat(100)}\\"{{{{` });
    expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it("removes NUL characters from strings and keys, and keeps __proto__ a plain key", () => {
    const parsed = parseJson(
      '{"na\\u0000me":"J\\u0000\\u0000rg","list":["\\u0000"],"__proto__":{"x":"\\u0000"}}',
    );
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: Record<string, unknown> }).value;
    expect(value.name).toBe("Jrg");
    expect(value.list).toEqual([""]);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });

  it("names the problem of text that is not JSON", () => {
    const parsed = parseJson("{nope");
    expect(parsed.ok).toBe(false);
    expect((parsed as { message: string }).message).toMatch(/^not valid JSON \(/);
  });
});
