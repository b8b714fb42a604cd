import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, minAttemptMs, retryPolicies } from "./retry.ts";

describe("backoffDelay", () => {
  it("stays between 0 and the capped exponential ceiling", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (retry, r) => {
          const policy = retryPolicies.sync;
          const delay = backoffDelay(policy, retry, () => r);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
          return delay >= 0 && delay <= ceiling;
        },
      ),
    );
  });

  it("doubles the ceiling per retry", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(retryPolicies.sync, n, top))).toEqual([
      499, 999, 1999, 3999, 7999, 7999,
    ]);
  });
});

describe("retryPolicies", () => {
  it("gives a waiting caller's reads one retry within 6 s, a slow slots answer (3 s) included", () => {
    expect(retryPolicies.voice.retries).toBe(1);
    expect(retryPolicies.voice.attemptTimeoutMs).toBeGreaterThanOrEqual(3_500);
    expect(retryPolicies.voice.totalBudgetMs).toBeLessThanOrEqual(6_000);
    expect(retryPolicies.sync.retries).toBe(4);
    expect(retryPolicies.sync.attemptTimeoutMs).toBe(10_000);
  });

  it("sends a caller's booking once and never cuts it off before 8 s, rate-limit wait included", () => {
    const write = retryPolicies.voiceWrite;
    expect(write.retries).toBe(0);
    expect(minAttemptMs(write)).toBeGreaterThanOrEqual(8_000);
    expect(write.attemptTimeoutMs).toBeGreaterThanOrEqual(8_000);
    // The client waits for the rate limiter at most totalBudget − minAttempt, so every attempt
    // starts with at least minAttempt left.
    expect(write.totalBudgetMs).toBeLessThanOrEqual(10_000);
    expect(minAttemptMs(retryPolicies.voice)).toBe(250);
  });
});
