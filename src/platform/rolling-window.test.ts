import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rolling-window.ts";

describe("RateLimiter (rolling 60 s window)", () => {
  it("admits the limit per caller, refuses the next without counting it, and says when to retry", () => {
    const limiter = new RateLimiter(3);
    expect(limiter.hit("a", 0)).toMatchObject({ allowed: true, remaining: 2 });
    expect(limiter.hit("a", 10_000)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit("a", 20_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit("a", 30_000)).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 30,
    });
    expect(limiter.hit("b", 30_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("frees one place as each counted request leaves the window", () => {
    const limiter = new RateLimiter(2);
    limiter.hit("a", 0);
    limiter.hit("a", 30_000);
    expect(limiter.hit("a", 59_999).allowed).toBe(false);
    // The refused request at 59.999 s was not counted: only the one at 0 s has left.
    expect(limiter.hit("a", 60_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit("a", 89_999).allowed).toBe(false);
    expect(limiter.hit("a", 90_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit("a", 200_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("keeps a high limit's many requests exactly", () => {
    const limiter = new RateLimiter(50_000);
    let admitted = 0;
    for (let i = 0; i < 50_000; i++) if (limiter.hit("a", i).allowed) admitted++;
    expect(admitted).toBe(50_000);
    expect(limiter.hit("a", 50_000).allowed).toBe(false);
    // At 60.5 s the first 501 (0…500 ms) have left the window.
    expect(limiter.hit("a", 60_500)).toMatchObject({ allowed: true, remaining: 500 });
  });
});
