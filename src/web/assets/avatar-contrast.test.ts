import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const css = readFileSync(new URL("./console.css", import.meta.url), "utf8");

/** The custom properties set in the rule block that starts at `selector`. */
function variablesOf(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, selector).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf("}", start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** A declaration of a class rule, e.g. `.hue-3`'s background, with var() resolved. */
function declaration(selector: string, property: string, vars: Map<string, string>): string {
  const rule = new RegExp(`\\n${selector.replace(".", "\\.")} \\{([^}]*)\\}`).exec(css);
  expect(rule, selector).not.toBeNull();
  const value = new RegExp(`\\n\\s*${property}:\\s*([^;]+);`).exec(rule![1]!)![1]!.trim();
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  return name ? vars.get(name)! : value;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("avatar initials", () => {
  const light = variablesOf(":root");
  // The dark themes (chosen, and by the system) override what they set; the rest is inherited.
  const dark = [':root[data-theme="dark"]', ':root:not([data-theme="light"])'].map(
    (s) => new Map([...light, ...variablesOf(s)]),
  );

  it("computes WCAG contrast", () => {
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  for (const [mode, vars] of [
    ["light", light],
    ["dark", dark[0]!],
    ["dark (system)", dark[1]!],
  ] as const) {
    it(`are at least 4.5:1 on every colour of the palette (${mode})`, () => {
      const text = declaration(".avatar", "color", vars);
      const backgrounds = [".avatar", ...Array.from({ length: 8 }, (_, i) => `.hue-${i}`)].map(
        (s) => [s, declaration(s, "background", vars)] as const,
      );
      for (const [selector, background] of backgrounds) {
        expect(background, selector).toMatch(/^#[0-9a-f]{6}$/i);
        expect(contrast(text, background), `${selector} ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
});
