import { defaultThresholds } from "../entities.ts";
import { buildStaffIndex, type StaffIndex } from "./blocking.ts";
import { type Evidence, evidenceFor, type Person, toPerson } from "./evidence.ts";
import { calcomUsers, describeEvidence, sentence } from "./explain.ts";
import type {
  ExistingMapping,
  MatchCandidate,
  MatchDecision,
  MatchHost,
  MatchStaff,
  MatchThresholds,
} from "./types.ts";

/**
 * Host → staff matching for one company. Pure and deterministic: the same input gives the same
 * decisions whatever the order of the staff list.
 *
 * 1. Manual and rejected mappings are kept as they are (an admin decided).
 * 2. Active automatic mappings are kept while their staff is active and the evidence still
 *    reaches the auto threshold; their staff, and staff held by manual mappings or by mappings
 *    of hosts not in this run, is taken.
 * 3. The other hosts claim staff in rounds: a host whose best free candidate is unique and
 *    reaches the auto threshold proposes it; per staff member the single strongest proposer
 *    wins; losers and hosts that wanted the claimed staff look again. Ties win nothing.
 * 4. Once nothing changes, every remaining host is judged against the staff still free.
 * Running the matcher on its own applied output therefore finds the same state again.
 */

interface StaffEntry {
  staff: MatchStaff;
  person: Person;
}

interface Candidate {
  entry: StaffEntry;
  evidence: Evidence;
}

interface HostEntry {
  host: MatchHost;
  person: Person;
  mapping: ExistingMapping | undefined;
  /** Every active staff member with evidence, best first (ties by staff id). */
  candidates: Candidate[];
}

type Holder = { userId: number; how: "manual" | "active" | "claimed" };

const maxListed = 3;

function byConfidence(a: Candidate, b: Candidate): number {
  const diff = b.evidence.confidence - a.evidence.confidence;
  if (diff !== 0) return diff;
  return a.entry.staff.id < b.entry.staff.id ? -1 : a.entry.staff.id > b.entry.staff.id ? 1 : 0;
}

function listed(candidates: readonly Candidate[]): MatchCandidate[] {
  return candidates.slice(0, maxListed).map((c) => ({
    staffId: c.entry.staff.id,
    confidence: c.evidence.confidence,
    reason: c.evidence.reason,
  }));
}

/** One staff entry per id, chosen independently of input order (active first, then by fields). */
function uniqueStaff(staff: readonly MatchStaff[]): StaffEntry[] {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...staff].sort(
    (a, b) =>
      text(a.id, b.id) ||
      Number(b.active) - Number(a.active) ||
      text(a.name ?? "", b.name ?? "") ||
      text(a.email ?? "", b.email ?? ""),
  );
  const entries: StaffEntry[] = [];
  for (const s of sorted) {
    if (entries.at(-1)?.staff.id === s.id) continue;
    entries.push({ staff: s, person: toPerson(s.name, s.email) });
  }
  return entries;
}

/** The mapping that governs a host when the input holds several (the database allows one). */
function mappingRank(m: ExistingMapping): number {
  if (m.source === "manual") return 0;
  if (m.status === "rejected") return 1;
  return m.status === "active" ? 2 : 3;
}

function mappingsByHost(existing: readonly ExistingMapping[]): Map<number, ExistingMapping> {
  const chosen = new Map<number, ExistingMapping>();
  for (const m of existing) {
    const current = chosen.get(m.calcomUserId);
    const better =
      !current ||
      mappingRank(m) < mappingRank(current) ||
      (mappingRank(m) === mappingRank(current) && m.staffId < current.staffId);
    if (better) chosen.set(m.calcomUserId, m);
  }
  return chosen;
}

const isLocked = (m: ExistingMapping) => m.source === "manual" || m.status === "rejected";
/** Whether a mapping keeps its staff member away from other hosts. */
const holdsStaff = (m: ExistingMapping) =>
  m.status === "active" || (m.source === "manual" && m.status !== "rejected");

export function match(
  hosts: readonly MatchHost[],
  staff: readonly MatchStaff[],
  existing: readonly ExistingMapping[],
  thresholds: MatchThresholds = defaultThresholds,
): MatchDecision[] {
  const run = new MatchRun(staff, existing, thresholds);
  run.addHosts(hosts);
  run.keepAdminMappings();
  run.keepActiveMappings();
  run.claimRounds();
  run.decideTheRest();
  return hosts.map((h) => run.decisionFor(h.userId));
}

/** State of one call to `match`; the steps above are its methods, run in order. */
class MatchRun {
  private readonly staffById: Map<string, StaffEntry>;
  private readonly activeStaff: StaffEntry[];
  private readonly index: StaffIndex;
  private readonly mappings: Map<number, ExistingMapping>;
  private readonly hostEntries = new Map<number, HostEntry>();
  private readonly decisions = new Map<number, MatchDecision>();
  /** Staff members that are not available to other hosts, and who holds them. */
  private readonly holders = new Map<string, Holder>();
  /** Why an earlier automatic mapping of a host no longer stands. */
  private readonly previousNotes = new Map<number, string>();
  /** Hosts the claim rounds and step 4 decide: neither admin-made nor kept mappings. */
  private free: HostEntry[] = [];
  /** Hosts whose active automatic mapping stands. */
  private readonly kept: HostEntry[] = [];
  private readonly claimed = new Map<HostEntry, Candidate>();
  private readonly proposalOf = new Map<HostEntry, Candidate>();
  private readonly proposers = new Map<string, Set<HostEntry>>();

  constructor(
    staff: readonly MatchStaff[],
    existing: readonly ExistingMapping[],
    private readonly thresholds: MatchThresholds,
  ) {
    const entries = uniqueStaff(staff);
    this.staffById = new Map(entries.map((e) => [e.staff.id, e]));
    this.activeStaff = entries.filter((e) => e.staff.active);
    this.index = buildStaffIndex(this.activeStaff.map((e) => e.person));
    this.mappings = mappingsByHost(existing);
  }

  addHosts(hosts: readonly MatchHost[]): void {
    for (const host of hosts) {
      if (this.hostEntries.has(host.userId)) continue;
      const person = toPerson(host.name, host.email, host.username);
      const candidates: Candidate[] = [];
      for (const position of this.index.candidates(person)) {
        const entry = this.activeStaff[position]!;
        const evidence = evidenceFor(person, entry.person);
        if (evidence) candidates.push({ entry, evidence });
      }
      candidates.sort(byConfidence);
      const mapping = this.mappings.get(host.userId);
      this.hostEntries.set(host.userId, { host, person, mapping, candidates });
    }
  }

  /** Step 1: manual and rejected mappings, and mappings of hosts not in this run, stand. */
  keepAdminMappings(): void {
    const ordered = [...this.mappings.values()].sort((a, b) => a.calcomUserId - b.calcomUserId);
    for (const m of ordered) {
      const present = this.hostEntries.has(m.calcomUserId);
      if (present && !isLocked(m)) continue;
      if (holdsStaff(m)) {
        this.hold(m.staffId, m.calcomUserId, m.source === "manual" ? "manual" : "active");
      }
      if (present) {
        this.decisions.set(m.calcomUserId, lockedDecision(m, this.staffById.get(m.staffId)));
      }
    }
  }

  /** Step 2: active automatic mappings stay while the evidence still reaches auto. */
  keepActiveMappings(): void {
    const byStaff = new Map<string, { entry: HostEntry; evidence: Evidence }[]>();
    for (const entry of this.hostEntries.values()) {
      const m = entry.mapping;
      if (!m || isLocked(m) || m.status !== "active") continue;
      const target = this.staffById.get(m.staffId);
      const evidence = target?.staff.active ? evidenceFor(entry.person, target.person) : null;
      const problem = this.problemWith(m, target, evidence, entry);
      if (problem !== null || evidence === null) {
        this.noteLost(entry, m.staffId, problem ?? "");
        continue;
      }
      const list = byStaff.get(m.staffId) ?? [];
      list.push({ entry, evidence });
      byStaff.set(m.staffId, list);
    }
    // Two hosts on one staff member (not possible through the database): the stronger stays.
    for (const [staffId, list] of byStaff) {
      const best = Math.max(...list.map((k) => k.evidence.confidence));
      const top = list.filter((k) => k.evidence.confidence === best);
      for (const { entry, evidence } of list) {
        if (top.length === 1 && top[0]!.entry === entry) {
          this.keepActive(entry, staffId, evidence);
        } else {
          const others = list.filter((k) => k.entry !== entry).map((k) => k.entry.host.userId);
          const verb = others.length > 1 ? "have" : "has";
          this.noteLost(
            entry,
            staffId,
            `${calcomUsers(others)} also ${verb} an automatic mapping to the same staff member`,
          );
        }
      }
    }
  }

  private problemWith(
    m: ExistingMapping,
    target: StaffEntry | undefined,
    evidence: Evidence | null,
    entry: HostEntry,
  ): string | null {
    const holder = this.holders.get(m.staffId);
    if (!target) return `staff ${m.staffId} is not in this company's staff list`;
    if (!target.staff.active) return `${this.labelOf(m.staffId)} is inactive`;
    if (holder) return `${this.labelOf(m.staffId)} is mapped to ${calcomUsers([holder.userId])}`;
    if (!evidence) return "neither the email nor the name matches any more";
    if (evidence.confidence < this.thresholds.auto) {
      const why = describeEvidence(entry.person, target.person, evidence);
      return `the evidence (${why}) scores ${evidence.confidence}, below the auto threshold of ${this.thresholds.auto}`;
    }
    return null;
  }

  private noteLost(entry: HostEntry, staffId: string, problem: string): void {
    this.previousNotes.set(
      entry.host.userId,
      `The automatic mapping to ${this.labelOf(staffId)} no longer holds: ${problem}.`,
    );
  }

  private keepActive(entry: HostEntry, staffId: string, evidence: Evidence): void {
    const userId = entry.host.userId;
    this.hold(staffId, userId, "active");
    this.kept.push(entry);
    const why = describeEvidence(entry.person, this.staffById.get(staffId)!.person, evidence);
    this.decisions.set(userId, {
      calcomUserId: userId,
      action: "keep",
      staffId,
      confidence: evidence.confidence,
      reason: "existing_mapping",
      explanation: sentence(
        `The automatic mapping to ${this.labelOf(staffId)} still holds: ${why}`,
      ),
      candidates: [], // listed at the end, once every claim is known
    });
  }

  /** Step 3: hosts claim staff at the auto level until no claim changes any more. */
  claimRounds(): void {
    this.free = [...this.hostEntries.values()].filter((e) => !this.decisions.has(e.host.userId));
    const wantedBy = new Map<string, HostEntry[]>();
    for (const entry of this.free) {
      for (const c of entry.candidates) {
        const list = wantedBy.get(c.entry.staff.id);
        if (list) list.push(entry);
        else wantedBy.set(c.entry.staff.id, [entry]);
      }
    }
    let dirty: Iterable<HostEntry> = this.free;
    const touched = new Set<string>();
    for (;;) {
      for (const entry of dirty) this.repropose(entry, touched);
      // Winners are found per staff member on the round's snapshot, so the order of hosts
      // and staff does not matter.
      const winners: HostEntry[] = [];
      for (const staffId of touched) {
        const winner = strongestAlone(this.proposers.get(staffId), this.proposalOf);
        if (winner) winners.push(winner);
      }
      touched.clear();
      if (winners.length === 0) return;
      const again = new Set<HostEntry>();
      for (const winner of winners) {
        const won = this.proposalOf.get(winner)!;
        const staffId = won.entry.staff.id;
        this.claimed.set(winner, won);
        this.hold(staffId, winner.host.userId, "claimed");
        this.proposers.get(staffId)?.delete(winner);
        this.proposalOf.delete(winner);
        for (const other of wantedBy.get(staffId) ?? []) {
          if (!this.claimed.has(other)) again.add(other);
        }
      }
      dirty = again;
    }
  }

  /** A host's claim: its best available candidate if unique and at the auto level. */
  private repropose(entry: HostEntry, touched: Set<string>): void {
    const old = this.proposalOf.get(entry);
    if (old) {
      this.proposers.get(old.entry.staff.id)?.delete(entry);
      this.proposalOf.delete(entry);
      touched.add(old.entry.staff.id);
    }
    const [best, second] = this.available(entry);
    if (!best || best.evidence.confidence < this.thresholds.auto) return;
    if (second && second.evidence.confidence === best.evidence.confidence) return;
    const staffId = best.entry.staff.id;
    this.proposalOf.set(entry, best);
    const set = this.proposers.get(staffId) ?? new Set();
    set.add(entry);
    this.proposers.set(staffId, set);
    touched.add(staffId);
  }

  /** Step 4: every host still without a decision, against the staff still free for it. */
  decideTheRest(): void {
    for (const entry of this.free) {
      const userId = entry.host.userId;
      const won = this.claimed.get(entry);
      const decision = won ? this.autoDecision(entry, won) : this.judge(entry);
      const note = this.previousNotes.get(userId);
      this.decisions.set(
        userId,
        withHistory(decision, entry.mapping, note, (id) => this.labelOf(id)),
      );
    }
    for (const entry of this.kept) {
      const decision = this.decisions.get(entry.host.userId)!;
      decision.candidates = listed(preferStaff(this.available(entry), decision.staffId));
    }
  }

  decisionFor(userId: number): MatchDecision {
    const d = this.decisions.get(userId)!;
    // A copy per host, so a caller changing one decision cannot change another.
    return { ...d, candidates: d.candidates.map((c) => ({ ...c })) };
  }

  private autoDecision(entry: HostEntry, won: Candidate): MatchDecision {
    const staffId = won.entry.staff.id;
    const why = describeEvidence(entry.person, won.entry.person, won.evidence);
    return {
      calcomUserId: entry.host.userId,
      action: "auto",
      staffId,
      confidence: won.evidence.confidence,
      reason: won.evidence.reason,
      explanation: sentence(`Mapped to ${this.labelOf(staffId)}: ${why}`),
      candidates: listed(preferStaff(this.available(entry), staffId)),
    };
  }

  private judge(entry: HostEntry): MatchDecision {
    return judge(entry, this.available(entry), this.thresholds, {
      labelOf: (staffId) => this.labelOf(staffId),
      holderOf: (staffId) => this.holders.get(staffId),
      rivals: (staffId, atLeast) =>
        [...(this.proposers.get(staffId) ?? [])]
          .filter((p) => p !== entry && this.proposalOf.get(p)!.evidence.confidence >= atLeast)
          .map((p) => p.host.userId)
          .sort((a, b) => a - b),
    });
  }

  /** Candidates not held by another host. */
  private available(entry: HostEntry): Candidate[] {
    return entry.candidates.filter((c) => {
      const holder = this.holders.get(c.entry.staff.id);
      return !holder || holder.userId === entry.host.userId;
    });
  }

  private hold(staffId: string, userId: number, how: Holder["how"]): void {
    if (!this.holders.has(staffId)) this.holders.set(staffId, { userId, how });
  }

  private labelOf(staffId: string): string {
    return this.staffById.get(staffId)?.staff.name.trim() || `staff ${staffId}`;
  }
}

/** The single proposer with the highest confidence, or null on a tie. */
function strongestAlone(
  set: Set<HostEntry> | undefined,
  proposalOf: Map<HostEntry, Candidate>,
): HostEntry | null {
  let best = -1;
  let winner: HostEntry | null = null;
  let tied = false;
  for (const entry of set ?? []) {
    const confidence = proposalOf.get(entry)!.evidence.confidence;
    if (confidence > best) {
      best = confidence;
      winner = entry;
      tied = false;
    } else if (confidence === best) {
      tied = true;
    }
  }
  return tied ? null : winner;
}

/** Moves the chosen staff to the front of equally strong candidates. */
function preferStaff(candidates: Candidate[], staffId: string | null): Candidate[] {
  const i = candidates.findIndex((c) => c.entry.staff.id === staffId);
  if (i <= 0) return candidates;
  const chosen = candidates[i]!;
  const rest = candidates.filter((_, j) => j !== i);
  const at = rest.findIndex((c) => c.evidence.confidence <= chosen.evidence.confidence);
  rest.splice(at === -1 ? rest.length : at, 0, chosen);
  return rest;
}

function lockedDecision(m: ExistingMapping, target: StaffEntry | undefined): MatchDecision {
  const known = target !== undefined;
  const label = target?.staff.name.trim() || `staff ${m.staffId}`;
  let explanation: string;
  if (!known) {
    explanation = `The existing ${m.status === "rejected" ? "rejected" : "manual"} mapping points to staff ${m.staffId}, which is not in this company's staff list; it is left unchanged`;
  } else if (m.status === "rejected") {
    explanation = `An admin rejected ${label} for this host; the rejection stands`;
  } else {
    const what = m.status === "active" ? "manual mapping to" : "manual suggestion";
    explanation = `The ${what} ${label} is kept${target.staff.active ? "" : " (the staff member is inactive)"}`;
  }
  return {
    calcomUserId: m.calcomUserId,
    action: "keep",
    // Only ever name staff of this company; a foreign id is left in place but not repeated.
    staffId: known ? m.staffId : null,
    confidence: known && m.status !== "rejected" ? 100 : 0,
    reason: "existing_mapping",
    explanation: sentence(explanation),
    candidates: [],
  };
}

interface JudgeContext {
  labelOf(staffId: string): string;
  holderOf(staffId: string): Holder | undefined;
  /** Other hosts whose standing claim on this staff member is at least this strong. */
  rivals(staffId: string, atLeast: number): number[];
}

/** Decision for a host that claimed nothing, from the candidates still free for it. */
function judge(
  entry: HostEntry,
  free: readonly Candidate[],
  thresholds: MatchThresholds,
  ctx: JudgeContext,
): MatchDecision {
  const userId = entry.host.userId;
  const evidenceText = (c: Candidate) => describeEvidence(entry.person, c.entry.person, c.evidence);
  const base = { calcomUserId: userId, staffId: null, candidates: listed(free) };
  const [best, second] = free;
  const all = entry.candidates;

  if (all.length === 0) {
    return {
      ...base,
      action: "none",
      confidence: 0,
      reason: "no_candidate",
      explanation: sentence(noCandidateText(entry.person)),
    };
  }
  if (!best) {
    const top = all[0]!;
    const holder = ctx.holderOf(top.entry.staff.id)!;
    const held =
      holder.how === "claimed"
        ? `goes to ${calcomUsers([holder.userId])}, which matches better`
        : `is already mapped${holder.how === "manual" ? " manually" : ""} to ${calcomUsers([holder.userId])}`;
    return {
      ...base,
      action: "none",
      confidence: top.evidence.confidence,
      reason: "staff_taken",
      explanation: sentence(
        `${ctx.labelOf(top.entry.staff.id)} ${held}; this host would match as well: ${evidenceText(top)}`,
      ),
      candidates: listed(all),
    };
  }
  const confidence = best.evidence.confidence;
  if (confidence < thresholds.suggest) {
    return {
      ...base,
      action: "none",
      confidence,
      reason: "below_threshold",
      explanation: sentence(
        `Best match ${ctx.labelOf(best.entry.staff.id)} scores ${confidence}, below the suggestion threshold of ${thresholds.suggest}: ${evidenceText(best)}`,
      ),
    };
  }
  if (second && second.evidence.confidence === confidence) {
    const tied = free.filter((c) => c.evidence.confidence === confidence);
    const names = tied.map((c) => `${ctx.labelOf(c.entry.staff.id)} (${c.entry.staff.id})`);
    return {
      ...base,
      action: "none",
      confidence,
      reason: "ambiguous",
      explanation: sentence(
        `${names.slice(0, -1).join(", ")} and ${names.at(-1)} match equally well (${evidenceText(best)}); an admin must choose`,
      ),
    };
  }
  const staffId = best.entry.staff.id;
  if (confidence >= thresholds.auto) {
    // Reaches auto but did not win its staff member: other hosts match it at least as well.
    const rivals = ctx.rivals(staffId, confidence);
    return {
      ...base,
      action: "suggest",
      staffId,
      confidence,
      reason: "ambiguous",
      explanation: sentence(
        `${ctx.labelOf(staffId)} is suggested: ${evidenceText(best)}, but ${calcomUsers(rivals)} match${rivals.length > 1 ? "" : "es"} this staff member at least as well, so nothing is applied automatically`,
      ),
    };
  }
  return {
    ...base,
    action: "suggest",
    staffId,
    confidence,
    reason: best.evidence.reason,
    explanation: sentence(`${ctx.labelOf(staffId)} is suggested: ${evidenceText(best)}`),
  };
}

function noCandidateText(person: Person): string {
  const hasEmail = person.email !== null;
  const hasName = person.name !== null;
  if (hasEmail && hasName) return "No active staff member with this email or name";
  if (hasEmail) return "No active staff member with this email (the host has no name)";
  if (hasName) return "No active staff member with this name (the host has no email)";
  return "The host has neither an email nor a name to match on";
}

/** Relates a fresh decision to the host's earlier suggestion or automatic mapping. */
function withHistory(
  decision: MatchDecision,
  mapping: ExistingMapping | undefined,
  note: string | undefined,
  labelOf: (staffId: string) => string,
): MatchDecision {
  if (mapping?.status === "suggested" && mapping.staffId === decision.staffId) {
    if (decision.action === "suggest") {
      return {
        ...decision,
        action: "keep",
        reason: "existing_mapping",
        explanation: decision.explanation.replace(" is suggested:", " remains suggested:"),
      };
    }
    return { ...decision, explanation: `Upgraded from a suggestion. ${decision.explanation}` };
  }
  if (mapping?.status === "suggested") {
    return {
      ...decision,
      explanation: `The earlier suggestion ${labelOf(mapping.staffId)} no longer applies. ${decision.explanation}`,
    };
  }
  return note ? { ...decision, explanation: `${note} ${decision.explanation}` } : decision;
}
