import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, retryPolicies } from "./retry.ts";

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
  it("gives a waiting caller one retry within 3 s", () => {
    expect(retryPolicies.voice.retries).toBe(1);
    expect(retryPolicies.voice.totalBudgetMs).toBeLessThanOrEqual(3000);
    expect(retryPolicies.sync.retries).toBe(4);
    expect(retryPolicies.sync.attemptTimeoutMs).toBe(10_000);
  });
});
