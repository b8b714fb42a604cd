import { calcomFailureOf } from "../../domain/calcom-failure.ts";
import type { MirrorChanges, SyncRun, SyncTrigger, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { CalcomTeamReader } from "../../domain/ports/calcom.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";

export type SyncTeamResult =
  | { status: "succeeded"; run: SyncRun; changes: MirrorChanges }
  | { status: "failed"; run: SyncRun; error: string }
  /** Another sync of this company holds the lock (this process or another instance). */
  | { status: "skipped"; run: null; reason: string };

/**
 * Longer than any sync takes; a crashed holder's lease simply runs out. Jobs of one company never
 * overlap anyway (the job queue); the lease keeps a sync outside a job (CLI, console, the
 * reconciliation's own) from overlapping one in a job.
 */
const leaseMs = 15 * 60_000;

/**
 * Mirrors the company's Cal.com team (event types, their hosts, members) into the database.
 * The snapshot is read first and written in one transaction, so a failed read or write leaves
 * the previous mirror as it was; the sync_run row records the outcome either way.
 */
export function makeSyncTeam(deps: {
  store: Pick<Store, "transaction" | "syncRuns" | "locks">;
  calcom: CalcomTeamReader;
  clock: Clock;
  newId: IdGenerator;
  /** Open console pages hear of the run and of the hosts it changed (the catalogue passes it). */
  changes?: Pick<ChangeFeed, "publish">;
  /**
   * After a successful run: Cal.com webhooks for services linked since the last one. Best
   * effort, it never throws (the catalogue logs its failures).
   */
  installNewWebhooks?: (ctx: TenantContext) => Promise<void>;
}) {
  return async (
    ctx: TenantContext,
    /** `jobId`: the job it runs in; its retry takes over the lease and continues the run row. */
    input: { trigger: SyncTrigger; jobId?: string },
  ): Promise<SyncTeamResult> => {
    const { company } = ctx;
    if (company.calcom.teamId === null) {
      throw new ValidationError(
        `${company.name} has no Cal.com team id; set it before syncing (company setting calcom team id)`,
        [{ where: "calcomTeamId", message: "is not set" }],
      );
    }

    const holder = input.jobId ?? deps.newId();
    const now = deps.clock.now();
    const acquired = await deps.store.locks.tryAcquire(
      company.id,
      "team_sync",
      holder,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    );
    if (!acquired) {
      return {
        status: "skipped",
        run: null,
        reason: `a sync of ${company.name} is already running`,
      };
    }

    const started = deps.clock.now();
    const run = await deps.store.syncRuns.start(company.id, {
      kind: "team",
      trigger: input.trigger,
      scope: `team ${company.calcom.teamId}`,
      startedAt: started.toISOString(),
      jobId: input.jobId ?? null,
    });
    deps.changes?.publish(company.id, "syncs");
    const usage = { requests: 0 };
    let result: SyncTeamResult;
    try {
      if (!company.calcom.apiKey) {
        throw new Error(`${company.name} has no Cal.com API key; team memberships need one`);
      }
      const snapshot = await deps.calcom.readTeam(company, usage);
      const finishedAt = deps.clock.now();
      const done = await deps.store.transaction(async (tx) => {
        const changes = await tx.calcomMirror.applyTeamSnapshot(
          company.id,
          snapshot,
          started.toISOString(),
        );
        const finished = await tx.syncRuns.finish(company.id, run.id, {
          status: "succeeded",
          finishedAt: finishedAt.toISOString(),
          counts: { ...changes, durationMs: finishedAt.getTime() - started.getTime() },
          calcomRequests: usage.requests,
          error: null,
        });
        return { status: "succeeded" as const, run: finished, changes };
      });
      // The mirror's hosts are what the mappings pages list.
      deps.changes?.publish(company.id, "mappings");
      result = done;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      const finishedAt = deps.clock.now();
      const failed = await deps.store.syncRuns.finish(company.id, run.id, {
        status: "failed",
        finishedAt: finishedAt.toISOString(),
        counts: { durationMs: finishedAt.getTime() - started.getTime() },
        calcomRequests: usage.requests,
        error: message,
        errorKind: calcomFailureOf(error),
      });
      result = { status: "failed", run: failed, error: message };
    } finally {
      await deps.store.locks.release(company.id, "team_sync", holder);
      deps.changes?.publish(company.id, "syncs");
    }
    if (result.status === "succeeded") await deps.installNewWebhooks?.(ctx);
    return result;
  };
}
