/*
 * Numbers as callers say them, in the ASCII spelling the phrase reader works on (ä → ae, ß → ss):
 * "drei", "fuenfundvierzig", "twenty-one"; ordinals "siebten", "seventh", "7th", "7.".
 */

const germanUnits: Record<string, number> = {
  ein: 1,
  eins: 1,
  eine: 1,
  zwei: 2,
  zwo: 2,
  drei: 3,
  vier: 4,
  fuenf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
};

const germanTens: Record<string, number> = { zwanzig: 20, dreissig: 30, vierzig: 40, fuenfzig: 50 };

const germanCardinals: Record<string, number> = {
  null: 0,
  ...germanUnits,
  zehn: 10,
  elf: 11,
  zwoelf: 12,
  dreizehn: 13,
  vierzehn: 14,
  fuenfzehn: 15,
  sechzehn: 16,
  siebzehn: 17,
  achtzehn: 18,
  neunzehn: 19,
  ...germanTens,
};

const englishUnits: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

const englishTens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };

const englishCardinals: Record<string, number> = {
  zero: 0,
  ...englishUnits,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  ...englishTens,
};

const englishOrdinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** German ordinal stems whose cardinal is not the stem minus "t". */
const germanIrregularOrdinals: Record<string, number> = {
  erst: 1,
  dritt: 3,
  siebt: 7,
  siebent: 7,
  acht: 8,
};

function lookup(table: Record<string, number>, word: string): number | null {
  return Object.hasOwn(table, word) ? (table[word] ?? null) : null;
}

/** A cardinal 0–59 in digits, German or English words; null when the word is not one. */
export function cardinal(word: string): number | null {
  if (/^\d{1,2}$/.test(word)) return Number(word);
  const simple = lookup(germanCardinals, word) ?? lookup(englishCardinals, word);
  if (simple !== null) return simple;
  const german = /^([a-z]+)und([a-z]+)$/.exec(word);
  if (german) {
    const unit = lookup(germanUnits, german[1] ?? "");
    const tens = lookup(germanTens, german[2] ?? "");
    if (unit !== null && tens !== null) return tens + unit;
  }
  const english = /^([a-z]+)-([a-z]+)$/.exec(word);
  if (english) {
    const tens = lookup(englishTens, english[1] ?? "");
    const unit = lookup(englishUnits, english[2] ?? "");
    if (unit !== null && tens !== null) return tens + unit;
  }
  return null;
}

/** A day-of-month ordinal 1–31 ("7.", "7th", "siebten", "twenty-first"); null otherwise. */
export function ordinal(word: string): number | null {
  const digits = /^(\d{1,2})(?:\.|st|nd|rd|th)?$/.exec(word);
  const value = digits ? Number(digits[1]) : (englishOrdinal(word) ?? germanOrdinal(word));
  return value !== null && value >= 1 && value <= 31 ? value : null;
}

function englishOrdinal(word: string): number | null {
  const simple = lookup(englishOrdinals, word);
  if (simple !== null) return simple;
  const compound = /^([a-z]+)-([a-z]+)$/.exec(word);
  if (!compound) return null;
  const tens = lookup(englishTens, compound[1] ?? "");
  const unit = lookup(englishOrdinals, compound[2] ?? "");
  return tens !== null && unit !== null && unit < 10 ? tens + unit : null;
}

function germanOrdinal(word: string): number | null {
  // Strip the inflection: "siebten" → "siebt", "zwanzigste" → "zwanzigst".
  const stem = /^([a-z]+t)(?:e[nrsm]?)$/.exec(word)?.[1];
  if (!stem) return null;
  const irregular = lookup(germanIrregularOrdinals, stem);
  if (irregular !== null) return irregular;
  if (stem.endsWith("st")) {
    const value = cardinal(stem.slice(0, -2));
    if (value !== null && value >= 20) return value;
  }
  const value = cardinal(stem.slice(0, -1));
  return value !== null && value >= 2 && value <= 19 ? value : null;
}
