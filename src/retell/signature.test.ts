import fc from "fast-check";
import Retell from "retell-sdk";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { describe, expect, it } from "vitest";
import { signRetellBody, verifyRetellSignature } from "./signature.ts";

// Test vectors (Node, openssl and the SDK agree on them).
const key = "key_test_123";
const ts = 1_700_000_000_000;
const vectors = [
  [
    '{"event":"call_started","call":{"call_id":"abc"}}',
    "29857bacf709bbb02f28db95c35dd155a1a5ebb1339ef9f84f4ae09f18620a26",
  ],
  [
    '{"call":{"call_id":"abc"},"name":"check_availability","args":{"date":"2025-01-15"}}',
    "9d48189af3903c5fb67b211d0482ac054b6c02a349d0a8f6b833f6040266f7b2",
  ],
  ["", "a9b19a2976ecc365de7269d736aefa1ea71205273269505668257a39657ead6e"],
  ['{"date":"2025-01-15"}', "a1c013fafa0dd36ed6660dab41bdfd4a9c0ccd0c886d30b4c35ba593e8e46a44"],
] as const;
const bodyA = vectors[0][0];
const headerA = `v=${ts},d=${vectors[0][1]}`;

describe("signRetellBody", () => {
  it.each(vectors)("signs %j as Retell does", (body, hex) => {
    expect(signRetellBody(body, key, ts)).toBe(`v=${ts},d=${hex}`);
  });

  it("signs exactly as retell-sdk does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.nat(),
        async (body, apiKey, at) => {
          expect(signRetellBody(body, apiKey, at)).toBe(await symmetric.sign(body, apiKey, at));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("verifyRetellSignature", () => {
  it.each(vectors)("accepts the reference vector for %j", (body, hex) => {
    expect(verifyRetellSignature(body, `v=${ts},d=${hex}`, key, ts + 1000)).toEqual({ ok: true });
  });

  it("accepts what retell-sdk signs, now", async () => {
    const body = '{"event":"call_ended","call":{"call_id":"c1"}}';
    const header = await Retell.sign(body, key);
    expect(verifyRetellSignature(body, header, key, Date.now())).toEqual({ ok: true });
  });

  it("agrees with retell-sdk's verify on signed, tampered and foreign headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.integer({ min: -400_000, max: 400_000 }),
        fc.constantFrom("same", "tampered", "other key"),
        async (body, skew, variant) => {
          const header = await symmetric.sign(body, variant === "other key" ? "other" : key, ts);
          const checked = variant === "tampered" ? `${body}x` : body;
          const sdk = await symmetric.verify(checked, key, header, { timestamp: ts + skew });
          expect(verifyRetellSignature(checked, header, key, ts + skew).ok).toBe(sdk);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is what retell-sdk accepts for our own signatures", async () => {
    const header = signRetellBody(bodyA, key, Date.now());
    expect(await Retell.verify(bodyA, key, header)).toBe(true);
  });

  it.each([
    [ts + 300_000, true],
    [ts - 300_000, true],
    [ts + 300_001, false],
    [ts - 300_001, false],
  ])("applies the five-minute window both ways (now = %i)", (now, ok) => {
    expect(verifyRetellSignature(bodyA, headerA, key, now)).toEqual(
      ok ? { ok: true } : { ok: false, reason: "stale" },
    );
  });

  it("refuses a tampered or re-serialised body and a wrong key", () => {
    const mismatch = { ok: false, reason: "mismatch" };
    expect(verifyRetellSignature(`${bodyA} `, headerA, key, ts)).toEqual(mismatch);
    expect(
      verifyRetellSignature(JSON.stringify(JSON.parse(bodyA), null, 1), headerA, key, ts),
    ).toEqual(mismatch);
    expect(verifyRetellSignature(bodyA, headerA, "key_test_124", ts)).toEqual(mismatch);
    expect(verifyRetellSignature(bodyA, headerA, "", ts)).toEqual(mismatch);
    // The timestamp is signed too: moving it breaks the digest.
    expect(
      verifyRetellSignature(bodyA, headerA.replace(`v=${ts}`, `v=${ts + 1}`), key, ts),
    ).toEqual(mismatch);
  });

  it("accepts upper-case hex, as the SDK does", () => {
    expect(
      verifyRetellSignature(bodyA, `v=${ts},d=${vectors[0][1].toUpperCase()}`, key, ts),
    ).toEqual({
      ok: true,
    });
  });

  it.each([null, undefined, ""])("calls %j missing", (header) => {
    expect(verifyRetellSignature(bodyA, header, key, ts)).toEqual({ ok: false, reason: "missing" });
  });

  it.each([
    "garbage",
    `v=${ts}, d=${vectors[0][1]}`,
    `d=${vectors[0][1]},v=${ts}`,
    `v=${ts},d=${vectors[0][1].slice(1)}`,
    `v=${ts},d=${vectors[0][1]}00`,
    `v=${ts},d=${"z".repeat(64)}`,
    `v=-${ts},d=${vectors[0][1]}`,
    `v=1e12,d=${vectors[0][1]}`,
    `v=99999999999999999999,d=${vectors[0][1]}`,
    ` v=${ts},d=${vectors[0][1]}`,
    `t=1700000000,v1=${vectors[0][1]}`,
  ])("calls %j malformed", (header) => {
    expect(verifyRetellSignature(bodyA, header, key, ts)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("verifies the empty body of a GET", () => {
    const header = signRetellBody("", key, ts);
    expect(verifyRetellSignature("", header, key, ts)).toEqual({ ok: true });
    expect(verifyRetellSignature("{}", header, key, ts)).toEqual({ ok: false, reason: "mismatch" });
  });
});
