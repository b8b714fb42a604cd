/** Where `load` found its value: held, from a load already under way, or loaded now. */
export type LoadSource = "cache" | "shared" | "loaded";

/** A small in-process cache whose entries expire; entries can be dropped by what their key says. */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** Milliseconds since the entry was stored, or undefined when it is not (or no longer) held. */
  age(key: string): number | undefined;
  /** Whether a load for the key is under way. */
  loading(key: string): boolean;
  /**
   * The value for `key`, loaded at most once at a time: callers that miss together share one
   * load. With `refresh`, a held entry is loaded again (and served to others until the new value
   * replaces it). A load whose key is dropped while it runs answers its waiters but is not kept.
   */
  load(
    key: string,
    loader: () => Promise<V>,
    options?: { refresh?: boolean },
  ): Promise<{ value: V; source: LoadSource }>;
  deleteWhere(test: (key: string) => boolean): void;
  clear(): void;
}

interface Flight<V> {
  promise: Promise<V>;
  /** Set when the key was dropped while loading: the answer is too old to keep. */
  stale: boolean;
}

/** With `refreshAhead`, an entry past this share of its life is reloaded in the background when read. */
const refreshAfter = 0.8;

export function createTtlCache<V>(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
  /**
   * Read an entry near the end of its life and it is loaded again in the background while it is
   * still served, so its expiry does not send every waiting caller to the source at once.
   */
  refreshAhead?: boolean;
}): TtlCache<V> {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; storedAt: number }>();
  const inFlight = new Map<string, Flight<V>>();

  const set = (key: string, value: V) => {
    // Bounded: the oldest entry goes first (a Map iterates in insertion order).
    entries.delete(key);
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.set(key, { value, storedAt: now() });
  };
  const fresh = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.storedAt + options.ttlMs <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const start = (key: string, loader: () => Promise<V>): Promise<V> => {
    const flight: Flight<V> = { promise: Promise.resolve() as Promise<V>, stale: false };
    flight.promise = (async () => {
      try {
        const value = await loader();
        if (!flight.stale) set(key, value);
        return value;
      } finally {
        if (inFlight.get(key) === flight) inFlight.delete(key);
      }
    })();
    inFlight.set(key, flight);
    return flight.promise;
  };
  const drop = (test: (key: string) => boolean) => {
    for (const key of entries.keys()) if (test(key)) entries.delete(key);
    for (const [key, flight] of inFlight) {
      if (!test(key)) continue;
      flight.stale = true;
      inFlight.delete(key);
    }
  };

  return {
    get: (key) => fresh(key)?.value,
    set,
    age(key) {
      const entry = fresh(key);
      return entry ? now() - entry.storedAt : undefined;
    },
    loading: (key) => inFlight.has(key),
    async load(key, loader, loadOptions = {}) {
      const held = loadOptions.refresh ? undefined : fresh(key);
      if (held) {
        if (
          options.refreshAhead &&
          !inFlight.has(key) &&
          now() - held.storedAt >= options.ttlMs * refreshAfter
        ) {
          // Served as it is; a failed refresh leaves the entry to expire on its own.
          start(key, loader).catch(() => {});
        }
        return { value: held.value, source: "cache" };
      }
      const running = inFlight.get(key);
      if (running) return { value: await running.promise, source: "shared" };
      return { value: await start(key, loader), source: "loaded" };
    },
    deleteWhere: drop,
    clear: () => drop(() => true),
  };
}
