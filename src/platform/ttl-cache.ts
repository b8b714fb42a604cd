/** A small in-process cache whose entries expire; entries can be dropped by what their key says. */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  deleteWhere(test: (key: string) => boolean): void;
  clear(): void;
}

export function createTtlCache<V>(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): TtlCache<V> {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      // Bounded: the oldest entry goes first (a Map iterates in insertion order).
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.delete(key);
      entries.set(key, { value, expires: now() + options.ttlMs });
    },
    deleteWhere(test) {
      for (const key of entries.keys()) if (test(key)) entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
