import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadOrCreateSecret } from "./secret-box.ts";

describe("createSecretBox", () => {
  it("round-trips and never stores the plain text", () => {
    const box = createSecretBox("k1");
    const sealed = box.encrypt("cal_live_topsecret");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("topsecret");
    expect(box.decrypt(sealed)).toBe("cal_live_topsecret");
    expect(box.encrypt("cal_live_topsecret")).not.toBe(sealed);
  });

  it("refuses a value sealed with another key or tampered with", () => {
    const sealed = createSecretBox("k1").encrypt("x");
    expect(() => createSecretBox("k2").decrypt(sealed)).toThrow(/FRONTDESK_SECRET/);
    const tampered = `${sealed.slice(0, -2)}AA`;
    expect(() => createSecretBox("k1").decrypt(tampered)).toThrow();
  });
});

describe("loadOrCreateSecret", () => {
  it("prefers the environment", () => {
    expect(loadOrCreateSecret("from-env", "/nonexistent/key")).toBe("from-env");
  });

  it("generates a key once with mode 0600 and reuses it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "fd-")), "data", "secret.key");
    const first = loadOrCreateSecret(undefined, file);
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret("", file)).toBe(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
  });
});
