import type { TenantContext } from "../../domain/entities.ts";
import type { CallRecord, Store } from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";

/** call_started / call_ended / call_analyzed: one call row, each event applied once. */
export function makeRecordCallEvent(deps: { store: Pick<Store, "transaction">; clock: Clock }) {
  return async (
    ctx: TenantContext,
    event: string,
    call: CallRecord,
    rawBody: string,
  ): Promise<"recorded" | "duplicate"> => {
    const at = deps.clock.now().toISOString();
    return deps.store.transaction(async (tx) => {
      const inbox = await tx.inbox.record(ctx.company.id, {
        provider: "retell",
        eventType: event,
        dedupeKey: `${event}:${call.retellCallId}`,
        payload: rawBody,
        receivedAt: at,
      });
      if (inbox.duplicate) return "duplicate";
      await tx.calls.upsert(ctx.company.id, call);
      await tx.inbox.markProcessed(ctx.company.id, inbox.id, "recorded", null, at);
      return "recorded";
    });
  };
}
