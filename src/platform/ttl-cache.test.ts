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
