import { describe, expect, it } from "vitest";
import { jsonPath } from "./json-path.ts";

describe("jsonPath", () => {
  it("writes names with dots and indexes in brackets", () => {
    expect(jsonPath(["hosts", 2, "email"])).toBe("$.hosts[2].email");
    expect(jsonPath([])).toBe("$");
  });

  it("quotes a key that is not a name", () => {
    expect(jsonPath(["data", 0, "slots", "2050-09-05"])).toBe('$.data[0].slots["2050-09-05"]');
  });

  it("starts at the first key without a root", () => {
    expect(jsonPath(["hosts", 2, "email"], "")).toBe("hosts[2].email");
    expect(jsonPath([0, "name"], "")).toBe("[0].name");
  });
});
