import { describe, expect, it } from "vitest";
import { createPasswordHasher, hashPassword, needsRehash, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("hashes at OWASP's scrypt cost (N = 2^17, r = 8, p = 1) and verifies the right password only", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("correct");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsE", hash)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("verifies a hash made at a lower cost, and says it needs rehashing", async () => {
    const old = await createPasswordHasher({ N: 2 ** 14, r: 8, p: 1 }).hashPassword("pw");
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("pw", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash("garbage")).toBe(true);
  });

  it("refuses a stored hash asking for an absurd cost instead of allocating it", async () => {
    const hash = await createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }).hashPassword("pw");
    const greedy = hash.replace("$1024$", `$${2 ** 30}$`);
    expect(await verifyPassword("pw", greedy)).toBe(false);
  });
});
