import PgBoss from "pg-boss";
import type {
  EnqueueOptions,
  JobHandler,
  JobName,
  JobQueue,
  QueueSettings,
  WorkOptions,
} from "../domain/ports/jobs.ts";
import type { Logger } from "../platform/logger.ts";

export interface PgBossTimings {
  /** JOB_MAINTENANCE_SECONDS: how often expired jobs are failed over to retry (and old ones archived). */
  maintenanceIntervalSeconds: number;
  /** JOB_POLL_SECONDS: how often an idle worker asks for a job. */
  pollingIntervalSeconds: number;
}

const createQueueAttempts = 8;

/** pg-boss keeps its tables in this schema of the application's database, and migrates it itself. */
export const pgBossSchema = "pgboss";

/**
 * The job queue shared by every instance on one PostgreSQL database (pg-boss 10). A job is taken
 * by one worker (`FOR UPDATE SKIP LOCKED`); a job whose instance died stays active until its
 * expiry, then maintenance (on any instance) moves it to retry and another instance runs it.
 */
export function createPgBossQueue(options: {
  connectionString: string;
  queues: Record<JobName, QueueSettings>;
  timings: PgBossTimings;
  logger: Pick<Logger, "warn" | "error">;
}): JobQueue {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: pgBossSchema,
    application_name: "frontdesk-jobs",
    max: 4,
    // Occurrences come from our own per-time-zone cron evaluation (jobs/scheduler.ts).
    schedule: false,
    maintenanceIntervalSeconds: options.timings.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: Math.max(options.timings.maintenanceIntervalSeconds, 60),
  });
  boss.on("error", (error) => options.logger.error({ err: error }, "pg-boss error"));
  const workers: { name: JobName; handler: JobHandler<object>; concurrency: number }[] = [];
  let state: "created" | "starting" | "started" | "stopped" = "created";
  let starting: Promise<void> | null = null;

  function settingsOf(name: JobName): QueueSettings {
    const settings = options.queues[name];
    if (!settings) throw new Error(`job queue "${name}" does not exist`);
    return settings;
  }

  function queueOptions(settings: QueueSettings) {
    return {
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: settings.retryBackoff,
      expireInSeconds: settings.expireInSeconds,
    };
  }

  /**
   * Instances starting together create the same queues at once, and pg-boss's queue creation
   * (a partition table each) can then deadlock or collide: the loser looks again and retries.
   */
  async function createQueueOnce(name: JobName, settings: QueueSettings): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await boss.getQueue(name)) return;
      try {
        await boss.createQueue(name, { name, policy: settings.policy, ...queueOptions(settings) });
        return;
      } catch (error) {
        if (attempt >= createQueueAttempts) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
      }
    }
  }

  async function attach(worker: (typeof workers)[number]): Promise<void> {
    for (let i = 0; i < worker.concurrency; i++) {
      await boss.work<object>(
        worker.name,
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: options.timings.pollingIntervalSeconds,
        },
        async ([job]) => {
          if (!job) return;
          const { id, data, retryCount } = job;
          return worker.handler({ id, name: worker.name, data, retryCount });
        },
      );
    }
  }

  return {
    engine: "pg-boss",
    async enqueue(name, data, enqueueOptions: EnqueueOptions = {}) {
      if (state !== "started") {
        throw new Error(`the job queue is not started; "${name}" cannot be queued`);
      }
      const settings = settingsOf(name);
      return boss.send(name, data, {
        ...queueOptions(settings),
        ...(enqueueOptions.singletonKey ? { singletonKey: enqueueOptions.singletonKey } : {}),
        ...(enqueueOptions.id ? { id: enqueueOptions.id } : {}),
        ...(enqueueOptions.retryLimit !== undefined
          ? { retryLimit: enqueueOptions.retryLimit }
          : {}),
      });
    },
    work(name, handler, workOptions: WorkOptions = {}) {
      settingsOf(name);
      const worker = {
        name,
        handler: handler as JobHandler<object>,
        concurrency: workOptions.concurrency ?? 1,
      };
      workers.push(worker);
      if (state === "started") {
        attach(worker).catch((error: unknown) =>
          options.logger.error({ queue: name, err: error }, "job worker failed to start"),
        );
      }
    },
    start() {
      starting ??= (async () => {
        state = "starting";
        await boss.start();
        for (const [name, settings] of Object.entries(options.queues) as [
          JobName,
          QueueSettings,
        ][]) {
          // Created once by whichever instance comes first; later settings apply per job (send).
          await createQueueOnce(name, settings);
        }
        state = "started";
        for (const worker of workers) await attach(worker);
      })();
      return starting;
    },
    async stop() {
      if (state === "stopped") return;
      const wasStarting = starting;
      state = "stopped";
      if (!wasStarting) return;
      await wasStarting.catch(() => undefined);
      // Running jobs finish first (a sync within its expiry); what is left is failed, so retried.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
