import type { CalcomEventType, TenantContext } from "../../domain/entities.ts";
import type { CalcomMirrorRepository } from "../../domain/ports.ts";

/** The company's Cal.com event types as last synced, without those removed in Cal.com. */
export function makeListTeamEventTypes(deps: {
  calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes">;
}) {
  return async (ctx: TenantContext): Promise<CalcomEventType[]> =>
    (await deps.calcomMirror.listEventTypes(ctx.company.id)).filter((e) => !e.removedAt);
}
