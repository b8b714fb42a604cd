import { type Person, typoMinLength } from "./evidence.ts";
import { nicknameGroups } from "./nicknames.ts";

/**
 * Blocking: maps from normalised keys to staff positions, so a host is compared only with the
 * staff that share a key with it instead of with every staff member. Every pair that
 * `evidenceFor` can score shares at least one key:
 * - email_exact / email_plus_tag: full address, address without +tag;
 * - name_exact (and name_and_email_local_part): sorted-token key, spacing-free key;
 * - name_partial: first + last token; name_nickname: nickname group + last token;
 * - name_typo: hashes of the name and of each one-letter deletion of it, in reading and in
 *   sorted order (two strings one edit apart always share one of these).
 * Keys only select candidates; `evidenceFor` decides, so hash collisions cost a comparison, no more.
 */
export interface StaffIndex {
  /** Positions (in the indexed array) of staff that may have evidence for this host. */
  candidates(host: Person): number[];
}

const multiplier = 131;
// Results kept to 30 bits so V8 stores them as small integers: faster map keys, no allocation.
const smallInt = 0x3fffffff;
const powers = [1];
let prefix = new Int32Array(64);
let suffix = new Int32Array(64);

/** Polynomial hashes (mod 2^32) of s and of every string made by deleting one character of s. */
function addDeletionHashes(s: string, into: number[]): void {
  const n = s.length;
  if (prefix.length <= n) {
    prefix = new Int32Array(n * 2);
    suffix = new Int32Array(n * 2);
  }
  while (powers.length <= n) powers.push(Math.imul(powers.at(-1)!, multiplier));
  prefix[0] = 0;
  for (let i = 0; i < n; i++) prefix[i + 1] = Math.imul(prefix[i]!, multiplier) + s.charCodeAt(i);
  suffix[n] = 0;
  for (let i = n - 1; i >= 0; i--)
    suffix[i] = Math.imul(s.charCodeAt(i), powers[n - 1 - i]!) + suffix[i + 1]!;
  into.push(prefix[n]! & smallInt);
  for (let i = 0; i < n; i++) {
    into.push((Math.imul(prefix[i]!, powers[n - 1 - i]!) + suffix[i + 1]!) & smallInt);
  }
}

function typoHashes(person: Person): number[] {
  const hashes: number[] = [];
  const name = person.name;
  if (!name || name.compact.length < typoMinLength) return hashes;
  addDeletionHashes(name.ordered, hashes);
  if (name.key !== name.ordered) addDeletionHashes(name.key, hashes);
  return hashes;
}

type Keys<K> = (person: Person) => readonly K[];

const emailKeys: Keys<string> = (p) => (p.email ? [p.email.full, p.email.base] : []);
// A one-token key equals its compact form, and then the names are equal anyway: one map is enough.
const nameKeys: Keys<string> = (p) => (p.name ? [p.name.key, p.name.compact] : []);
const firstLastKeys: Keys<string> = (p) => {
  const tokens = p.name?.tokens;
  if (!tokens || tokens.length < 2) return [];
  const last = tokens.at(-1)!;
  const keys = [`${tokens[0]} ${last}`];
  for (const group of nicknameGroups(tokens[0]!)) keys.push(`${group}\u0000${last}`);
  return keys;
};

class Block<K> {
  private readonly map = new Map<K, number[]>();
  constructor(private readonly keysOf: Keys<K>) {}

  add(person: Person, position: number): void {
    for (const key of this.keysOf(person)) {
      const list = this.map.get(key);
      if (list === undefined) this.map.set(key, [position]);
      else if (list.at(-1) !== position) list.push(position);
    }
  }

  collect(person: Person, found: Set<number>): void {
    for (const key of this.keysOf(person)) {
      const list = this.map.get(key);
      if (list) for (const position of list) found.add(position);
    }
  }
}

export function buildStaffIndex(staff: readonly Person[]): StaffIndex {
  const blocks = [
    new Block(emailKeys),
    new Block(nameKeys),
    new Block(firstLastKeys),
    new Block<number>(typoHashes),
  ];
  staff.forEach((person, position) => {
    for (const block of blocks) block.add(person, position);
  });
  return {
    candidates(host) {
      const found = new Set<number>();
      for (const block of blocks) block.collect(host, found);
      return [...found];
    },
  };
}
