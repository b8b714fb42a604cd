import type { Service } from "./entities.ts";
import { memo } from "./memo.ts";

const umlauts: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/** "Färben " → "faerben": how a caller's words and a service name are compared. */
export const serviceKey = memo(keyOf, (name: string) =>
  // Callers' words arrive with every call; only short ones are remembered.
  name.length <= 200 ? name : null,
);

function keyOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => umlauts[c] ?? c)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

/**
 * The service a caller means: the same name; else the only one whose name contains the words
 * (or is contained in them: "einen Haarschnitt bitte"); else the only one within two typos.
 * Ambiguity returns null, so the agent asks instead of guessing.
 */
export function findService(services: readonly Service[], spoken: string): Service | null {
  const key = serviceKey(spoken);
  if (key === "") return null;
  const active = services.filter((s) => s.active);
  const keyed = active.map((s) => ({ s, k: serviceKey(s.name) }));
  const exact = keyed.filter((x) => x.k === key);
  if (exact.length === 1) return exact[0]!.s;
  const contained = keyed.filter((x) => x.k.includes(key) || key.includes(x.k));
  if (contained.length === 1) return contained[0]!.s;
  if (key.length >= 5) {
    const close = keyed.filter((x) => editDistance(x.k, key) <= 2);
    if (close.length === 1) return close[0]!.s;
  }
  return null;
}
