export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Wall time for the whole call: attempts, backoff and rate-limit waits. */
  totalBudgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
  /**
   * The least time an attempt is started with (default: 250 ms, or the attempt timeout if
   * shorter). Rate-limit waits end early enough to leave it.
   */
  minAttemptMs?: number;
}

/*
 * Real Cal.com answers a team's slots in 0.5–3 s and a booking in 1–5 s (median 1.2 s, p95 4 s):
 * the voice budgets are set for that, not for a fast test double. The Retell tool timeouts
 * (voice-functions/define-function.ts) sit above the longest function these allow.
 */
export const retryPolicies = {
  /** Background sync: nobody waits on the line, so ride out short outages and a throttle window. */
  sync: {
    retries: 4,
    totalBudgetMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    attemptTimeoutMs: 10_000,
  },
  /**
   * Reads while a caller waits (slots, a booking, a look-up): 4 s covers a slow slots answer,
   * one quick retry if time is left, never more than 6 s in all.
   */
  voice: {
    retries: 1,
    totalBudgetMs: 6_000,
    baseDelayMs: 100,
    maxDelayMs: 250,
    attemptTimeoutMs: 4_000,
  },
  /**
   * Bookings, cancellations and reschedules while a caller waits: sent once (a second send could
   * book twice), never cut off before 8 s, at most 10 s with a rate-limit wait. A write whose
   * answer does not come in that time is looked up afterwards, not repeated.
   */
  voiceWrite: {
    retries: 0,
    totalBudgetMs: 10_000,
    baseDelayMs: 0,
    maxDelayMs: 0,
    attemptTimeoutMs: 9_000,
    minAttemptMs: 8_000,
  },
  /** Looking up a booking whose answer was lost, in the background: patient, but bounded. */
  settle: {
    retries: 1,
    totalBudgetMs: 15_000,
    baseDelayMs: 500,
    maxDelayMs: 2_000,
    attemptTimeoutMs: 8_000,
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
  return Math.min(policy.minAttemptMs ?? 250, policy.attemptTimeoutMs);
}
