import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildStaffIndex } from "./blocking.ts";
import { evidenceFor, toPerson } from "./evidence.ts";
import { match } from "./match.ts";
import type {
  ExistingMapping,
  MatchDecision,
  MatchHost,
  MatchStaff,
  MatchThresholds,
} from "./types.ts";

// Small pools so that hosts and staff collide often: same emails, umlaut spellings, nicknames,
// typos, titles, reversed order, empty values.
const firstNames = ["Karl", "Anna", "Toni", "Anton"];
const lastNames = ["Meyer", "Meier", "Weiß", "Weiss"];
const nameArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constantFrom(null, "", "  "),
  fc
    .record({
      first: fc.constantFrom(...firstNames),
      middle: fc.constantFrom("", "Maria "),
      last: fc.constantFrom(...lastNames),
      title: fc.constantFrom("", "Dr. "),
      reversed: fc.boolean(),
    })
    .map(({ first, middle, last, title, reversed }) =>
      reversed ? `${last}, ${title}${first} ${middle}`.trim() : `${title}${first} ${middle}${last}`,
    ),
);
const emailArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constantFrom(null, "", " "),
  fc
    .record({
      local: fc.constantFrom("karl", "anna"),
      tag: fc.constantFrom("", "+cal"),
      domain: fc.constantFrom("a.de", "b.de"),
      upper: fc.boolean(),
    })
    .map(({ local, tag, domain, upper }) => {
      const email = `${local}${tag}@${domain}`;
      return upper ? ` ${email.toUpperCase()}` : email;
    }),
);

const hostIds = [1, 2, 3, 4, 5, 6, 7, 8];
const absentHostIds = [100, 101];
const staffIds = ["s1", "s2", "s3", "s4", "s5", "s6"];
// Staff of another company: may appear in mappings, never in the staff list.
const foreignStaffIds = ["x1", "x2"];

function peopleArbs(names: fc.Arbitrary<string | null>, emails: fc.Arbitrary<string | null>) {
  const hosts: fc.Arbitrary<MatchHost[]> = fc.uniqueArray(
    fc.record({
      userId: fc.constantFrom(...hostIds),
      name: names,
      email: emails,
      username: fc.constantFrom(null, "", "karl", "karl.meyer"),
    }),
    { selector: (h) => h.userId, maxLength: hostIds.length },
  );
  const staff: fc.Arbitrary<MatchStaff[]> = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...staffIds),
      name: names.map((n) => n ?? ""),
      email: emails,
      active: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    }),
    { selector: (s) => s.id, maxLength: staffIds.length },
  );
  return fc.record({ hosts, staff });
}
// A denser world of near-identical people: contests, fall-backs and ties on most runs.
const broad = peopleArbs(nameArb, emailArb);
const dense = peopleArbs(
  fc.constantFrom("Karl Meyer", "Meyer, Karl", "Karl Meier", null),
  fc.constantFrom("karl@a.de", "karl+cal@a.de", "KARL@a.de", "karl@b.de", null),
);
const mappingsArb: fc.Arbitrary<ExistingMapping[]> = fc.uniqueArray(
  fc.record({
    calcomUserId: fc.constantFrom(...hostIds, ...absentHostIds),
    staffId: fc.constantFrom(...staffIds, ...foreignStaffIds),
    status: fc.constantFrom("active", "suggested", "rejected"),
    source: fc.constantFrom("auto_email", "auto_name", "manual"),
  }),
  { selector: (m) => m.calcomUserId, maxLength: 6 },
);
const thresholdsArb: fc.Arbitrary<MatchThresholds> = fc.oneof(
  fc.constant({ auto: 90, suggest: 60 }),
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
    .map(([a, b]) => ({ auto: Math.max(a, b), suggest: Math.min(a, b) })),
);
const inputArb = fc
  .record({
    people: fc.oneof(broad, dense),
    existing: mappingsArb,
    thresholds: thresholdsArb,
  })
  .map(({ people, existing, thresholds }) => ({ ...people, existing, thresholds }));

const runs = { numRuns: 1000 };

/** What a caller does with the decisions: auto → active mapping, suggest → suggestion, none → unmapped. */
function apply(
  existing: readonly ExistingMapping[],
  decisions: readonly MatchDecision[],
): ExistingMapping[] {
  const byHost = new Map(existing.map((m) => [m.calcomUserId, m]));
  for (const d of decisions) {
    if (d.action === "keep") continue;
    if (d.action === "none") {
      byHost.delete(d.calcomUserId);
      continue;
    }
    byHost.set(d.calcomUserId, {
      calcomUserId: d.calcomUserId,
      staffId: d.staffId!,
      status: d.action === "auto" ? "active" : "suggested",
      source: d.reason.startsWith("email") ? "auto_email" : "auto_name",
    });
  }
  return [...byHost.values()];
}

const holds = (m: ExistingMapping) =>
  m.status === "active" || (m.source === "manual" && m.status !== "rejected");

describe("match properties", () => {
  it("is idempotent: matching the applied decisions again changes nothing", () => {
    fc.assert(
      fc.property(inputArb, ({ hosts, staff, existing, thresholds }) => {
        const first = match(hosts, staff, existing, thresholds);
        const second = match(hosts, staff, apply(existing, first), thresholds);
        first.forEach((d, i) => {
          const again = second[i]!;
          if (d.action === "auto" || d.action === "suggest") {
            expect(again).toMatchObject({
              action: "keep",
              staffId: d.staffId,
              reason: "existing_mapping",
            });
          } else {
            expect({ action: again.action, staffId: again.staffId }).toEqual({
              action: d.action,
              staffId: d.staffId,
            });
          }
        });
      }),
      runs,
    );
  });

  it("never names a staff id that is not in the given staff list", () => {
    fc.assert(
      fc.property(inputArb, ({ hosts, staff, existing, thresholds }) => {
        const known = new Set(staff.map((s) => s.id));
        for (const d of match(hosts, staff, existing, thresholds)) {
          if (d.staffId !== null) expect(known.has(d.staffId)).toBe(true);
          for (const c of d.candidates) expect(known.has(c.staffId)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("always keeps a manual mapping unchanged", () => {
    fc.assert(
      fc.property(inputArb, ({ hosts, staff, existing, thresholds }) => {
        const known = new Set(staff.map((s) => s.id));
        const manual = new Map(
          existing.filter((m) => m.source === "manual").map((m) => [m.calcomUserId, m]),
        );
        for (const d of match(hosts, staff, existing, thresholds)) {
          const m = manual.get(d.calcomUserId);
          if (!m) continue;
          expect(d).toMatchObject({ action: "keep", reason: "existing_mapping" });
          expect(d.staffId).toBe(known.has(m.staffId) ? m.staffId : null);
        }
      }),
      runs,
    );
  });

  it("never maps two hosts to one staff member, nor suggests staff another host holds", () => {
    fc.assert(
      fc.property(inputArb, ({ hosts, staff, existing, thresholds }) => {
        const decisions = match(hosts, staff, existing, thresholds);
        const present = new Set(hosts.map((h) => h.userId));
        const holders = new Map<string, number>();
        for (const m of existing) {
          const d = decisions.find((x) => x.calcomUserId === m.calcomUserId);
          if (holds(m) && (!present.has(m.calcomUserId) || d?.action === "keep"))
            holders.set(m.staffId, m.calcomUserId);
        }
        const autos = decisions.filter((d) => d.action === "auto");
        expect(new Set(autos.map((d) => d.staffId)).size).toBe(autos.length);
        for (const d of autos) holders.set(d.staffId!, d.calcomUserId);
        for (const d of decisions.filter((x) => x.action === "auto" || x.action === "suggest")) {
          const holder = holders.get(d.staffId!);
          expect(holder === undefined || holder === d.calcomUserId).toBe(true);
        }
      }),
      runs,
    );
  });

  it("never maps to inactive staff", () => {
    fc.assert(
      fc.property(inputArb, ({ hosts, staff, existing, thresholds }) => {
        const active = new Set(staff.filter((s) => s.active).map((s) => s.id));
        const adminMade = new Set(
          existing
            .filter((m) => m.source === "manual" || m.status === "rejected")
            .map((m) => m.calcomUserId),
        );
        for (const d of match(hosts, staff, existing, thresholds)) {
          if (
            d.action === "auto" ||
            d.action === "suggest" ||
            (d.action === "keep" && !adminMade.has(d.calcomUserId))
          ) {
            expect(active.has(d.staffId!)).toBe(true);
          }
          for (const c of d.candidates) expect(active.has(c.staffId)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("does not depend on the order of the staff list", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) =>
          fc
            .shuffledSubarray(input.staff, { minLength: input.staff.length })
            .map((shuffled) => ({ ...input, shuffled })),
        ),
        ({ hosts, staff, shuffled, existing, thresholds }) => {
          expect(match(hosts, shuffled, existing, thresholds)).toEqual(
            match(hosts, staff, existing, thresholds),
          );
        },
      ),
      runs,
    );
  });

  it("blocking finds every staff member that has evidence (same as comparing all pairs)", () => {
    // Short random names over a tiny alphabet produce many typo, nickname and partial pairs.
    const token = fc.oneof(
      fc.stringMatching(/^[abe]{1,6}$/),
      fc.constantFrom("toni", "anton", "hans", "johannes", "lena"),
    );
    const name = fc.array(token, { minLength: 0, maxLength: 3 }).map((t) => t.join(" "));
    const person = fc.record({
      name,
      email: emailArb,
      username: fc.constantFrom(null, "karl", "ab.ba"),
    });
    fc.assert(
      fc.property(person, fc.array(person, { maxLength: 30 }), (h, s) => {
        const hostPerson = toPerson(h.name, h.email, h.username);
        const staffPersons = s.map((p) => toPerson(p.name, p.email));
        const found = new Set(buildStaffIndex(staffPersons).candidates(hostPerson));
        staffPersons.forEach((sp, i) => {
          if (evidenceFor(hostPerson, sp))
            expect(found.has(i), `${h.name} / ${s[i]!.name}`).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
