import type { TenantContext } from "../../domain/entities.ts";
import { type Clock, systemClock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Notification } from "../../platform/notifier.ts";
import { syncFailureNotice } from "./sync-failure-notice.ts";

/** What the scheduled sync needs to know of a sync's outcome. */
export interface SyncOutcome {
  status: "succeeded" | "failed" | "partial" | "skipped";
  error?: string | null;
  runId?: string | null;
}

export interface ScheduledSyncResult {
  status: SyncOutcome["status"];
  error: string | null;
  runId: string | null;
  /** A failure notification was handed to the notifier (which reports each channel itself). */
  notified: boolean;
}

export interface RunScheduledSyncDeps {
  sync: (
    ctx: TenantContext,
    input: { trigger: "schedule"; jobId?: string },
  ) => Promise<SyncOutcome>;
  /** ISO time of the company's last successful sync, null when there was none. */
  lastSuccess: (companyId: string) => Promise<string | null>;
  notify: (n: Notification) => Promise<unknown>;
  /** The platform operator's address(es), comma-separated, besides the company's own. */
  notifyEmailTo: string | null;
  notifyWebhookUrl: string | null;
  consoleUrl: (companyId: string) => string;
  logger: Pick<Logger, "info" | "warn" | "error">;
  clock?: Clock;
}

/**
 * The daily sync of one company, as the scheduler runs it: sync, and when the sync failed (or
 * was incomplete), tell the company and the operator once. The previous data stays as it was
 * (the sync guarantees that); a notification problem is logged and never changes the result.
 */
export function makeRunScheduledSync(deps: RunScheduledSyncDeps) {
  const clock = deps.clock ?? systemClock;

  /** `jobId`: the job of the occurrence (its retry continues the same sync run). */
  return async (ctx: TenantContext, job: { jobId?: string } = {}): Promise<ScheduledSyncResult> => {
    const { company } = ctx;
    let outcome: SyncOutcome;
    try {
      outcome = await deps.sync(ctx, { trigger: "schedule", jobId: job.jobId });
    } catch (error) {
      // A sync that throws (bad settings, database trouble) has failed just the same.
      outcome = { status: "failed", error: (error as Error)?.message ?? String(error) };
    }
    const { status } = outcome;
    const result = {
      status,
      error: outcome.error ?? null,
      runId: outcome.runId ?? null,
      notified: false,
    };
    if (status !== "failed" && status !== "partial") return result;

    deps.logger.warn(
      { companyId: company.id, runId: result.runId, status, error: result.error },
      "scheduled sync did not succeed",
    );
    const emailTo = unique([company.notifyEmail, deps.notifyEmailTo].flatMap(splitAddresses), (a) =>
      a.toLowerCase(),
    );
    const webhookUrls = unique(
      [company.notifyWebhookUrl, deps.notifyWebhookUrl].flatMap((u) => u?.trim() || []),
      (u) => u,
    );
    if (emailTo.length === 0 && webhookUrls.length === 0) {
      deps.logger.warn({ companyId: company.id }, "no notification target for a failed sync");
      return result;
    }

    try {
      const lastSuccessAt = await deps.lastSuccess(company.id).catch((error: unknown) => {
        deps.logger.warn({ companyId: company.id, err: error }, "last successful sync unknown");
        return null;
      });
      const consoleUrl = deps.consoleUrl(company.id);
      const message = syncFailureNotice({
        company,
        status,
        error: result.error,
        runId: result.runId,
        lastSuccessAt,
        consoleUrl,
      });
      await deps.notify({
        emailTo,
        webhookUrls,
        ...message,
        json: {
          event: "sync_failed",
          status,
          company: { id: company.id, name: company.name, slug: company.slug },
          error: result.error,
          runId: result.runId,
          lastSuccessAt,
          consoleUrl,
          at: clock.now().toISOString(),
        },
      });
      return { ...result, notified: true };
    } catch (error) {
      deps.logger.error({ companyId: company.id, err: error }, "sync failure notification failed");
      return result;
    }
  };
}

function splitAddresses(list: string | null): string[] {
  return (list ?? "")
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

function unique(values: string[], key: (v: string) => string): string[] {
  const byKey = new Map<string, string>();
  for (const value of values) if (!byKey.has(key(value))) byKey.set(key(value), value);
  return [...byKey.values()];
}
