import { createTtlCache } from "./ttl-cache.ts";

const week = 7 * 86_400_000;

/**
 * Free Cal.com slots per (company, event type, range) for at most 30 s: a repeated availability
 * check in one conversation costs no Cal.com request, and a booking change drops the entries it
 * can affect.
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
    /**
     * A booking changed at the instants `near` (UTC ISO): ranges within a week of them are dropped
     * — a booking takes more than its own slot where buffers or per-day and per-week limits apply —
     * and the rest stay. Without instants, every range of the event type goes.
     */
    invalidate: (companyId: string, eventTypeId: number, near: readonly string[] = []) => {
      const prefix = key(companyId, eventTypeId);
      const times = near.map(Date.parse);
      if (times.length === 0 || times.some(Number.isNaN)) {
        cache.deleteWhere((k) => k.startsWith(prefix));
        return;
      }
      const from = Math.min(...times) - week;
      const to = Math.max(...times) + week;
      cache.deleteWhere((k) => {
        if (!k.startsWith(prefix)) return false;
        const [start = "", end = ""] = k.slice(prefix.length).split("/");
        // A range that cannot be read is dropped rather than kept stale.
        return !(Date.parse(start) >= to || Date.parse(end) <= from);
      });
    },
  };
}
