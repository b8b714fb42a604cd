import { type Evidence, evidenceFor, type Person, toPerson } from "./evidence.ts";
import { allNameSteps, type NameSteps, nameParts, sameName, titleWords } from "./normalize.ts";
import type { EvidenceReason, MatchHost, MatchStaff } from "./types.ts";

/** Texts an admin reads next to a decision: why a host and a staff member belong together. */

type Step = keyof NameSteps;

const hasUmlaut = /[äöüßẞ]/iu;
// Any character outside printable ASCII once umlauts are taken out: an accent or special letter.
const hasAccent = (word: string) => /[^ -~]/u.test(word.replace(/[äöüßẞ]/giu, ""));

function words(raw: string): string[] {
  return raw.split(/[\s,]+/u).filter(Boolean);
}

function wordSet(raw: string): string {
  return words(raw.toLowerCase()).sort().join(" ");
}

/** Word pairs ("Weiß = Weiss") spelled differently that normalise to the same thing. */
function spellingPairs(a: string, b: string, differs: (word: string) => boolean): string {
  const pairs = new Set<string>();
  for (const x of words(a)) {
    for (const y of words(b)) {
      if (!differs(x) && !differs(y)) continue;
      if (x.toLowerCase() === y.toLowerCase()) continue;
      const px = nameParts(x);
      if (px && px.compact === nameParts(y)?.compact) pairs.add(`${x} = ${y}`);
    }
  }
  return pairs.size ? ` (${[...pairs].join(", ")})` : "";
}

function stepPhrase(step: Step, a: string, b: string): string {
  switch (step) {
    case "umlauts":
      return `after umlaut spelling${spellingPairs(a, b, (w) => hasUmlaut.test(w))}`;
    case "diacritics":
      return `ignoring accents${spellingPairs(a, b, hasAccent)}`;
    case "titles": {
      const found = [...new Set([...titleWords(a), ...titleWords(b)])];
      return found.length > 1
        ? `ignoring the titles ${found.join(", ")}`
        : `ignoring the title ${found[0] ?? ""}`.trim();
    }
    case "punctuation":
      return `ignoring hyphens, apostrophes and spacing (${a} = ${b})`;
    case "order":
      return `in a different order (${a} = ${b})`;
  }
}

const stepOrder: readonly Step[] = ["umlauts", "diacritics", "titles", "punctuation", "order"];

/**
 * "name matches", or which normalisation made two names equal:
 * "name matches after umlaut spelling (Weiß = Weiss), ignoring the title Dr."
 */
export function describeNameMatch(a: string, b: string): string {
  const both = `${a} ${b}`;
  // Cheap tests first: a step can only have mattered if the names contain what it removes.
  const mayMatter: Record<Step, boolean> = {
    umlauts: hasUmlaut.test(both),
    diacritics: hasAccent(both),
    titles: titleWords(a).length + titleWords(b).length > 0,
    punctuation: /[^\p{L}\p{N}\s,]/u.test(both) || wordSet(a) !== wordSet(b),
    order: true,
  };
  const needed = stepOrder.filter((step) => {
    if (!mayMatter[step]) return false;
    const steps = { ...allNameSteps, [step]: false };
    return !sameName(nameParts(a, steps), nameParts(b, steps), steps);
  });
  if (needed.length === 0) return "name matches";
  return `name matches ${needed.map((step) => stepPhrase(step, a, b)).join(", ")}`;
}

function capitalised(token: string): string {
  return token.charAt(0).toUpperCase() + token.slice(1);
}

function corroborationText(host: Person, staff: Person, ev: Evidence): string {
  switch (ev.corroboration) {
    case null:
      return "";
    case "email_local_part":
      return `; email ${host.email?.full} has the same local part as ${staff.email?.full}`;
    case "username_email":
      return `; username ${host.username} matches the staff email ${staff.email?.full}`;
    case "username_name":
      return `; username ${host.username} spells the staff name`;
  }
}

/** What ties this host to this staff member, e.g. "email matches apart from the +cal tag". */
export function describeEvidence(host: Person, staff: Person, ev: Evidence): string {
  switch (ev.reason) {
    case "email_exact":
      return "email matches";
    case "email_plus_tag": {
      const tags = [...new Set([host.email?.tag, staff.email?.tag].filter((t) => t != null))];
      const named = tags.map((t) => `+${t}`).join(" and ");
      return `email matches apart from the ${named} tag${tags.length > 1 ? "s" : ""}`;
    }
    case "name_and_email_local_part":
      return `${describeNameMatch(host.rawName, staff.rawName)}, and email ${host.email?.full} has the same local part as ${staff.email?.full}`;
    case "name_exact":
      return describeNameMatch(host.rawName, staff.rawName) + corroborationText(host, staff, ev);
    case "name_partial": {
      const extra = Math.abs((host.name?.tokens.length ?? 0) - (staff.name?.tokens.length ?? 0));
      const what = extra > 1 ? "middle names missing" : "middle name missing";
      return `name matches, ${what} (${host.rawName} vs ${staff.rawName})${corroborationText(host, staff, ev)}`;
    }
    case "name_nickname": {
      const a = capitalised(host.name?.tokens[0] ?? "");
      const b = capitalised(staff.name?.tokens[0] ?? "");
      return `nickname ${a} = ${b}, last name matches${corroborationText(host, staff, ev)}`;
    }
    case "name_typo":
      return `name differs by one letter (${host.rawName} vs ${staff.rawName})${corroborationText(host, staff, ev)}`;
  }
}

/** "Cal.com user 12", "Cal.com users 12 and 13", "Cal.com users 12, 13 and 14". */
export function calcomUsers(userIds: readonly number[]): string {
  const ids = userIds.map(String);
  if (ids.length <= 1) return `Cal.com user ${ids[0] ?? ""}`.trim();
  return `Cal.com users ${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}

export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/u.test(capital) ? capital : `${capital}.`;
}

/** Why one host would match one staff member, whatever else is in the company; null if not at all. */
export function explainPair(
  host: MatchHost,
  staff: MatchStaff,
): { confidence: number; reason: EvidenceReason; explanation: string } | null {
  const h = toPerson(host.name, host.email, host.username);
  const s = toPerson(staff.name, staff.email);
  const ev = evidenceFor(h, s);
  return (
    ev && { confidence: ev.confidence, reason: ev.reason, explanation: describeEvidence(h, s, ev) }
  );
}
