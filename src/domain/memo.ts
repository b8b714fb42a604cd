/**
 * A bounded memo for pure functions of a few strings. Time-zone arithmetic (luxon asks Intl for
 * every offset) dominates the voice path, and the same slots, days and phrases come up call after
 * call. `key` may return null to skip remembering (input too long to keep), and `keep` may refuse
 * a value that is not a pure function of the key.
 */
export function memo<A extends unknown[], R>(
  fn: (...args: A) => R,
  key: (...args: A) => string | null,
  options: { max?: number; keep?: (value: R) => boolean } = {},
) {
  const max = options.max ?? 5_000;
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const k = key(...args);
    if (k === null) return fn(...args);
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
    const value = fn(...args);
    if (options.keep && !options.keep(value)) return value;
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(k, value);
    return value;
  };
}
