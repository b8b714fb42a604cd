import type { Company, SyncTrigger, TenantContext } from "../domain/entities.ts";
import { type Job, type JobQueue, jobNames } from "../domain/ports/jobs.ts";
import type { ReconcileRun } from "../features/appointments/reconcile-bookings.ts";
import type { ScheduledSyncResult } from "../features/sync/run-scheduled-sync.ts";
import type { SettleRound } from "../features/voice/settle-booking-attempts.ts";
import type { Logger } from "../platform/logger.ts";
import type { Notification, NotificationOutcome } from "../platform/notifier.ts";
import { type BookingSettler, createBookingSettler, settleRoundJob } from "./booking-settler.ts";
import { deterministicJobId } from "./queues.ts";
import { reconcileMaxParallel } from "./scheduler.ts";

/** A `team-sync` job: the daily sync of an occurrence, or a targeted sync (webhook, admin). */
export interface TeamSyncJobData {
  companyId: string;
  kind: "daily" | "targeted";
  trigger: SyncTrigger;
  /** The occurrence a daily sync stands for. */
  dueAt?: string;
}

export interface CompanyJobData {
  companyId: string;
  trigger?: "schedule" | "admin";
  dueAt?: string;
}

/** A `notify` job carries one channel (one email, or one webhook), so a retry resends only it. */
export interface NotifyJobData {
  notification: Notification;
}

export interface JobHandlerDeps {
  findCompany: (companyId: string) => Promise<Company | null>;
  runScheduledSync: (
    ctx: TenantContext,
    options: { jobId: string },
  ) => Promise<ScheduledSyncResult>;
  syncServiceHosts: (
    ctx: TenantContext,
    input: { trigger: SyncTrigger; jobId: string },
  ) => Promise<{ run: { id: string | null; status: string }; error: string | null }>;
  reconcileBookings: (
    ctx: TenantContext,
    input: { trigger: "schedule" | "admin"; jobId: string },
  ) => Promise<ReconcileRun>;
  purge: (ctx: TenantContext) => Promise<unknown>;
  settle: () => Promise<SettleRound>;
  /** The notifier's send: reports each channel's outcome and never throws. */
  send: (notification: Notification) => Promise<NotificationOutcome | undefined>;
  /** Which instance ran a job, in its log lines (a dead instance's job is run by another). */
  instanceId: string;
  logger: Pick<Logger, "debug" | "info" | "warn" | "error">;
}

/** Team syncs one process runs at once (different companies: a company's never overlap). */
const syncConcurrency = 2;

/** Registers the handler of every queue (before the queue starts). */
export function registerJobHandlers(jobs: JobQueue, deps: JobHandlerDeps): void {
  const { logger } = deps;

  /** Loads the job's company (gone: nothing to do) and logs who ran it and how it ended. */
  const forCompany =
    <T extends { companyId: string }>(
      run: (ctx: TenantContext, job: Job<T>) => Promise<Record<string, unknown>>,
    ) =>
    async (job: Job<T>) => {
      const context = {
        queue: job.name,
        jobId: job.id,
        companyId: job.data.companyId,
        retryCount: job.retryCount,
        instanceId: deps.instanceId,
      };
      const company = await deps.findCompany(job.data.companyId);
      if (!company) {
        logger.warn(context, "job for a company that no longer exists; dropped");
        return { dropped: true };
      }
      const started = Date.now();
      logger.info(context, "job started");
      const outcome = await run({ company, actor: { type: "scheduler" } }, job);
      logger.info({ ...context, ...outcome, durationMs: Date.now() - started }, "job finished");
      return outcome;
    };

  jobs.work<TeamSyncJobData>(
    jobNames.teamSync,
    forCompany(async (ctx, job) => {
      if (ctx.company.calcom.teamId === null) return { skipped: "no Cal.com team id" };
      if (job.data.kind === "daily") {
        const result = await deps.runScheduledSync(ctx, { jobId: job.id });
        return { status: result.status, runId: result.runId, notified: result.notified };
      }
      const result = await deps.syncServiceHosts(
        {
          company: ctx.company,
          actor: { type: job.data.trigger === "admin" ? "scheduler" : "webhook" },
        },
        { trigger: job.data.trigger, jobId: job.id },
      );
      return { status: result.run.status, runId: result.run.id, error: result.error };
    }),
    { concurrency: syncConcurrency },
  );

  jobs.work<CompanyJobData>(
    jobNames.reconcile,
    forCompany(async (ctx, job) => {
      if (ctx.company.calcom.teamId === null) return { skipped: "no Cal.com team id" };
      const run = await deps.reconcileBookings(ctx, {
        trigger: job.data.trigger ?? "schedule",
        jobId: job.id,
      });
      if (run.status === "failed")
        logger.error({ companyId: ctx.company.id, error: run.error }, "reconciliation failed");
      return { status: run.status, runId: run.runId };
    }),
    { concurrency: reconcileMaxParallel },
  );

  jobs.work<CompanyJobData>(
    jobNames.purge,
    forCompany(async (ctx) => {
      await deps.purge(ctx);
      return { status: "succeeded" };
    }),
    { concurrency: syncConcurrency },
  );

  jobs.work(jobNames.settleBookings, settleRoundJob({ settle: deps.settle, logger }));

  jobs.work<NotifyJobData>(
    jobNames.notify,
    async (job) => {
      const outcome = await deps.send(job.data.notification);
      const failed =
        outcome !== undefined &&
        (outcome.email === "failed" || outcome.webhooks.some((w) => w === "failed"));
      // Thrown, so the queue retries it with backoff; the notifier has logged the reason.
      if (failed) {
        throw new Error(
          `notification "${job.data.notification.subject}" not delivered (attempt ${job.retryCount + 1})`,
        );
      }
      return outcome;
    },
    { concurrency: 4 },
  );
}

/** Queues a company's occurrence of a scheduled job, under an id of (company, job, occurrence). */
export function enqueueOccurrence(
  jobs: Pick<JobQueue, "enqueue">,
  job: "daily_sync" | "reconcile_bookings" | "purge_expired",
  company: Company,
  dueAt: string,
): Promise<string | null> {
  const options = { id: deterministicJobId(company.id, job, dueAt), singletonKey: company.id };
  if (job === "daily_sync") {
    const data: TeamSyncJobData = {
      companyId: company.id,
      kind: "daily",
      trigger: "schedule",
      dueAt,
    };
    return jobs.enqueue(jobNames.teamSync, data, options);
  }
  const data: CompanyJobData = { companyId: company.id, trigger: "schedule", dueAt };
  return jobs.enqueue(
    job === "reconcile_bookings" ? jobNames.reconcile : jobNames.purge,
    data,
    options,
  );
}

/**
 * The scheduled sync's failure notice as jobs: one per channel, each retried with backoff until
 * delivered, so a channel that worked is never sent twice.
 */
export async function enqueueNotification(
  jobs: Pick<JobQueue, "enqueue">,
  notification: Notification,
): Promise<void> {
  const channels: Notification[] = [
    ...(notification.emailTo.length > 0 ? [{ ...notification, webhookUrls: [] }] : []),
    ...notification.webhookUrls.map((url) => ({
      ...notification,
      emailTo: [],
      webhookUrls: [url],
    })),
  ];
  for (const channel of channels) {
    const data: NotifyJobData = { notification: channel };
    await jobs.enqueue(jobNames.notify, data);
  }
}

/** The booking settler of `serve`: queues one round per interval, the queue runs it. */
export function createSettlerTicker(
  jobs: Pick<JobQueue, "enqueue">,
  options: { intervalMs: number; logger: Pick<Logger, "debug" | "info" | "error"> },
): BookingSettler {
  return createBookingSettler({
    intervalMs: options.intervalMs,
    logger: options.logger,
    enqueueRound: (slot) =>
      jobs.enqueue(
        jobNames.settleBookings,
        { slot },
        {
          id: deterministicJobId("settle-bookings", String(slot)),
          singletonKey: "settle-bookings",
        },
      ),
  });
}
