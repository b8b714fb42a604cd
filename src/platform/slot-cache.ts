import { createTtlCache } from "./ttl-cache.ts";

const week = 7 * 86_400_000;

/** Where `load` found its slots: in memory, in a Cal.com request already under way, or fetched. */
export type SlotSource = "cache" | "shared" | "calcom";

/**
 * Free Cal.com slots per (company, event type, range) for at most 30 s: a repeated availability
 * check in one conversation costs no Cal.com request, and a booking change drops the entries it
 * can affect. `load` is single-flight: whoever asks for a range while it is being fetched waits
 * for that same request instead of sending another.
 */
export function createSlotCache(
  options: { ttlMs?: number; now?: () => number; maxEntries?: number } = {},
) {
  const cache = createTtlCache<string[]>({
    ttlMs: Math.min(options.ttlMs ?? 30_000, 30_000),
    now: options.now,
    maxEntries: options.maxEntries,
  });
  const prefix = (companyId: string, eventTypeId: number) => `${companyId}:${eventTypeId}:`;
  const key = (companyId: string, eventTypeId: number, range: string) =>
    prefix(companyId, eventTypeId) + range;

  /** The keys of `companyId`/`eventTypeId` a booking change at `near` can affect. */
  function affected(companyId: string, eventTypeId: number, near: readonly string[]) {
    const p = prefix(companyId, eventTypeId);
    const times = near.map(Date.parse);
    if (times.length === 0 || times.some(Number.isNaN)) return (k: string) => k.startsWith(p);
    const from = Math.min(...times) - week;
    const to = Math.max(...times) + week;
    return (k: string) => {
      if (!k.startsWith(p)) return false;
      const [start = "", end = ""] = k.slice(p.length).split("/");
      // A range that cannot be read is dropped rather than kept stale.
      return !(Date.parse(start) >= to || Date.parse(end) <= from);
    };
  }

  return {
    get: (companyId: string, eventTypeId: number, range: string) =>
      cache.get(key(companyId, eventTypeId, range)),
    set: (companyId: string, eventTypeId: number, range: string, slots: string[]) =>
      cache.set(key(companyId, eventTypeId, range), slots),
    /** Milliseconds since the range was stored, or undefined when it is not (or no longer) held. */
    age: (companyId: string, eventTypeId: number, range: string) =>
      cache.age(key(companyId, eventTypeId, range)),
    /** Whether a Cal.com request for the range is under way. */
    loading: (companyId: string, eventTypeId: number, range: string) =>
      cache.loading(key(companyId, eventTypeId, range)),
    /**
     * The range's slots: from memory, else from the request for it already under way, else from
     * `fetch` (whose answer is kept, unless a booking change came while it ran). With `refresh`,
     * a held entry is fetched again (and served until the new answer replaces it).
     */
    async load(
      companyId: string,
      eventTypeId: number,
      range: string,
      fetch: () => Promise<string[]>,
      loadOptions: { refresh?: boolean } = {},
    ): Promise<{ slots: string[]; source: SlotSource }> {
      const { value, source } = await cache.load(
        key(companyId, eventTypeId, range),
        fetch,
        loadOptions,
      );
      return { slots: value, source: source === "loaded" ? "calcom" : source };
    },
    /**
     * A booking changed at the instants `near` (UTC ISO): ranges within a week of them are dropped
     * — a booking takes more than its own slot where buffers or per-day and per-week limits apply —
     * and the rest stay. Without instants, every range of the event type goes. A request for an
     * affected range still under way is answered to those waiting for it but not kept, and the
     * next reader asks Cal.com again.
     */
    invalidate(companyId: string, eventTypeId: number, near: readonly string[] = []): void {
      cache.deleteWhere(affected(companyId, eventTypeId, near));
    },
  };
}
