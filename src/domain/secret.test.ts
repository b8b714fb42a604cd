import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret } from "./secret.ts";

describe("Secret", () => {
  const secret = new Secret("cal_live_abcdef123456");

  it("reveals its value only on request", () => {
    expect(secret.reveal()).toBe("cal_live_abcdef123456");
  });

  it("never prints its value in JSON, templates or inspect", () => {
    const printed = [JSON.stringify({ secret }), `${secret}`, inspect({ secret })].join(" ");
    expect(printed).not.toContain("abcdef");
    expect(printed).toContain("[redacted]");
  });

  it("masks all but the ends", () => {
    expect(secret.masked()).toBe("cal_…3456");
    expect(new Secret("short").masked()).toBe("•••••");
  });
});
