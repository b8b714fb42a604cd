import { describe, expect, it } from "vitest";
import { matchPreviewInputSchema, runMatchPreview } from "./preview.ts";

// The documented example.
const example = {
  thresholds: { auto: 90, suggest: 60 },
  staff: [{ id: "s1", name: "Karl Meyer", email: "karl@askpro.de", active: true }],
  hosts: [{ userId: 12345, name: "Karl Meyer", email: "karl@askpro.de", username: "karl.meyer" }],
  mappings: [{ calcomUserId: 777, staffId: "s9", status: "active", source: "manual" }],
};

describe("matchPreviewInputSchema", () => {
  it("reads the documented example and runs it", () => {
    const input = matchPreviewInputSchema.parse(example);
    expect(runMatchPreview(input)).toEqual({
      decisions: [
        {
          calcomUserId: 12345,
          action: "auto",
          staffId: "s1",
          confidence: 100,
          reason: "email_exact",
          explanation: "Mapped to Karl Meyer: email matches.",
          candidates: [{ staffId: "s1", confidence: 100, reason: "email_exact" }],
        },
      ],
    });
  });

  it("makes thresholds, mappings, staff email and active, and host fields optional", () => {
    const input = matchPreviewInputSchema.parse({
      staff: [{ id: "s1", name: "Anna Weiß" }],
      hosts: [{ userId: 1, name: "Anna Weiss", email: null }, { userId: 2 }],
    });
    expect(input.staff[0]).toEqual({ id: "s1", name: "Anna Weiß", active: true });
    const { decisions } = runMatchPreview(input);
    expect(decisions.map((d) => [d.action, d.staffId, d.reason])).toEqual([
      ["suggest", "s1", "name_exact"],
      ["none", null, "no_candidate"],
    ]);
  });

  it("rejects thresholds out of order or out of range", () => {
    const base = { staff: [], hosts: [] };
    for (const thresholds of [
      { auto: 60, suggest: 90 },
      { auto: 101, suggest: 60 },
      { auto: 90, suggest: -1 },
      { auto: 90 },
    ]) {
      expect(
        matchPreviewInputSchema.safeParse({ ...base, thresholds }).success,
        JSON.stringify(thresholds),
      ).toBe(false);
    }
    expect(
      matchPreviewInputSchema.safeParse({ ...base, thresholds: { auto: 70, suggest: 70 } }).success,
    ).toBe(true);
  });

  it("reports duplicates, bad values and unknown top-level keys", () => {
    const bad = matchPreviewInputSchema.safeParse({
      staff: [
        { id: "s1", name: "A" },
        { id: "s1", name: "B" },
      ],
      hosts: [{ userId: 1.5 }],
      mappings: [{ calcomUserId: 1, staffId: "s1", status: "maybe", source: "manual" }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["hosts.0.userId", "mappings.0.status"]));
    const duplicate = matchPreviewInputSchema.safeParse({
      staff: [
        { id: "s1", name: "A" },
        { id: "s1", name: "B" },
      ],
      hosts: [],
    });
    expect(duplicate.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["staff.1.id", "id s1 appears more than once"],
    ]);
    expect(matchPreviewInputSchema.safeParse({ staff: [], hosts: [], mapping: [] }).success).toBe(
      false,
    );
  });
});
