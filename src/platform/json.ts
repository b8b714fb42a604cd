/** Deepest nesting of arrays and objects a webhook body may have (real ones stay below 10). */
export const maxJsonDepth = 64;

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * `JSON.parse` for bodies from outside, which never throws: the nesting is counted on the text
 * before parsing (deeper than `maxDepth` is refused — a body nested thousands deep would
 * otherwise exhaust the stack of whatever walks it next, zod, JSON.stringify or the parser itself),
 * and NUL characters are removed from every string and key (PostgreSQL's text columns refuse
 * them, so a name carrying one could never be stored). A NUL can only arrive escaped (`\u0000`):
 * raw control characters are not valid JSON, so text without that escape is parsed as it is.
 */
export function parseJson(text: string, maxDepth = maxJsonDepth): JsonParse {
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) return { ok: false, message: `nested deeper than ${maxDepth} levels` };
  try {
    return {
      ok: true,
      value: text.includes("\\u0000") ? JSON.parse(text, withoutNul) : JSON.parse(text),
    };
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message})` };
  }
}

/** The deepest nesting of `[` and `{` outside strings; stops counting once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // a backslash escapes the next character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

function withoutNul(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((k) => k.includes("\u0000"))) return value;
  const cleaned: Record<string, unknown> = {};
  for (const k of keys) {
    Object.defineProperty(cleaned, k.replaceAll("\u0000", ""), {
      value: (value as Record<string, unknown>)[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return cleaned;
}
