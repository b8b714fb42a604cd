import type { TenantContext } from "../../domain/entities.ts";
import type { ChangeFeed, ChangeTopic } from "../../domain/ports/change-feed.ts";

/**
 * What changes in the company a console page hears of, for as long as it stays open: only the
 * tenant's own topics (the context decides the company, never the caller), never data.
 */
export function makeWatchChanges(deps: { changes: Pick<ChangeFeed, "subscribe"> }) {
  return (
    ctx: TenantContext,
    listener: (topic: ChangeTopic) => void,
    onEnd?: () => void,
  ): (() => void) => deps.changes.subscribe(ctx.company.id, listener, onEnd);
}
