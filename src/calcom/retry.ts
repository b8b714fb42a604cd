export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Wall time for the whole call: attempts, backoff and rate-limit waits. */
  totalBudgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
}

export const retryPolicies = {
  /** Background sync: nobody waits on the line, so ride out short outages and a throttle window. */
  sync: {
    retries: 4,
    totalBudgetMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    attemptTimeoutMs: 10_000,
  },
  /** A caller is waiting on the phone: one quick retry, never more than 3 s in all. */
  voice: {
    retries: 1,
    totalBudgetMs: 3_000,
    baseDelayMs: 100,
    maxDelayMs: 250,
    attemptTimeoutMs: 1_500,
  },
} as const satisfies Record<string, RetryPolicy>;

/** Exponential backoff with full jitter; `retry` counts from 1. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The least budget worth starting another attempt with: a retry that could only run for a few
 * milliseconds would fail anyway and just add load.
 */
export function minAttemptMs(policy: RetryPolicy): number {
  return Math.min(250, policy.attemptTimeoutMs);
}
