import { z } from "zod";
import type { TenantContext } from "../../domain/entities.ts";
import type { InboxDelivery, InboxRepository } from "../../domain/ports/appointments.ts";
import { parseInput } from "../parse-input.ts";

/**
 * What processing records on a delivery (`markProcessed`/`markRetriable`): the Cal.com ingest's
 * results, Retell call events ("recorded") and verified deliveries we do not act on ("ignored").
 * Duplicates are not stored again, and a delivery that failed leaves no row (Cal.com retries it).
 */
export const deliveryOutcomes = [
  "created",
  "updated",
  "rescheduled",
  "cancelled",
  "refused_foreign_event_type",
  "recorded",
  "ignored",
] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

export const deliveryProviders = ["calcom", "retell"] as const;

/** A page ends after the delivery with this receipt time and id: "<ISO time>~<id>". */
const cursor = z
  .string()
  .max(300)
  .transform((text, ctx) => {
    const at = text.indexOf("~");
    const receivedAt = text.slice(0, at);
    if (at < 0 || !z.iso.datetime().safeParse(receivedAt).success) {
      ctx.addIssue({
        code: "custom",
        message: "not a page cursor",
        params: { code: "not_page_cursor" },
      });
      return z.NEVER;
    }
    return { receivedAt, id: text.slice(at + 1) };
  });

export const listDeliveriesInput = z.object({
  provider: z.enum(deliveryProviders).optional(),
  outcome: z.enum(deliveryOutcomes).optional(),
  after: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface DeliveryView extends InboxDelivery {
  /** What the delivery was about, read from its dedupe key: never from the payload. */
  subject: { kind: "booking" | "call"; id: string } | null;
}

export interface DeliveryPage {
  deliveries: DeliveryView[];
  next: string | null;
}

/** Dedupe keys are "<event>:<booking uid or call id>" (ignored ones: "<event>:<sha256>"). */
function subjectOf(d: InboxDelivery): DeliveryView["subject"] {
  if (d.outcome === "ignored") return null;
  const key = d.dedupeKey.replace(/#retriable:.*$/, "");
  const at = key.indexOf(":");
  if (at < 0 || at === key.length - 1) return null;
  return { kind: d.provider === "retell" ? "call" : "booking", id: key.slice(at + 1) };
}

/** The company's recent webhook deliveries, newest first, filtered, one page (one query). */
export function makeListDeliveries(deps: { inbox: Pick<InboxRepository, "listRecent"> }) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof listDeliveriesInput> = {},
  ): Promise<DeliveryPage> => {
    const input = parseInput(listDeliveriesInput, raw, "filter");
    const rows = await deps.inbox.listRecent(ctx.company.id, {
      provider: input.provider,
      outcome: input.outcome,
      after: input.after,
      limit: input.limit + 1,
    });
    const shown = rows.slice(0, input.limit);
    const last = shown.at(-1);
    return {
      deliveries: shown.map((d) => ({ ...d, subject: subjectOf(d) })),
      next: rows.length > input.limit && last ? `${last.receivedAt}~${last.id}` : null,
    };
  };
}
