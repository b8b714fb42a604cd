import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, URL-safe: session cookies and CSRF tokens. */
export const newToken = () => randomBytes(32).toString("base64url");

/** What the database keeps of a session token: a leaked table opens no session. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Constant-time comparison, so a token cannot be guessed byte by byte from response times. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
