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
    expect(cache.loading("k")).toBe(true);
    gate.resolve(7);
    expect((await all).map((a) => a.source)).toEqual(["loaded", "shared", "shared"]);
    expect(loads).toBe(1);
    expect(cache.loading("k")).toBe(false);
    expect(await cache.load("k", loader)).toEqual({ value: 7, source: "cache" });
  });

  it("with refreshAhead, serves an ageing entry and reloads it once in the background", async () => {
    let t = 0;
    const cache = createTtlCache<number>({ ttlMs: 5_000, now: () => t, refreshAhead: true });
    let gate = deferred<number>();
    let loads = 0;
    const loader = () => {
      loads += 1;
      return gate.promise;
    };
    const first = cache.load("k", loader);
    gate.resolve(1);
    expect((await first).value).toBe(1);
    t = 3_999;
    expect((await cache.load("k", loader)).value).toBe(1);
    expect(loads).toBe(1);
    gate = deferred<number>();
    t = 4_500;
    // Still the old value while the one refresh runs, however many read it meanwhile.
    expect((await cache.load("k", loader)).value).toBe(1);
    expect((await cache.load("k", loader)).value).toBe(1);
    expect(loads).toBe(2);
    gate.resolve(2);
    await new Promise((r) => setImmediate(r));
    expect(cache.get("k")).toBe(2);
    expect(cache.age("k")).toBe(0);
  });

  it("does not reload ahead without refreshAhead", async () => {
    let t = 0;
    const cache = createTtlCache<number>({ ttlMs: 5_000, now: () => t });
    let loads = 0;
    const loader = async () => ++loads;
    await cache.load("k", loader);
    t = 4_900;
    expect(await cache.load("k", loader)).toEqual({ value: 1, source: "cache" });
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(1);
  });

  it("does not keep what a load returns when its key was dropped during it", async () => {
    const cache = createTtlCache<string>({ ttlMs: 5_000, now: () => 0 });
    const gate = deferred<string>();
    const other = deferred<string>();
    const pending = cache.load("a:1", () => gate.promise);
    const unrelated = cache.load("b:1", () => other.promise);
    cache.deleteWhere((key) => key.startsWith("a:"));
    gate.resolve("stale");
    other.resolve("kept");
    expect((await pending).value).toBe("stale");
    expect((await unrelated).value).toBe("kept");
    expect(cache.get("a:1")).toBeUndefined();
    expect(cache.get("b:1")).toBe("kept");
    cache.clear();
    expect((await cache.load("a:1", async () => "new")).value).toBe("new");
  });
});
