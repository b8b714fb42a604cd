/**
 * A bounded memo for pure functions of a few strings. Time-zone arithmetic (luxon asks Intl for
 * every offset) dominates the voice path, and the same slots and days come up call after call.
 */
export function memo<A extends unknown[], R>(
  fn: (...args: A) => R,
  key: (...args: A) => string,
  max = 5_000,
) {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const k = key(...args);
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
    const value = fn(...args);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(k, value);
    return value;
  };
}
