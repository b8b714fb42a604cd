import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * `x-retell-signature: v=<unix ms>,d=<hex HMAC-SHA256(apiKey, rawBody + v)>`, as retell-sdk
 * 5.66.1 signs and verifies it (src/lib/webhook_auth.ts). The same
 * scheme covers call events, custom functions and the inbound webhook; GET and DELETE sign "".
 */

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/** Five minutes either way; exactly 300 000 ms still passes, as in the SDK. */
const windowMs = 5 * 60 * 1000;
const headerPattern = /^v=(\d+),d=([0-9a-f]{64})$/i;

const digest = (rawBody: string, apiKey: string, timestamp: number) =>
  createHmac("sha256", apiKey)
    .update(rawBody + timestamp)
    .digest();

/**
 * Checks a Retell signature over the exact raw body (never a re-serialised one). `now` is Unix
 * time in milliseconds.
 */
export function verifyRetellSignature(
  rawBody: string,
  header: string | null | undefined,
  apiKey: string,
  now: number,
): SignatureCheck {
  if (header == null || header === "") return { ok: false, reason: "missing" };
  const match = headerPattern.exec(header);
  // The SDK signs the timestamp as a number, so "v=007" is checked as "7" there and here.
  const timestamp = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(timestamp)) return { ok: false, reason: "malformed" };
  if (Math.abs(now - timestamp) > windowMs) return { ok: false, reason: "stale" };
  const given = Buffer.from(match[2] ?? "", "hex");
  const expected = digest(rawBody, apiKey, timestamp);
  // An empty key would let anyone sign: refuse rather than trust it.
  if (apiKey === "" || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "mismatch" };
  }
  return { ok: true };
}

/** The header Retell would send for `rawBody` at `now` (for our tests and benchmarks). */
export function signRetellBody(rawBody: string, apiKey: string, now: number): string {
  return `v=${now},d=${digest(rawBody, apiKey, now).toString("hex")}`;
}
