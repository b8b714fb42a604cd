import { typoMinLength } from "./matching/evidence.ts";
import { areNicknames } from "./matching/nicknames.ts";
import { allNameSteps, isOneEditApart, nameParts } from "./matching/normalize.ts";

/** Which of the candidate names a caller's wish for a person means. */
export type StaffWishMatch =
  | { kind: "one"; index: number }
  | { kind: "several"; indexes: number[] }
  | { kind: "none" };

/**
 * Words around a name as callers say it ("bei der Anja", "with Tom please"), in normalised
 * spelling. Titles (Herr, Frau, Mr…) are dropped by the name normalisation already.
 */
const fillers = new Set([
  "bei",
  "beim",
  "der",
  "die",
  "das",
  "dem",
  "den",
  "zu",
  "zum",
  "zur",
  "mit",
  "von",
  "vom",
  "am",
  "liebsten",
  "gern",
  "gerne",
  "bitte",
  "wieder",
  "nochmal",
  "with",
  "the",
  "at",
  "by",
  "to",
  "please",
  "again",
]);

// An umlaut heard without its dots ("Jorg" for Jörg) is compared with that spelling too.
const withoutUmlautSpelling = { ...allNameSteps, umlauts: false };

/** A name's words in the German spelling (ö → oe) and, where different, without umlauts. */
function spellings(name: string): string[][] {
  const german = nameParts(name)?.tokens ?? [];
  const plain = nameParts(name, withoutUmlautSpelling)?.tokens ?? [];
  return plain.join(" ") === german.join(" ") ? [[...german]] : [[...german], [...plain]];
}

/** How well one spoken word names one word of a name: 3 same, 2 nickname, 1 one typo, 0 not. */
function wordLevel(spoken: string, word: string): number {
  if (spoken === word) return 3;
  if (areNicknames(spoken, word)) return 2;
  // Short names one letter apart are different people (Anna, Anja, Hanna).
  if (spoken.length >= typoMinLength && word.length >= typoMinLength) {
    return isOneEditApart(spoken, word) ? 1 : 0;
  }
  return 0;
}

/**
 * How well the spoken words name a person (0: not at all): every spoken word must name one of
 * the name's words, so a first name alone, a surname alone or both match, "Anna Weber" does not
 * match Anna Schmidt. The whole name said in full ranks above a part of it.
 */
function nameLevel(spoken: readonly string[], name: string): number {
  let best = 0;
  for (const words of spellings(name)) {
    let level = 3;
    for (const s of spoken) {
      level = Math.min(level, Math.max(0, ...words.map((w) => wordLevel(s, w))));
      if (level === 0) break;
    }
    const full =
      level === 3 && spoken.length === words.length && spoken.every((s) => words.includes(s));
    best = Math.max(best, full ? 4 : level);
  }
  return best;
}

/**
 * The candidate a caller means by `wish` ("Anna", "bei der Anja", "Joerg", "Toni" for Anton,
 * "Frau Schmidt"): those matching best, one or several; none when no name fits. Pure.
 */
export function matchStaffWish(wish: string, names: readonly string[]): StaffWishMatch {
  const spoken = spellings(wish)[0]!.filter((w) => !fillers.has(w));
  if (spoken.length === 0) return { kind: "none" };
  const levels = names.map((name) => nameLevel(spoken, name));
  const top = Math.max(0, ...levels);
  if (top === 0) return { kind: "none" };
  const indexes = levels.flatMap((level, index) => (level === top ? [index] : []));
  return indexes.length === 1 ? { kind: "one", index: indexes[0]! } : { kind: "several", indexes };
}
