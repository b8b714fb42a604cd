import { describe, expect, it } from "vitest";
import { createTtlCache } from "./ttl-cache.ts";

describe("createTtlCache", () => {
  it("expires entries, drops the keys a test picks and stays bounded", () => {
    let t = 0;
    const cache = createTtlCache<number>({ ttlMs: 30_000, maxEntries: 2, now: () => t });
    cache.set("a:1", 1);
    cache.set("b:1", 2);
    expect(cache.get("a:1")).toBe(1);
    t = 29_999;
    expect(cache.get("b:1")).toBe(2);
    t = 30_000;
    expect(cache.get("a:1")).toBeUndefined();
    cache.set("a:1", 3);
    cache.set("a:2", 4);
    cache.set("c:1", 5);
    expect(cache.get("a:1")).toBeUndefined();
    cache.deleteWhere((key) => key.startsWith("a:"));
    expect(cache.get("a:2")).toBeUndefined();
    expect(cache.get("c:1")).toBe(5);
  });
});

describe("TtlCache.load", () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    const promise = new Promise<T>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };

  it("shares one load between callers that miss together", async () => {
    const cache = createTtlCache<number>({ ttlMs: 5_000, now: () => 0 });
    const gate = deferred<number>();
    let loads = 0;
    const loader = () => {
      loads += 1;
      return gate.promise;
    };
    const all = Promise.all([
      cache.load("k", loader),
      cache.load("k", loader),
      cache.load("k", loader),
    ]);
    gate.resolve(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
    expect(cache.get("k")).toBe(7);
  });

  it("serves an ageing entry and refreshes it once in the background before it expires", async () => {
    let t = 0;
    const cache = createTtlCache<number>({ ttlMs: 5_000, now: () => t });
    let gate = deferred<number>();
    let loads = 0;
    const loader = () => {
      loads += 1;
      return gate.promise;
    };
    const first = cache.load("k", loader);
    gate.resolve(1);
    expect(await first).toBe(1);
    t = 3_999;
    expect(await cache.load("k", loader)).toBe(1);
    expect(loads).toBe(1);
    gate = deferred<number>();
    t = 4_500;
    // Still the old value while the one refresh runs, however many read it meanwhile.
    expect(await cache.load("k", loader)).toBe(1);
    expect(await cache.load("k", loader)).toBe(1);
    expect(loads).toBe(2);
    gate.resolve(2);
    await new Promise((r) => setImmediate(r));
    expect(cache.get("k")).toBe(2);
  });

  it("does not keep what a load returns after the cache was cleared during it", async () => {
    const cache = createTtlCache<string>({ ttlMs: 5_000, now: () => 0 });
    const gate = deferred<string>();
    const pending = cache.load("k", () => gate.promise);
    cache.clear();
    gate.resolve("stale");
    expect(await pending).toBe("stale");
    expect(cache.get("k")).toBeUndefined();
    expect(await cache.load("k", async () => "new")).toBe("new");
  });
});
