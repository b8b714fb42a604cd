import { createHash } from "node:crypto";
import { type JobName, jobNames, type QueueSettings } from "../domain/ports/jobs.ts";

export interface QueueTimings {
  /** JOB_EXPIRE_SECONDS: how long a sync or reconciliation may run before it is taken over. */
  expireInSeconds: number;
}

/**
 * Each queue's policy and retries. A company's syncs, reconciliations and purges run one at a
 * time (stately, keyed by the company); a notification is retried with backoff for four to eight
 * minutes (1, 2, 4 … 256 s, with jitter); a settler round is never retried (the next one comes).
 */
export function queueSettings(timings: QueueTimings): Record<JobName, QueueSettings> {
  const perCompany = {
    policy: "stately",
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: timings.expireInSeconds,
  } as const;
  return {
    [jobNames.teamSync]: perCompany,
    [jobNames.reconcile]: perCompany,
    [jobNames.purge]: perCompany,
    [jobNames.settleBookings]: {
      policy: "stately",
      retryLimit: 0,
      retryDelaySeconds: 0,
      retryBackoff: false,
      expireInSeconds: timings.expireInSeconds,
    },
    [jobNames.notify]: {
      policy: "standard",
      retryLimit: 8,
      retryDelaySeconds: 1,
      retryBackoff: true,
      expireInSeconds: 60,
    },
  };
}

/**
 * The wait before retry n+1 (after `retryCount` retries), as pg-boss computes it: the delay, or
 * with backoff between delay·2^n and delay·2^(n+1).
 */
export function retryDelayMs(settings: QueueSettings, retryCount: number): number {
  const base = settings.retryDelaySeconds * 1000;
  if (!settings.retryBackoff) return base;
  const step = (base * 2 ** Math.min(16, retryCount + 1)) / 2;
  return step + step * Math.random();
}

/**
 * A UUID that depends only on its parts (company, job, occurrence), so that every instance
 * ticking the same occurrence queues the same job, which runs once.
 */
export function deterministicJobId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // Shaped as a version-5 (name-based) UUID: pg-boss stores ids as uuid.
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
