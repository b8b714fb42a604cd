import { randomUUID } from "node:crypto";
import type {
  EnqueueOptions,
  Job,
  JobHandler,
  JobName,
  JobQueue,
  QueueSettings,
  WorkOptions,
} from "../domain/ports/jobs.ts";
import type { Logger } from "../platform/logger.ts";
import { retryDelayMs } from "./queues.ts";

interface Queued {
  job: Job<object>;
  key: string | null;
  retryLimit: number;
  /** ms since the epoch; a retry waits until then. */
  startAfter: number;
}

interface Worker {
  handler: JobHandler<object>;
  concurrency: number;
}

/** An id is remembered this long, as pg-boss keeps a finished job (12 h) and more. */
const rememberIdsMs = 24 * 60 * 60_000;

export interface InProcessQueue extends JobQueue {
  /** Resolves once nothing is queued, waiting for a retry or running (tests). */
  idle(): Promise<void>;
}

/**
 * The job queue of a single instance (SQLite): the same rules as the pg-boss queue — one queued
 * and one running job per singleton key on a stately queue, ids seen once, retries with
 * exponential backoff, a job failing when it runs past its expiry — held in memory. Jobs
 * queued when the process ends are lost; the next occurrence queues them again.
 */
export function createInProcessQueue(options: {
  queues: Record<JobName, QueueSettings>;
  logger: Pick<Logger, "warn" | "error">;
  now?: () => number;
}): InProcessQueue {
  const now = options.now ?? Date.now;
  const { logger } = options;
  const waiting = new Map<JobName, Queued[]>();
  const running = new Map<JobName, Map<string, { key: string | null; done: Promise<void> }>>();
  const workers = new Map<JobName, Worker>();
  const seenIds = new Map<string, number>();
  let wake: { at: number; timer: NodeJS.Timeout } | null = null;
  let idleWaiters: (() => void)[] = [];
  let state: "created" | "started" | "stopped" = "created";

  function settingsOf(name: JobName): QueueSettings {
    const settings = options.queues[name];
    if (!settings) throw new Error(`job queue "${name}" does not exist`);
    return settings;
  }

  function runningOf(name: JobName) {
    let map = running.get(name);
    if (!map) {
      map = new Map();
      running.set(name, map);
    }
    return map;
  }

  function remember(id: string): boolean {
    const at = now();
    for (const [seen, when] of seenIds) {
      if (at - when < rememberIdsMs) break;
      seenIds.delete(seen);
    }
    if (seenIds.has(id)) return false;
    seenIds.set(id, at);
    return true;
  }

  /** One timer, for the earliest retry due (a timer may fire a little early: then it is set again). */
  function wakeAt(atMs: number): void {
    if (wake && wake.at <= atMs) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(
      () => {
        wake = null;
        pump();
      },
      Math.max(1, atMs - now() + 1),
    );
    wake = { at: atMs, timer };
  }

  function pump(): void {
    if (state !== "started") return;
    for (const [name, list] of waiting) {
      const worker = workers.get(name);
      if (!worker) continue;
      const active = runningOf(name);
      const stately = settingsOf(name).policy === "stately";
      const activeKeys = new Set([...active.values()].map((r) => r.key));
      for (const queued of [...list]) {
        if (active.size >= worker.concurrency) break;
        if (queued.startAfter > now()) {
          wakeAt(queued.startAfter);
          continue;
        }
        if (stately && queued.key !== null && activeKeys.has(queued.key)) continue;
        list.splice(list.indexOf(queued), 1);
        activeKeys.add(queued.key);
        const done = execute(name, worker, queued).finally(() => {
          active.delete(queued.job.id);
          pump();
        });
        active.set(queued.job.id, { key: queued.key, done });
      }
    }
    notifyIfIdle();
  }

  async function execute(name: JobName, worker: Worker, queued: Queued): Promise<void> {
    const settings = settingsOf(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        worker.handler(queued.job),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`job expired after ${settings.expireInSeconds} s`)),
            settings.expireInSeconds * 1000,
          );
        }),
      ]);
    } catch (error) {
      const { retryCount } = queued.job;
      if (retryCount < queued.retryLimit && state === "started") {
        const delay = retryDelayMs(settings, retryCount);
        logger.warn(
          { queue: name, jobId: queued.job.id, retryCount, retryInMs: delay, err: error },
          "job failed; retrying",
        );
        const retry: Queued = {
          ...queued,
          job: { ...queued.job, retryCount: retryCount + 1 },
          startAfter: now() + delay,
        };
        waitingOf(name).push(retry);
        wakeAt(retry.startAfter);
      } else {
        logger.error({ queue: name, jobId: queued.job.id, retryCount, err: error }, "job failed");
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function waitingOf(name: JobName): Queued[] {
    let list = waiting.get(name);
    if (!list) {
      list = [];
      waiting.set(name, list);
    }
    return list;
  }

  function busy(): boolean {
    for (const list of waiting.values()) if (list.some((q) => workers.has(q.job.name))) return true;
    for (const map of running.values()) if (map.size > 0) return true;
    return false;
  }

  function notifyIfIdle(): void {
    if (busy() && state === "started") return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  return {
    engine: "in-process",
    async enqueue(name, data, enqueueOptions: EnqueueOptions = {}) {
      const settings = settingsOf(name);
      if (state === "stopped") throw new Error(`job queue stopped; "${name}" not queued`);
      const key = enqueueOptions.singletonKey ?? null;
      if (
        settings.policy === "stately" &&
        key !== null &&
        waitingOf(name).some((q) => q.key === key && q.job.retryCount === 0)
      ) {
        return null;
      }
      const id = enqueueOptions.id ?? randomUUID();
      if (!remember(id)) return null;
      waitingOf(name).push({
        job: { id, name, data, retryCount: 0 },
        key,
        retryLimit: enqueueOptions.retryLimit ?? settings.retryLimit,
        startAfter: now(),
      });
      queueMicrotask(pump);
      return id;
    },
    work(name, handler, workOptions: WorkOptions = {}) {
      settingsOf(name);
      if (workers.has(name)) throw new Error(`job queue "${name}" already has a worker`);
      workers.set(name, {
        handler: handler as JobHandler<object>,
        concurrency: workOptions.concurrency ?? 1,
      });
      queueMicrotask(pump);
    },
    async start() {
      if (state !== "created") return;
      state = "started";
      pump();
    },
    async stop() {
      state = "stopped";
      if (wake) clearTimeout(wake.timer);
      wake = null;
      await Promise.all(
        [...running.values()].flatMap((map) => [...map.values()].map((r) => r.done)),
      );
      notifyIfIdle();
    },
    idle() {
      if (!busy() || state !== "started") return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
