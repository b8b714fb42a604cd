import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's recommendation for scrypt: N = 2^17, r = 8, p = 1 (128 MiB and ~0.2–0.5 s per hash). */
export const owaspCost: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const keylen = 32;
/** The most any stored hash may ask for: a tampered row cannot make one login take gigabytes. */
const maxN = 2 ** 20;

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number) {
  // scrypt needs 128 · N · r bytes; Node's default maxmem (32 MiB) is below OWASP's cost.
  const maxmem = 128 * cost.N * cost.r * 2 + 16 * 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, { ...cost, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function parse(stored: string) {
  const [scheme, N, r, p, salt, hash] = stored.split("$");
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (
    scheme !== "scrypt" ||
    !salt ||
    !hash ||
    !Number.isInteger(cost.N) ||
    !Number.isInteger(cost.r) ||
    !Number.isInteger(cost.p) ||
    cost.N < 2 ||
    cost.N > maxN ||
    cost.r < 1 ||
    cost.r > 32 ||
    cost.p < 1 ||
    cost.p > 16
  )
    return null;
  return { cost, salt: Buffer.from(salt, "base64url"), hash: Buffer.from(hash, "base64url") };
}

export interface PasswordHasher {
  /** "scrypt$N$r$p$salt$hash": the parameters travel with the hash so they can be raised later. */
  hashPassword(password: string): Promise<string>;
  /** Checks against the hash's own parameters, whatever they are. */
  verifyPassword(password: string, stored: string): Promise<boolean>;
  /** True when the hash was made at a lower cost than this hasher's: rehash it after a login. */
  needsRehash(stored: string): boolean;
}

/** A hasher at the given cost (OWASP's by default; tests that hash often pass a lower one). */
export function createPasswordHasher(cost: ScryptCost = owaspCost): PasswordHasher {
  return {
    async hashPassword(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, cost, keylen);
      return [
        "scrypt",
        cost.N,
        cost.r,
        cost.p,
        salt.toString("base64url"),
        key.toString("base64url"),
      ].join("$");
    },
    async verifyPassword(password, stored) {
      const parsed = parse(stored);
      if (!parsed || parsed.hash.length < 16) return false;
      const key = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
      return timingSafeEqual(key, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parse(stored);
      if (!parsed) return true;
      return (
        parsed.cost.N < cost.N ||
        parsed.cost.r < cost.r ||
        parsed.cost.p < cost.p ||
        parsed.hash.length < keylen
      );
    },
  };
}

const owasp = createPasswordHasher();
export const hashPassword = owasp.hashPassword;
export const verifyPassword = owasp.verifyPassword;
export const needsRehash = owasp.needsRehash;
