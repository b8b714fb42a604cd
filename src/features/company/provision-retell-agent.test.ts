import { describe, expect, it } from "vitest";
import { differingFields, holds } from "./provision-retell-agent.ts";

describe("comparing what Retell holds with what we would send", () => {
  it("ignores what Retell adds of its own (versions, timestamps, defaults)", () => {
    expect(
      holds(
        { type: "retell-llm", llm_id: "llm_1", version: 3 },
        { type: "retell-llm", llm_id: "llm_1" },
      ),
    ).toBe(true);
    expect(holds([{ name: "a", tool_id: "x" }], [{ name: "a" }])).toBe(true);
  });

  it("sees a changed value, a missing or extra list item, and a record in place of a value", () => {
    expect(holds({ llm_id: "llm_2" }, { llm_id: "llm_1" })).toBe(false);
    expect(holds([{ name: "a" }], [{ name: "a" }, { name: "b" }])).toBe(false);
    expect(holds([{ name: "a" }, { name: "b" }], [{ name: "a" }])).toBe(false);
    expect(holds(null, { name: "a" })).toBe(false);
    expect(holds(["a"], { 0: "a" })).toBe(false);
  });

  it("names the fields that differ, leaving those set only on create", () => {
    const desired = { agent_name: "Salon", voice_id: "v1", webhook_url: "https://a/x" };
    const actual = { agent_name: "Salon", voice_id: "chosen", webhook_url: "https://old/x" };
    expect(differingFields(desired, actual, ["voice_id"])).toEqual(["webhook_url"]);
    expect(
      differingFields(desired, { ...actual, webhook_url: "https://a/x" }, ["voice_id"]),
    ).toEqual([]);
  });
});
