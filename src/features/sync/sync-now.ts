import type { SyncTrigger, TenantContext } from "../../domain/entities.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { SyncServiceHostsResult } from "./sync-service-hosts.ts";

export interface SyncNowOutcome {
  status: "succeeded" | "failed" | "partial";
  error: string | null;
  totals: SyncServiceHostsResult["totals"] | null;
  finishedAt: string;
}

export interface SyncNowState {
  running: boolean;
  /** The last "Sync now" of this company started from this server, once it finished. */
  last: SyncNowOutcome | null;
}

/**
 * "Sync now" in the console: team sync and host matching in the background, so the request
 * returns at once and the page hears of the progress through the change feed. The sync_run rows are the progress every instance sees;
 * this keeps only what one server started, so a double click does not start a second run.
 */
export function makeSyncNow(deps: {
  syncServiceHosts: (
    ctx: TenantContext,
    input: { trigger: SyncTrigger },
  ) => Promise<SyncServiceHostsResult>;
  onError: (error: unknown, companyId: string) => void;
  changes: Pick<ChangeFeed, "publish">;
}) {
  const running = new Set<string>();
  const last = new Map<string, SyncNowOutcome>();
  return {
    start(ctx: TenantContext): { started: boolean } {
      const companyId = ctx.company.id;
      if (running.has(companyId)) return { started: false };
      running.add(companyId);
      deps
        .syncServiceHosts(ctx, { trigger: "admin" })
        .then(
          (result): SyncNowOutcome => ({
            status: result.run.status,
            error: result.error,
            totals: result.run.status === "succeeded" ? result.totals : null,
            finishedAt: new Date().toISOString(),
          }),
          (error: unknown): SyncNowOutcome => {
            deps.onError(error, companyId);
            return {
              status: "failed",
              error: (error as Error)?.message ?? String(error),
              totals: null,
              finishedAt: new Date().toISOString(),
            };
          },
        )
        .then((outcome) => {
          last.set(companyId, outcome);
          running.delete(companyId);
          // The run's own events came before this state did: the page's last fetch sees it.
          deps.changes.publish(companyId, "syncs");
        });
      return { started: true };
    },
    state(companyId: string): SyncNowState {
      return { running: running.has(companyId), last: last.get(companyId) ?? null };
    },
  };
}
