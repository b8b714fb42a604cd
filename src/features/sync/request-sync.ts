import { z } from "zod";
import type { TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import { type JobQueue, jobNames } from "../../domain/ports/jobs.ts";
import { parseInput } from "../parse-input.ts";

export const requestSyncInput = z.object({
  /** `team`: the team sync with host matching; `reconcile`: Cal.com's bookings against ours. */
  kind: z.enum(["team", "reconcile"]),
});

export interface RequestSyncResult {
  /** The queued job; null when one of this company was already waiting (it will do). */
  jobId: string | null;
  queued: boolean;
}

/**
 * Asks for a company's team sync or reconciliation as a job: it runs on whichever instance is
 * free, never beside another of the same company, and a request while one is already waiting
 * adds nothing (`queued: false`). The run shows in the sync runs once it has started.
 */
export function makeRequestSync(deps: { jobs: Pick<JobQueue, "enqueue"> }) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof requestSyncInput>,
  ): Promise<RequestSyncResult> => {
    const input = parseInput(requestSyncInput, raw, "sync request");
    const { company } = ctx;
    if (company.calcom.teamId === null) {
      throw new ValidationError(
        `${company.name} has no Cal.com team id; set it before syncing (company setting calcom team id)`,
        [{ where: "calcomTeamId", message: "is not set" }],
      );
    }
    // A webhook's request (a host the mirror does not know) shows as such in the sync runs.
    const trigger = ctx.actor.type === "webhook" ? "webhook" : "admin";
    const jobId =
      input.kind === "team"
        ? await deps.jobs.enqueue(
            jobNames.teamSync,
            { companyId: company.id, kind: "targeted", trigger },
            { singletonKey: company.id },
          )
        : await deps.jobs.enqueue(
            jobNames.reconcile,
            { companyId: company.id, trigger: "admin" as const },
            { singletonKey: company.id },
          );
    return { jobId, queued: jobId !== null };
  };
}
