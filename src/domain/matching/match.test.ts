import { describe, expect, it } from "vitest";
import { explainPair } from "./explain.ts";
import { match } from "./match.ts";
import type { ExistingMapping, MatchDecision, MatchHost, MatchStaff } from "./types.ts";

const staff = (
  id: string,
  name: string,
  email: string | null = null,
  active = true,
): MatchStaff => ({
  id,
  name,
  email,
  active,
});
const host = (
  userId: number,
  name: string | null,
  email: string | null = null,
  username: string | null = null,
): MatchHost => ({
  userId,
  name,
  email,
  username,
});
const mapping = (
  calcomUserId: number,
  staffId: string,
  status: ExistingMapping["status"],
  source: ExistingMapping["source"],
): ExistingMapping => ({ calcomUserId, staffId, status, source });

function decide(h: MatchHost, s: MatchStaff[], existing: ExistingMapping[] = []): MatchDecision {
  const [decision] = match([h], s, existing);
  return decision!;
}

const karl = staff("s1", "Karl Meyer", "karl@askpro.de");

describe("match: email evidence", () => {
  it("maps an equal email (case and whitespace ignored) automatically", () => {
    const d = decide(host(1, "K. M.", "  KARL@AskPro.de "), [karl]);
    expect(d).toMatchObject({
      action: "auto",
      staffId: "s1",
      confidence: 100,
      reason: "email_exact",
    });
    expect(d.explanation).toBe("Mapped to Karl Meyer: email matches.");
    expect(d.candidates).toEqual([{ staffId: "s1", confidence: 100, reason: "email_exact" }]);
  });

  it("maps the same address with a +tag on either side automatically", () => {
    const tagged = decide(host(1, null, "karl+cal@askpro.de"), [karl]);
    expect(tagged).toMatchObject({ action: "auto", staffId: "s1", reason: "email_plus_tag" });
    expect(tagged.confidence).toBeGreaterThanOrEqual(90);
    expect(tagged.explanation).toContain("email matches apart from the +cal tag");
    const staffTagged = decide(host(1, null, "anna@x.de"), [
      staff("s2", "Anna", "anna+salon@x.de"),
    ]);
    expect(staffTagged).toMatchObject({ action: "auto", staffId: "s2", reason: "email_plus_tag" });
  });

  it("does not apply Gmail dot rules", () => {
    const d = decide(host(1, null, "k.arl@gmail.com"), [
      staff("s1", "Karl Meyer", "karl@gmail.com"),
    ]);
    expect(d).toMatchObject({ action: "none", reason: "no_candidate" });
  });

  it("maps equal name plus the same email local part at another domain automatically", () => {
    const d = decide(host(1, "Karl Meyer", "karl@gmail.com"), [karl]);
    expect(d).toMatchObject({ action: "auto", staffId: "s1", reason: "name_and_email_local_part" });
    expect(d.confidence).toBeGreaterThanOrEqual(90);
    expect(d.explanation).toContain("karl@gmail.com has the same local part as karl@askpro.de");
  });

  it("never matches two empty or missing emails", () => {
    const s = [
      staff("s1", "Anna Schmidt", ""),
      staff("s2", "Bert Bauer", null),
      staff("s3", "Carl Cox", "  "),
    ];
    for (const email of ["", null, "   "]) {
      expect(decide(host(1, "Zora Zander", email), s)).toMatchObject({
        action: "none",
        reason: "no_candidate",
      });
    }
  });
});

describe("match: name evidence", () => {
  it("suggests (but never auto-maps) on an equal name alone", () => {
    const d = decide(host(1, "Karl Meyer", "k.meyer@gmail.com"), [karl]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_exact" });
    expect(d.confidence).toBeGreaterThanOrEqual(60);
    expect(d.confidence).toBeLessThan(90);
    expect(d.explanation).toBe("Karl Meyer is suggested: name matches.");
  });

  it("matches umlaut spelling and ß both ways", () => {
    const d = decide(host(1, "Anna Weiss"), [staff("s1", "Anna Weiß")]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_exact" });
    expect(d.explanation).toContain("name matches after umlaut spelling (Weiss = Weiß)");
    expect(decide(host(1, "Jörg Müller"), [staff("s1", "Joerg Mueller")])).toMatchObject({
      action: "suggest",
      reason: "name_exact",
    });
  });

  it("matches names with other diacritics stripped", () => {
    const d = decide(host(1, "José Núñez"), [staff("s1", "Jose Nunez")]);
    expect(d).toMatchObject({ action: "suggest", reason: "name_exact" });
    expect(d.explanation).toContain("ignoring accents (José = Jose, Núñez = Nunez)");
    for (const [a, b] of [
      ["Yıldız Kaya", "Yildiz Kaya"],
      ["Łukasz Nowak", "Lukasz Nowak"],
      ["Søren Kierkegaard", "Soren Kierkegaard"],
    ] as const) {
      expect(decide(host(1, a), [staff("s1", b)]).reason, a).toBe("name_exact");
    }
  });

  it("matches 'Meyer, Karl' with 'Karl Meyer'", () => {
    const d = decide(host(1, "Meyer, Karl"), [karl]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_exact" });
    expect(d.explanation).toContain("in a different order (Meyer, Karl = Karl Meyer)");
  });

  it("ignores titles", () => {
    const d = decide(host(1, "Dr. Karl Meyer"), [karl]);
    expect(d).toMatchObject({ action: "suggest", reason: "name_exact" });
    expect(d.explanation).toContain("ignoring the title Dr.");
    for (const name of [
      "Prof. Dr. Karl Meyer",
      "Dipl.-Ing. Karl Meyer",
      "Herr Karl Meyer",
      "Mr Karl Meyer",
    ]) {
      expect(decide(host(1, name), [karl]).reason, name).toBe("name_exact");
    }
    for (const name of ["Frau Anna Schmidt", "Mrs Anna Schmidt", "Ms. Anna Schmidt"]) {
      expect(decide(host(1, name), [staff("s2", "Anna Schmidt")]).reason, name).toBe("name_exact");
    }
  });

  it("treats hyphens as spaces and ignores spacing inside a name", () => {
    expect(decide(host(1, "Annalena Schmidt"), [staff("s1", "Anna-Lena Schmidt")]).reason).toBe(
      "name_exact",
    );
    const d = decide(host(1, "Hans Peter Schulz"), [staff("s1", "Hans-Peter Schulz")]);
    expect(d).toMatchObject({ action: "suggest", reason: "name_exact" });
    expect(d.explanation).toContain("ignoring hyphens, apostrophes and spacing");
  });

  it("matches O'Neil, ONeil and O Neil", () => {
    for (const a of ["Liam O'Neil", "Liam ONeil", "Liam O Neil", "Liam O’Neil"]) {
      for (const b of ["Liam O'Neil", "Liam ONeil", "Liam O Neil"]) {
        expect(decide(host(1, a), [staff("s1", b)]).reason, `${a} / ${b}`).toBe("name_exact");
      }
    }
  });

  it("suggests more weakly when a middle name is missing", () => {
    const d = decide(host(1, "Anna Schmidt"), [staff("s1", "Anna Maria Schmidt")]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_partial" });
    expect(d.confidence).toBeGreaterThanOrEqual(60);
    expect(d.confidence).toBeLessThan(80);
    expect(d.explanation).toContain("name matches, middle name missing");
    // The first name must be the same: "Maria Schmidt" is not "Anna Maria Schmidt".
    expect(decide(host(1, "Maria Schmidt"), [staff("s1", "Anna Maria Schmidt")]).action).toBe(
      "none",
    );
  });

  it("suggests more weakly on a nickname with the same last name", () => {
    const d = decide(host(1, "Toni Huber"), [staff("s1", "Anton Huber")]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_nickname" });
    expect(d.confidence).toBeLessThan(80);
    expect(d.explanation).toContain("nickname Toni = Anton");
    for (const [a, b] of [
      ["Sepp Gruber", "Josef Gruber"],
      ["Hans Weber", "Johannes Weber"],
      ["Bob Smith", "Robert Smith"],
      ["Kathi Bauer", "Katharina Bauer"],
      ["Lena Vogel", "Magdalena Vogel"],
    ] as const) {
      expect(decide(host(1, a), [staff("s1", b)]).reason, a).toBe("name_nickname");
    }
    expect(decide(host(1, "Toni Maier"), [staff("s1", "Anton Huber")]).action).toBe("none");
  });

  it("suggests more weakly on a one-letter typo, only for names of 5 letters or more", () => {
    const d = decide(host(1, "Karl Meier"), [karl]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_typo" });
    expect(d.confidence).toBeLessThan(80);
    expect(d.explanation).toContain("name differs by one letter (Karl Meier vs Karl Meyer)");
    expect(decide(host(1, "Karl Meyre"), [karl]).reason).toBe("name_typo");
    expect(decide(host(1, "Meyer, Karll"), [karl]).reason).toBe("name_typo");
    expect(decide(host(1, "Anne"), [staff("s1", "Anna")]).action).toBe("none");
    expect(decide(host(1, "Karl Maier"), [karl]).action).toBe("none");
  });

  it("lets a username add evidence but never map on its own", () => {
    const s = [staff("s1", "Karl Meyer", "kmeyer@askpro.de")];
    const alone = decide(host(1, null, null, "kmeyer"), s);
    expect(alone).toMatchObject({ action: "none", reason: "no_candidate" });
    const withName = decide(host(1, "Karl Meyer", null, "kmeyer"), s);
    expect(withName).toMatchObject({ action: "suggest", reason: "name_exact" });
    expect(withName.confidence).toBeGreaterThan(decide(host(1, "Karl Meyer"), s).confidence);
    expect(withName.confidence).toBeLessThan(90);
    expect(withName.explanation).toContain("username kmeyer matches the staff email");
    const typo = decide(host(1, "Karl Meier", null, "karl.meyer"), s);
    expect(typo).toMatchObject({ action: "suggest", reason: "name_typo" });
    expect(typo.explanation).toContain("username karl.meyer spells the staff name");
  });

  it("never matches empty names", () => {
    const s = [staff("s1", ""), staff("s2", "   "), staff("s3", "Dr.")];
    for (const name of ["", "  ", null, "Dr."]) {
      expect(decide(host(1, name), s)).toMatchObject({ action: "none", reason: "no_candidate" });
    }
  });

  it("never crashes on junk input", () => {
    const junk = [
      null,
      "",
      " ",
      "@",
      "a@",
      "@b",
      "💥",
      "\u0000",
      "Ⅻ",
      "ǅ",
      ",",
      "Meyer,",
      "x".repeat(5000),
    ];
    const hosts = junk.map((v, i) => host(i + 1, v, v, v));
    const s = junk.map((v, i) => staff(`s${i}`, v ?? "", v));
    expect(() => match(hosts, s, [])).not.toThrow();
    expect(match(hosts, s, [])).toHaveLength(junk.length);
  });
});

describe("match: which staff may be chosen", () => {
  it("never maps to inactive staff", () => {
    const d = decide(host(1, "Karl Meyer", "karl@askpro.de"), [
      staff("s1", "Karl Meyer", "karl@askpro.de", false),
    ]);
    expect(d).toMatchObject({
      action: "none",
      reason: "no_candidate",
      staffId: null,
      candidates: [],
    });
  });

  it("does not offer staff held by another host's active mapping", () => {
    const d = decide(
      host(1, "Karl Meyer", "karl@askpro.de"),
      [karl],
      [mapping(777, "s1", "active", "auto_email")],
    );
    expect(d).toMatchObject({ action: "none", reason: "staff_taken", staffId: null });
    expect(d.explanation).toContain("Karl Meyer is already mapped to Cal.com user 777");
    expect(d.candidates).toEqual([{ staffId: "s1", confidence: 100, reason: "email_exact" }]);
  });

  it("does not offer staff held by another host's manual mapping", () => {
    const d = decide(host(1, "Karl Meyer"), [karl], [mapping(777, "s1", "active", "manual")]);
    expect(d).toMatchObject({ action: "none", reason: "staff_taken" });
    expect(d.explanation).toContain("already mapped manually to Cal.com user 777");
  });

  it("falls back to the next free candidate when the best one is taken", () => {
    const s = [karl, staff("s2", "Karl Meyer")];
    const d = decide(host(1, "Karl Meyer", "karl@askpro.de"), s, [
      mapping(777, "s1", "active", "manual"),
    ]);
    expect(d).toMatchObject({ action: "suggest", staffId: "s2", reason: "name_exact" });
  });

  it("only ever names staff from the given staff list", () => {
    const d = decide(
      host(1, "Karl Meyer", "karl@askpro.de"),
      [karl],
      [mapping(1, "other-company", "active", "auto_email")],
    );
    expect(d).toMatchObject({ action: "auto", staffId: "s1" });
    expect(d.explanation).toContain("not in this company's staff list");
    const manual = decide(
      host(1, "Karl Meyer"),
      [karl],
      [mapping(1, "other-company", "active", "manual")],
    );
    expect(manual).toMatchObject({ action: "keep", staffId: null, reason: "existing_mapping" });
  });
});

describe("match: existing mappings", () => {
  it("keeps a manual mapping whatever the evidence says", () => {
    const s = [karl, staff("s2", "Someone Else", null, false)];
    for (const status of ["active", "suggested"] as const) {
      const d = decide(host(1, "Karl Meyer", "karl@askpro.de"), s, [
        mapping(1, "s2", status, "manual"),
      ]);
      expect(d).toMatchObject({
        action: "keep",
        staffId: "s2",
        reason: "existing_mapping",
        confidence: 100,
      });
    }
    const rejectedManual = decide(host(1, "Karl Meyer", "karl@askpro.de"), s, [
      mapping(1, "s1", "rejected", "manual"),
    ]);
    expect(rejectedManual).toMatchObject({
      action: "keep",
      staffId: "s1",
      reason: "existing_mapping",
    });
  });

  it("keeps a rejection and never proposes the rejected staff again", () => {
    for (const source of ["auto_email", "auto_name", "manual"] as const) {
      const d = decide(
        host(1, "Karl Meyer", "karl@askpro.de"),
        [karl],
        [mapping(1, "s1", "rejected", source)],
      );
      expect(d).toMatchObject({
        action: "keep",
        staffId: "s1",
        reason: "existing_mapping",
        confidence: 0,
        candidates: [],
      });
      expect(d.explanation).toBe(
        "An admin rejected Karl Meyer for this host; the rejection stands.",
      );
    }
  });

  it("keeps an active automatic mapping while its evidence holds", () => {
    const d = decide(
      host(1, "Karl Meyer", "karl@askpro.de"),
      [karl],
      [mapping(1, "s1", "active", "auto_email")],
    );
    expect(d).toMatchObject({
      action: "keep",
      staffId: "s1",
      reason: "existing_mapping",
      confidence: 100,
    });
    expect(d.explanation).toBe("The automatic mapping to Karl Meyer still holds: email matches.");
  });

  it("re-evaluates an active automatic mapping whose staff became inactive or whose evidence went", () => {
    const inactive = decide(
      host(1, "Karl Meyer", "karl@askpro.de"),
      [staff("s1", "Karl Meyer", "karl@askpro.de", false)],
      [mapping(1, "s1", "active", "auto_email")],
    );
    expect(inactive).toMatchObject({ action: "none", reason: "no_candidate" });
    expect(inactive.explanation).toContain(
      "The automatic mapping to Karl Meyer no longer holds: Karl Meyer is inactive.",
    );
    const weaker = decide(
      host(1, "Karl Meyer", "new@else.de"),
      [karl],
      [mapping(1, "s1", "active", "auto_email")],
    );
    expect(weaker).toMatchObject({ action: "suggest", staffId: "s1", reason: "name_exact" });
    expect(weaker.explanation).toContain("below the auto threshold of 90");
  });

  it("reports an unchanged suggestion as keep and upgrades it when the evidence got stronger", () => {
    const same = decide(
      host(1, "Karl Meyer"),
      [karl],
      [mapping(1, "s1", "suggested", "auto_name")],
    );
    expect(same).toMatchObject({
      action: "keep",
      staffId: "s1",
      reason: "existing_mapping",
      confidence: 80,
    });
    expect(same.explanation).toBe("Karl Meyer remains suggested: name matches.");
    const stronger = decide(
      host(1, "Karl Meyer", "karl@askpro.de"),
      [karl],
      [mapping(1, "s1", "suggested", "auto_name")],
    );
    expect(stronger).toMatchObject({ action: "auto", staffId: "s1", reason: "email_exact" });
    const other = decide(
      host(1, "Karl Meyer"),
      [karl, staff("s2", "Carla Meyer")],
      [mapping(1, "s2", "suggested", "auto_name")],
    );
    expect(other).toMatchObject({ action: "suggest", staffId: "s1" });
    expect(other.explanation).toContain("The earlier suggestion Carla Meyer no longer applies.");
  });
});

describe("match: ambiguity and competition", () => {
  it("never applies a tie between two equally good staff members", () => {
    const s = [
      staff("s2", "Karl Meyer", "karl@askpro.de"),
      staff("s1", "Karl Meyer", "karl@askpro.de"),
    ];
    const d = decide(host(1, "Karl Meyer", "karl@askpro.de"), s);
    expect(d).toMatchObject({
      action: "none",
      reason: "ambiguous",
      staffId: null,
      confidence: 100,
    });
    expect(d.candidates.map((c) => c.staffId)).toEqual(["s1", "s2"]);
    expect(d.explanation).toContain("Karl Meyer (s1) and Karl Meyer (s2) match equally well");
  });

  it("gives a contested staff member to the host with the stronger evidence", () => {
    const [exact, tagged] = match(
      [host(1, null, "karl+cal@askpro.de"), host(2, null, "karl@askpro.de")],
      [karl],
      [],
    );
    expect(tagged).toMatchObject({ calcomUserId: 2, action: "auto", staffId: "s1" });
    expect(exact).toMatchObject({ calcomUserId: 1, action: "none", reason: "staff_taken" });
    expect(exact!.explanation).toContain("goes to Cal.com user 2, which matches better");
  });

  it("lets the loser of a contest fall back to its next candidate", () => {
    const s = [karl, staff("s2", "Karl Meyer", "karl@meyer.family")];
    const [a, b] = match(
      [host(1, "Karl Meyer", "karl+x@askpro.de"), host(2, null, "karl@askpro.de")],
      s,
      [],
    );
    expect(b).toMatchObject({ action: "auto", staffId: "s1" });
    // Host 1: s1 (plus tag) lost, s2 has the same name and local part at another domain.
    expect(a).toMatchObject({ action: "auto", staffId: "s2", reason: "name_and_email_local_part" });
  });

  it("does not auto-map either of two hosts tied for one staff member", () => {
    const decisions = match(
      [host(1, null, "karl@askpro.de"), host(2, null, "Karl@askpro.de")],
      [karl],
      [],
    );
    for (const d of decisions) {
      expect(d).toMatchObject({ action: "suggest", staffId: "s1", reason: "ambiguous" });
    }
    expect(decisions[0]!.explanation).toContain(
      "Cal.com user 2 matches this staff member at least as well",
    );
  });
});

describe("match: thresholds and output", () => {
  it("uses the thresholds to pick the action", () => {
    const h = host(1, "Karl Meyer", "karl+cal@askpro.de");
    expect(match([h], [karl], [], { auto: 90, suggest: 60 })[0]).toMatchObject({ action: "auto" });
    const high = match([h], [karl], [], { auto: 100, suggest: 96 })[0]!;
    expect(high).toMatchObject({
      action: "none",
      reason: "below_threshold",
      confidence: 95,
      staffId: null,
    });
    expect(high.candidates).toHaveLength(1);
    expect(high.explanation).toContain("below the suggestion threshold of 96");
    expect(match([host(1, "Karl Meyer")], [karl], [], { auto: 80, suggest: 60 })[0]).toMatchObject({
      action: "auto",
    });
    expect(match([host(1, "Karl Meier")], [karl], [], { auto: 90, suggest: 70 })[0]).toMatchObject({
      action: "none",
      reason: "below_threshold",
    });
  });

  it("says why nothing matched", () => {
    expect(decide(host(1, "Zora Zander", "zora@x.de"), [karl]).explanation).toBe(
      "No active staff member with this email or name.",
    );
    expect(decide(host(1, "Zora Zander"), [karl]).explanation).toContain("the host has no email");
    expect(decide(host(1, "", ""), [karl]).explanation).toBe(
      "The host has neither an email nor a name to match on.",
    );
  });

  it("lists at most three candidates, best first", () => {
    const s = [
      staff("a", "Karl Meyer", "karl@askpro.de"),
      staff("b", "Karl Meyer"),
      staff("c", "Karl Meier"),
      staff("d", "Karl Heinz Meyer"),
    ];
    const d = decide(host(1, "Karl Meyer", "karl@askpro.de"), s);
    expect(d.candidates.map((c) => [c.staffId, c.reason])).toEqual([
      ["a", "email_exact"],
      ["b", "name_exact"],
      ["d", "name_partial"],
    ]);
  });

  it("returns one decision per host in input order, whatever the staff order", () => {
    const hosts = [
      host(3, "Anna Weiß"),
      host(1, null, "karl@askpro.de"),
      host(2, "Nobody Here"),
      host(3, "Anna Weiß"),
    ];
    const s = [karl, staff("s2", "Anna Weiss"), staff("s3", "Anna Weiss")];
    const forward = match(hosts, s, []);
    expect(forward.map((d) => d.calcomUserId)).toEqual([3, 1, 2, 3]);
    expect(match(hosts, [...s].reverse(), [])).toEqual(forward);
  });

  it("explains a single pair without a company around it", () => {
    expect(explainPair(host(1, "Jörg Weiß"), staff("s1", "Joerg Weiss"))).toEqual({
      confidence: 80,
      reason: "name_exact",
      explanation: "name matches after umlaut spelling (Jörg = Joerg, Weiß = Weiss)",
    });
    expect(explainPair(host(1, "Jörg"), staff("s1", "Anna"))).toBeNull();
  });
});
