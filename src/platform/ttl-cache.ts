/** A small in-process cache whose entries expire; entries can be dropped by what their key says. */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /**
   * The value for `key`, loaded at most once at a time: callers that miss together share one
   * load, and an entry near the end of its life is reloaded in the background while it is still
   * served, so expiry never sends every waiting request to the database at once.
   */
  load(key: string, loader: () => Promise<V>): Promise<V>;
  deleteWhere(test: (key: string) => boolean): void;
  clear(): void;
}

/** An entry past this share of its life is refreshed ahead of expiry when it is read. */
const refreshAfter = 0.8;

export function createTtlCache<V>(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): TtlCache<V> {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; expires: number }>();
  const loading = new Map<string, Promise<V>>();
  // A drop during a load makes that load's answer too old to keep.
  let generation = 0;

  const set = (key: string, value: V) => {
    // Bounded: the oldest entry goes first (a Map iterates in insertion order).
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.delete(key);
    entries.set(key, { value, expires: now() + options.ttlMs });
  };
  const fresh = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const start = (key: string, loader: () => Promise<V>): Promise<V> => {
    const running = loading.get(key);
    if (running) return running;
    const startedIn = generation;
    const load = loader()
      .then((value) => {
        if (startedIn === generation) set(key, value);
        return value;
      })
      .finally(() => {
        if (loading.get(key) === load) loading.delete(key);
      });
    loading.set(key, load);
    return load;
  };

  return {
    get: (key) => fresh(key)?.value,
    set,
    async load(key, loader) {
      const entry = fresh(key);
      if (!entry) return start(key, loader);
      if (entry.expires - now() <= options.ttlMs * (1 - refreshAfter)) {
        // Served as it is; a failed refresh leaves the entry to expire on its own.
        start(key, loader).catch(() => {});
      }
      return entry.value;
    },
    deleteWhere(test) {
      generation += 1;
      for (const key of entries.keys()) if (test(key)) entries.delete(key);
      for (const key of loading.keys()) if (test(key)) loading.delete(key);
    },
    clear() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
  };
}
