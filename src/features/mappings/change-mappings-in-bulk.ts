import type { HostMapping, TenantContext } from "../../domain/entities.ts";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { applyMappingChange } from "./change-one-mapping.ts";
import { describeActor } from "./snapshot.ts";

export type BulkMappingChange =
  | { action: "accept" | "reject"; calcomUserIds: number[] }
  | { action: "set"; assignments: { calcomUserId: number; staffId: string }[] };

export interface BulkMappingResult {
  /** The hosts whose mapping changed (one audit row each). */
  changed: number[];
  /** Selected hosts with nothing to do (no suggestion to accept, already mapped so). */
  skipped: number[];
}

const maxBatch = 500;

/**
 * A bulk action from the mappings page: every change and its audit row in ONE transaction, so
 * that a refusal (say, one staff member picked for two hosts) leaves nothing half done.
 */
export function makeChangeHostMappingsInBulk(deps: {
  store: Pick<Store, "transaction">;
  clock: Clock;
  changes: Pick<ChangeFeed, "publish">;
}) {
  return async (ctx: TenantContext, change: BulkMappingChange): Promise<BulkMappingResult> => {
    const ids =
      change.action === "set"
        ? change.assignments.map((a) => a.calcomUserId)
        : change.calcomUserIds;
    if (ids.length === 0) {
      throw new ValidationError("select at least one host", [
        { where: "hosts", message: "nothing selected" },
      ]);
    }
    if (ids.length > maxBatch || new Set(ids).size !== ids.length) {
      throw new ValidationError(`select up to ${maxBatch} different hosts`, [
        { where: "hosts", message: "too many or repeated" },
      ]);
    }
    const reason = `${change.action} (bulk, ${ids.length} selected by ${describeActor(ctx.actor)})`;
    const now = deps.clock.now();
    const done = await deps.store.transaction(async (tx) => {
      const result: BulkMappingResult = { changed: [], skipped: [] };
      const wanted = (m: HostMapping | null, staffId?: string) =>
        change.action === "accept"
          ? m?.status === "suggested"
          : change.action === "reject"
            ? m !== null && m.status !== "rejected"
            : !(m?.status === "active" && m.staffId === staffId);
      const steps =
        change.action === "set"
          ? change.assignments.map((a) => ({ ...a, verb: "set" as const }))
          : change.calcomUserIds.map((calcomUserId) => ({ calcomUserId, verb: change.action }));
      for (const step of steps) {
        // Every selected host must be in the company's team, also those with nothing to do.
        if (!(await tx.calcomMirror.findHost(ctx.company.id, step.calcomUserId)))
          throw new NotFoundError(
            `Cal.com user ${step.calcomUserId} is not in ${ctx.company.name}'s team`,
          );
        const before = await tx.hostMappings.find(ctx.company.id, step.calcomUserId);
        const staffId = "staffId" in step ? step.staffId : undefined;
        if (!wanted(before, staffId)) {
          result.skipped.push(step.calcomUserId);
          continue;
        }
        await applyMappingChange(
          tx,
          ctx,
          step.verb === "set"
            ? { verb: "set", calcomUserId: step.calcomUserId, staffId: step.staffId, reason }
            : { verb: step.verb, calcomUserId: step.calcomUserId, reason },
          now,
        );
        result.changed.push(step.calcomUserId);
      }
      return result;
    });
    if (done.changed.length > 0) deps.changes.publish(ctx.company.id, "mappings");
    return done;
  };
}
