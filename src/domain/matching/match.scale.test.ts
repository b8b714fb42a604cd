import { describe, expect, it } from "vitest";
import { match } from "./match.ts";
import { syntheticCompany } from "./synthetic-input.ts";

describe("match at scale", () => {
  it("decides 10,000 hosts against 10,000 staff correctly", () => {
    const company = syntheticCompany(10_000);
    expect(company.staff).toHaveLength(10_000);
    expect(new Set(company.staff.map((s) => s.name)).size).toBe(10_000);

    const decisions = match(company.hosts, company.staff, company.mappings);

    const wrong = decisions
      .map((d, i) => ({
        got: {
          calcomUserId: d.calcomUserId,
          action: d.action,
          staffId: d.staffId,
          reason: d.reason,
        },
        want: company.expected[i]!,
      }))
      .filter(({ got, want }) => JSON.stringify(got) !== JSON.stringify(want));
    expect(wrong.slice(0, 5)).toEqual([]);
    // Every kind of evidence is represented.
    const reasons = new Set(decisions.map((d) => d.reason));
    for (const r of [
      "email_exact",
      "email_plus_tag",
      "name_and_email_local_part",
      "name_exact",
      "name_partial",
      "name_typo",
      "no_candidate",
      "existing_mapping",
    ]) {
      expect(reasons).toContain(r);
    }
  });
});
