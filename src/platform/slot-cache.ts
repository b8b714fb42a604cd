import { createTtlCache } from "./ttl-cache.ts";

/**
 * Free Cal.com slots per (company, event type, range) for at most 30 s: a repeated availability
 * check in one conversation costs no Cal.com request, and any booking change drops the entries.
 */
export function createSlotCache(options: { ttlMs?: number; now?: () => number } = {}) {
  const cache = createTtlCache<string[]>({
    ttlMs: Math.min(options.ttlMs ?? 30_000, 30_000),
    now: options.now,
  });
  const key = (companyId: string, eventTypeId: number) => `${companyId}:${eventTypeId}:`;
  return {
    get: (companyId: string, eventTypeId: number, range: string) =>
      cache.get(key(companyId, eventTypeId) + range),
    set: (companyId: string, eventTypeId: number, range: string, slots: string[]) =>
      cache.set(key(companyId, eventTypeId) + range, slots),
    invalidate: (companyId: string, eventTypeId: number) =>
      cache.deletePrefix(key(companyId, eventTypeId)),
  };
}
