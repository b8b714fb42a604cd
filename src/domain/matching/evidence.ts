import { areNicknames } from "./nicknames.ts";
import {
  type EmailParts,
  isOneEditApart,
  type NameParts,
  nameParts,
  normalizeUsername,
  parseEmail,
  sameName,
  usernameNameKey,
} from "./normalize.ts";
import type { EvidenceReason } from "./types.ts";

/**
 * Confidence per kind of evidence (0–100). Defaults: auto ≥ 90, suggest ≥ 60.
 *
 * | reason                    | confidence | what it means                                          |
 * |---------------------------|-----------:|--------------------------------------------------------|
 * | email_exact               |        100 | same email after trim + lower-case                     |
 * | email_plus_tag            |         95 | same email once a +tag is removed (anna+cal@ = anna@)  |
 * | name_and_email_local_part |         92 | same normalised name AND same local part, other domain |
 * | name_exact                |   80 (+5)  | same normalised name                                   |
 * | name_partial              |   72 (+5)  | a middle name missing on one side                      |
 * | name_nickname             |   70 (+5)  | nickname first name (Toni = Anton), same other names   |
 * | name_typo                 |   65 (+5)  | one letter off (Damerau-Levenshtein 1), names ≥ 5 chars|
 *
 * (+5): corroborated by the username (equal to the staff email's local part, or spelling the
 * staff name where it differs from the host's own name) or by the same email local part at
 * another domain (which turns an equal name into name_and_email_local_part instead). The bonus
 * never lifts name evidence to 90, so a username never makes an automatic mapping at the
 * default thresholds.
 */
export const evidenceConfidence: Readonly<Record<EvidenceReason, number>> = {
  email_exact: 100,
  email_plus_tag: 95,
  name_and_email_local_part: 92,
  name_exact: 80,
  name_partial: 72,
  name_nickname: 70,
  name_typo: 65,
};

export const corroborationBonus = 5;

/** What supports weaker name evidence in addition. */
export type Corroboration = "email_local_part" | "username_email" | "username_name";

export interface Evidence {
  confidence: number;
  reason: EvidenceReason;
  corroboration: Corroboration | null;
}

/** A host or staff member, normalised once. */
export interface Person {
  rawName: string;
  name: NameParts | null;
  email: EmailParts | null;
  username: string | null;
  /** The username read as a name, only when it says something the name does not. */
  usernameName: string | null;
}

export function toPerson(
  name: string | null | undefined,
  email: string | null | undefined,
  username: string | null | undefined = null,
): Person {
  const parts = nameParts(name);
  const user = normalizeUsername(username);
  const userAsName = usernameNameKey(user);
  return {
    rawName: typeof name === "string" ? name.trim() : "",
    name: parts,
    email: parseEmail(email),
    username: user,
    usernameName: userAsName !== null && userAsName !== parts?.key ? userAsName : null,
  };
}

type NameKind = "name_exact" | "name_partial" | "name_nickname" | "name_typo";

/** Shorter name's tokens all in the longer one, first and last equal: a dropped middle name. */
function isDroppedMiddleName(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 2 || long.length === short.length) return false;
  if (short[0] !== long[0] || short.at(-1) !== long.at(-1)) return false;
  const left = new Map<string, number>();
  for (const t of long) left.set(t, (left.get(t) ?? 0) + 1);
  for (const t of short) {
    const n = left.get(t) ?? 0;
    if (n === 0) return false;
    left.set(t, n - 1);
  }
  return true;
}

/** Same number of tokens, same last and middle names, first names nicknames of each other. */
function isNicknameOf(a: readonly string[], b: readonly string[]): boolean {
  if (a.length < 2 || a.length !== b.length || a.at(-1) !== b.at(-1)) return false;
  for (let i = 1; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
  return areNicknames(a[0]!, b[0]!);
}

/** Shortest name (letters only) a typo match is allowed on: shorter names collide too often. */
export const typoMinLength = 5;

function isTypoOf(a: NameParts, b: NameParts): boolean {
  return (
    a.compact.length >= typoMinLength &&
    b.compact.length >= typoMinLength &&
    (isOneEditApart(a.ordered, b.ordered) || isOneEditApart(a.key, b.key))
  );
}

function compareNames(a: NameParts, b: NameParts): NameKind | null {
  if (sameName(a, b)) return "name_exact";
  if (isDroppedMiddleName(a.tokens, b.tokens)) return "name_partial";
  if (isNicknameOf(a.tokens, b.tokens)) return "name_nickname";
  if (isTypoOf(a, b)) return "name_typo";
  return null;
}

function corroborationOf(host: Person, staff: Person): Corroboration | null {
  // Different domains here: the same local part at the same domain is an email match already.
  if (host.email && staff.email && host.email.baseLocal === staff.email.baseLocal) {
    return "email_local_part";
  }
  if (host.username && staff.email && host.username === staff.email.baseLocal)
    return "username_email";
  if (host.usernameName && host.usernameName === staff.name?.key) return "username_name";
  return null;
}

/** The strongest evidence that this host is this staff member, or null when there is none. */
export function evidenceFor(host: Person, staff: Person): Evidence | null {
  if (host.email && staff.email) {
    if (host.email.full === staff.email.full) {
      return {
        confidence: evidenceConfidence.email_exact,
        reason: "email_exact",
        corroboration: null,
      };
    }
    if (host.email.base === staff.email.base) {
      return {
        confidence: evidenceConfidence.email_plus_tag,
        reason: "email_plus_tag",
        corroboration: null,
      };
    }
  }
  if (!host.name || !staff.name) return null;
  const kind = compareNames(host.name, staff.name);
  if (!kind) return null;
  const extra = corroborationOf(host, staff);
  if (kind === "name_exact" && extra === "email_local_part") {
    return {
      confidence: evidenceConfidence.name_and_email_local_part,
      reason: "name_and_email_local_part",
      corroboration: null,
    };
  }
  return {
    confidence: evidenceConfidence[kind] + (extra ? corroborationBonus : 0),
    reason: kind,
    corroboration: extra,
  };
}
