import type { SyncRun, TenantContext } from "../../domain/entities.ts";
import type { SyncRunRepository } from "../../domain/ports/mirror.ts";

export function makeListSyncRuns(deps: { syncRuns: Pick<SyncRunRepository, "list"> }) {
  return (ctx: TenantContext, limit = 50): Promise<SyncRun[]> =>
    deps.syncRuns.list(ctx.company.id, Math.min(limit, 500));
}
