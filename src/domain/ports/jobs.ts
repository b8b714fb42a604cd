/**
 * Background work as durable jobs: pg-boss on PostgreSQL (shared by every instance), an
 * in-process queue on SQLite (one instance). Both give the same guarantees, described in
 * docs/jobs.md.
 */

/** Every queue. Sync jobs (daily and targeted) share one queue, so they never overlap. */
export const jobNames = {
  teamSync: "team-sync",
  reconcile: "reconcile-bookings",
  settleBookings: "settle-bookings",
  notify: "notify",
  purge: "purge-expired",
} as const;
export type JobName = (typeof jobNames)[keyof typeof jobNames];

/**
 * - `standard`: every job runs, several at once;
 * - `stately`: per singleton key at most one job queued and one running (a company's syncs
 *   never overlap, and a burst of requests collapses into one queued job).
 */
export type QueuePolicy = "standard" | "stately";

export interface QueueSettings {
  policy: QueuePolicy;
  /** Attempts after the first when the handler throws or the job expires. */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelaySeconds: number;
  /** Each retry waits about twice as long as the one before (with jitter). */
  retryBackoff: boolean;
  /**
   * A running job not finished after this long counts as failed (and is retried): this is how
   * the job of an instance that died is taken over by another.
   */
  expireInSeconds: number;
}

export interface EnqueueOptions {
  /** The key a `stately` queue keeps to one queued and one running job (the company id). */
  singletonKey?: string;
  /** A UUID; a second job with the same id is not queued (an occurrence enqueued by N instances). */
  id?: string;
  /** Overrides the queue's retry limit for this job. */
  retryLimit?: number;
}

export interface Job<T> {
  id: string;
  name: JobName;
  data: T;
  /** 0 on the first attempt, 1 on the first retry … */
  retryCount: number;
}

export interface WorkOptions {
  /** Jobs of this queue this process runs at once (default 1). */
  concurrency?: number;
}

export type JobHandler<T> = (job: Job<T>) => Promise<unknown>;

export interface JobQueue {
  readonly engine: "pg-boss" | "in-process";
  /** The job's id, or null when it was not queued (same id seen, or its key already queued). */
  enqueue<T extends object>(
    name: JobName,
    data: T,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /** Registers the handler of a queue; workers run once the queue has started. */
  work<T extends object>(name: JobName, handler: JobHandler<T>, options?: WorkOptions): void;
  /** Creates the queues (pg-boss: migrates its schema) and starts the registered workers. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones (a sync finishes before the database closes). */
  stop(): Promise<void>;
}
