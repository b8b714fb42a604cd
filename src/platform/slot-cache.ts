const week = 7 * 86_400_000;

/** Where `load` found its slots: in memory, in a Cal.com request already under way, or fetched. */
export type SlotSource = "cache" | "shared" | "calcom";

interface Entry {
  slots: string[];
  storedAt: number;
}

interface InFlight {
  promise: Promise<string[]>;
  /** Set when a booking change made the answer stale while it was being fetched. */
  stale: boolean;
}

/**
 * Free Cal.com slots per (company, event type, range) for at most 30 s: a repeated availability
 * check in one conversation costs no Cal.com request, and a booking change drops the entries it
 * can affect. `load` is single-flight: whoever asks for a range while it is being fetched waits
 * for that same request instead of sending another.
 */
export function createSlotCache(
  options: { ttlMs?: number; now?: () => number; maxEntries?: number } = {},
) {
  const ttlMs = Math.min(options.ttlMs ?? 30_000, 30_000);
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, InFlight>();
  const prefix = (companyId: string, eventTypeId: number) => `${companyId}:${eventTypeId}:`;
  const key = (companyId: string, eventTypeId: number, range: string) =>
    prefix(companyId, eventTypeId) + range;

  function fresh(k: string): Entry | undefined {
    const entry = entries.get(k);
    if (!entry) return undefined;
    if (entry.storedAt + ttlMs <= now()) {
      entries.delete(k);
      return undefined;
    }
    return entry;
  }

  function store(k: string, slots: string[]): void {
    // Bounded: the oldest entry goes first (a Map iterates in insertion order).
    entries.delete(k);
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.set(k, { slots, storedAt: now() });
  }

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
      fresh(key(companyId, eventTypeId, range))?.slots,
    set: (companyId: string, eventTypeId: number, range: string, slots: string[]) =>
      store(key(companyId, eventTypeId, range), slots),
    /** Milliseconds since the range was stored, or undefined when it is not (or no longer) held. */
    age(companyId: string, eventTypeId: number, range: string): number | undefined {
      const entry = fresh(key(companyId, eventTypeId, range));
      return entry ? now() - entry.storedAt : undefined;
    },
    /** Whether a Cal.com request for the range is under way. */
    loading: (companyId: string, eventTypeId: number, range: string) =>
      inFlight.has(key(companyId, eventTypeId, range)),
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
      options: { refresh?: boolean } = {},
    ): Promise<{ slots: string[]; source: SlotSource }> {
      const k = key(companyId, eventTypeId, range);
      const held = options.refresh ? undefined : fresh(k);
      if (held) return { slots: held.slots, source: "cache" };
      const running = inFlight.get(k);
      if (running) return { slots: await running.promise, source: "shared" };
      const flight: InFlight = { promise: Promise.resolve([]), stale: false };
      flight.promise = (async () => {
        try {
          const slots = await fetch();
          if (!flight.stale) store(k, slots);
          return slots;
        } finally {
          if (inFlight.get(k) === flight) inFlight.delete(k);
        }
      })();
      inFlight.set(k, flight);
      return { slots: await flight.promise, source: "calcom" };
    },
    /**
     * A booking changed at the instants `near` (UTC ISO): ranges within a week of them are dropped
     * — a booking takes more than its own slot where buffers or per-day and per-week limits apply —
     * and the rest stay. Without instants, every range of the event type goes. A request for an
     * affected range still under way is answered to those waiting for it but not kept, and the
     * next reader asks Cal.com again.
     */
    invalidate(companyId: string, eventTypeId: number, near: readonly string[] = []): void {
      const hit = affected(companyId, eventTypeId, near);
      for (const k of entries.keys()) if (hit(k)) entries.delete(k);
      for (const [k, flight] of inFlight) {
        if (!hit(k)) continue;
        flight.stale = true;
        inFlight.delete(k);
      }
    },
  };
}
