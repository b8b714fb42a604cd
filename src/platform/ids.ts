import { randomFillSync } from "node:crypto";

export type IdGenerator = () => string;

let lastMs = 0;
let counter = 0;
// Asking the CSPRNG for 16 bytes per id cost more than the rest of an id; take them from a pool.
const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;

/**
 * UUIDv7 (RFC 9562): time-ordered, so rows sort by creation (audit trails, lists) even within one
 * millisecond, where a 12-bit counter keeps them in order; the rest is random.
 */
export const newId: IdGenerator = () => {
  let ms = Date.now();
  if (ms <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      // More than 4,096 ids in one millisecond: borrow the next millisecond.
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  pool.copy(bytes, 0, poolAt, poolAt + 16);
  poolAt += 16;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
