import { createHash } from "node:crypto";
import type { TenantContext } from "../../domain/entities.ts";
import type { InboxRepository } from "../../domain/ports/appointments.ts";
import type { Clock } from "../../platform/clock.ts";
import type { DeliveryReceipt } from "./ingest-calcom-booking.ts";

/** A verified delivery Frontdesk does not act on (e.g. MEETING_ENDED) is still kept in the inbox. */
export function makeRecordIgnoredWebhook(deps: {
  inbox: Pick<InboxRepository, "record" | "markProcessed">;
  clock: Clock;
}) {
  return async (
    ctx: TenantContext,
    provider: "calcom" | "retell",
    eventType: string,
    rawBody: string,
    delivery: DeliveryReceipt = {},
  ): Promise<void> => {
    const at = deps.clock.now().toISOString();
    const digest = createHash("sha256").update(rawBody).digest("hex");
    const { id, duplicate } = await deps.inbox.record(ctx.company.id, {
      provider,
      eventType,
      dedupeKey: `${eventType}:${digest}`,
      payload: rawBody,
      receivedAt: at,
      signedWithPrevious: delivery.signedWithPrevious,
    });
    if (!duplicate) await deps.inbox.markProcessed(ctx.company.id, id, "ignored", null, at);
  };
}
