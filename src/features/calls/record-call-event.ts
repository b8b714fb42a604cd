import type { TenantContext } from "../../domain/entities.ts";
import type { CallRecord } from "../../domain/ports/calls.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { SlotPrefetcher } from "../voice/prefetch-slots.ts";
import type { SlotHolds } from "../voice/slot-holds.ts";

/**
 * call_started / call_ended / call_analyzed: one call row, each event applied once. `payload` is
 * what the inbox keeps of the delivery (the route passes a trimmed copy, never the transcript). An
 * ended call's free slots are no longer kept fresh, and the time it held is let go (also on
 * call_analyzed, should call_ended have been lost).
 */
export function makeRecordCallEvent(deps: {
  store: Pick<Store, "transaction">;
  clock: Clock;
  prefetch?: Pick<SlotPrefetcher, "ended">;
  slotHolds?: Pick<SlotHolds, "releaseForCall">;
}) {
  return async (
    ctx: TenantContext,
    event: string,
    call: CallRecord,
    payload: string,
  ): Promise<"recorded" | "duplicate"> => {
    if (event === "call_ended" || event === "call_analyzed") {
      deps.prefetch?.ended(ctx.company, {
        callId: call.retellCallId,
        fromNumber: call.fromNumber,
        toNumber: call.toNumber,
      });
      deps.slotHolds?.releaseForCall(ctx.company, call.retellCallId, "call_ended");
    }
    const at = deps.clock.now().toISOString();
    return deps.store.transaction(async (tx) => {
      const inbox = await tx.inbox.record(ctx.company.id, {
        provider: "retell",
        eventType: event,
        dedupeKey: `${event}:${call.retellCallId}`,
        payload,
        receivedAt: at,
      });
      if (inbox.duplicate) return "duplicate";
      await tx.calls.upsert(ctx.company.id, call);
      await tx.inbox.markProcessed(ctx.company.id, inbox.id, "recorded", null, at);
      return "recorded";
    });
  };
}
