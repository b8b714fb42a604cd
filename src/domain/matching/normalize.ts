/**
 * Name, email and username normalisation for matching (and for search/blocking elsewhere).
 * Everything here accepts null, "" and whitespace and never throws.
 */

export interface NormalizedEmail {
  /** Trimmed and lower-cased address. */
  full: string;
  local: string;
  domain: string;
  /** Local part without its +tag, @ domain: "anna+cal@x.de" → "anna@x.de". */
  base: string;
}

export interface EmailParts extends NormalizedEmail {
  /** Local part without its +tag. */
  baseLocal: string;
  /** Text after the "+" of the local part, or null. */
  tag: string | null;
}

/** Lower-cases and trims; no Gmail dot rules (other providers treat dots as significant). */
export function parseEmail(email: string | null | undefined): EmailParts | null {
  if (typeof email !== "string") return null;
  const full = email.trim().toLowerCase();
  const at = full.indexOf("@");
  if (at <= 0 || at !== full.lastIndexOf("@") || at === full.length - 1 || /\s/u.test(full)) {
    return null;
  }
  const local = full.slice(0, at);
  const domain = full.slice(at + 1);
  const plus = local.indexOf("+");
  const baseLocal = plus > 0 ? local.slice(0, plus) : local;
  return {
    full,
    local,
    domain,
    base: `${baseLocal}@${domain}`,
    baseLocal,
    tag: plus > 0 ? local.slice(plus + 1) : null,
  };
}

export function normalizeEmail(email: string | null | undefined): NormalizedEmail | null {
  const parts = parseEmail(email);
  return parts && { full: parts.full, local: parts.local, domain: parts.domain, base: parts.base };
}

/**
 * The normalisation steps applied to names. All are on when matching; the explanations switch
 * single steps off to tell an admin which one made two names equal.
 */
export interface NameSteps {
  titles: boolean;
  punctuation: boolean;
  order: boolean;
  umlauts: boolean;
  diacritics: boolean;
}

export const allNameSteps: NameSteps = {
  titles: true,
  punctuation: true,
  order: true,
  umlauts: true,
  diacritics: true,
};

export interface NameParts {
  /** Normalised tokens in reading order (first name first, "Meyer, Karl" turned round). */
  tokens: readonly string[];
  /** Tokens joined with spaces, in reading order. */
  ordered: string;
  /** Tokens sorted and joined with spaces: the order-free name key. */
  key: string;
  /** Tokens joined without spaces: "O'Neil", "O Neil" and "ONeil" all give "oneil". */
  compact: string;
}

// German spelling without umlauts, applied to both sides so "Jörg" = "Joerg" and "Weiß" = "Weiss".
const umlautSpelling: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };
// Letters that NFKD does not decompose into a base letter plus a mark.
const undecomposed: Record<string, string> = {
  ı: "i",
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  æ: "ae",
  œ: "oe",
  ħ: "h",
  ŧ: "t",
};

const titles = new Set([
  "dr",
  "prof",
  "univ",
  "dipl",
  "herr",
  "frau",
  "mr",
  "mrs",
  "ms",
  "mx",
  "miss",
  "phd",
]);
// Only dropped right after a title ("Dr. med.", "Dipl.-Ing.", "Dr. h.c."): alone they may be names.
const titleQualifiers = new Set([
  "ing",
  "med",
  "dent",
  "vet",
  "rer",
  "nat",
  "phil",
  "jur",
  "oec",
  "pol",
  "habil",
  "h",
  "c",
  "hc",
]);

function isTitle(parts: readonly string[], afterTitle: boolean): boolean {
  let previousIsTitle = afterTitle;
  for (const part of parts) {
    if (!titles.has(part) && !(previousIsTitle && titleQualifiers.has(part))) return false;
    previousIsTitle = true;
  }
  return parts.length > 0;
}

function dropTitles(tokens: readonly string[]): string[] {
  const kept: string[] = [];
  let afterTitle = false;
  for (const token of tokens) {
    afterTitle = isTitle(token.split(/[^\p{L}\p{N}]+/u).filter(Boolean), afterTitle);
    if (!afterTitle) kept.push(token);
  }
  return kept;
}

/** The raw words of a name that are titles ("Dr.", "Dipl.-Ing."), for explanations. */
export function titleWords(raw: string): string[] {
  const found: string[] = [];
  let afterTitle = false;
  for (const word of raw.split(/[\s,]+/u)) {
    const parts = word
      .normalize("NFKD")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    afterTitle = isTitle(parts, afterTitle);
    if (afterTitle) found.push(word);
  }
  return found;
}

/** "Meyer, Karl" → "Karl Meyer"; any other use of commas just separates words. */
function lastFirstToReadingOrder(s: string): string {
  const parts = s.split(",");
  const [last, first] = parts;
  if (parts.length === 2 && last?.trim() && first?.trim()) return `${first} ${last}`;
  return s.replaceAll(",", " ");
}

export function nameParts(
  raw: string | null | undefined,
  steps: NameSteps = allNameSteps,
): NameParts | null {
  if (typeof raw !== "string") return null;
  let s = raw.toLowerCase();
  // Plain ASCII (most names) has nothing to compose, transliterate or strip.
  if (!/^[ -~]*$/u.test(s)) {
    s = s.normalize("NFC");
    if (steps.umlauts) s = s.replace(/[äöüß]/gu, (c) => umlautSpelling[c] ?? c);
    if (steps.diacritics) {
      s = s
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .replace(/[ıłøđðþæœħŧ]/gu, (c) => undecomposed[c] ?? c);
    }
  }
  s = steps.order ? lastFirstToReadingOrder(s) : s.replaceAll(",", " ");
  // Apostrophes vanish ("O'Neil" = "ONeil"); hyphens, dots and everything else split words.
  s = steps.punctuation
    ? s.replace(/['’‘`´ʼ]/gu, "").replace(/[^\p{L}\p{N}]+/gu, " ")
    : s.replace(/[^\p{L}\p{N}'’‘`´ʼ.-]+/gu, " ");
  let tokens = s.split(" ").filter((t) => t !== "");
  if (steps.titles) tokens = dropTitles(tokens);
  if (tokens.length === 0) return null;
  const ordered = tokens.join(" ");
  return {
    tokens,
    ordered,
    key: steps.order ? [...tokens].sort().join(" ") : ordered,
    compact: tokens.join(""),
  };
}

/**
 * The order-free comparison key of a name: lower-case, German umlaut spelling, no diacritics,
 * no titles, punctuation as spaces, tokens sorted. "" when nothing is left.
 */
export function normalizeName(name: string | null | undefined): string {
  return nameParts(name)?.key ?? "";
}

/** Both names equal under the given steps: same sorted tokens, or same letters ignoring spacing. */
export function sameName(
  a: NameParts | null,
  b: NameParts | null,
  steps: NameSteps = allNameSteps,
): boolean {
  if (!a || !b) return false;
  return a.key === b.key || (steps.punctuation && a.compact === b.compact);
}

/** Lower-cased username, or null when empty. */
export function normalizeUsername(username: string | null | undefined): string | null {
  if (typeof username !== "string") return null;
  const u = username.trim().toLowerCase();
  return u === "" ? null : u;
}

/** A username read as a name ("karl.meyer93" → "karl meyer"), or null. */
export function usernameNameKey(username: string | null): string | null {
  if (username === null) return null;
  return nameParts(username.replace(/[\p{N}_]+/gu, " "))?.key ?? null;
}

/** True when Damerau-Levenshtein (optimal string alignment) distance is exactly 1. */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}
