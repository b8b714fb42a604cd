import { toUtcRange } from "../../domain/datetime/index.ts";
import type { Company } from "../../domain/entities.ts";
import type { CalcomBookingGateway, SlotCache } from "../../domain/ports.ts";

export interface SlotDeps {
  calcom: Pick<CalcomBookingGateway, "slots">;
  slotCache: SlotCache;
}

const week = 7 * 86_400_000;

/**
 * Free slots from the start of the local `date` for a week, in one Cal.com request (UTC range,
 * as GET /v2/slots reads it), served from the ≤ 30 s cache when it can.
 */
export async function weekOfSlots(
  deps: SlotDeps,
  company: Company,
  eventTypeId: number,
  date: string,
): Promise<string[]> {
  const startUtc = toUtcRange(date, company.timezone).start;
  const endUtc = new Date(Date.parse(startUtc) + week).toISOString();
  const range = `${startUtc}/${endUtc}`;
  const cached = deps.slotCache.get(company.id, eventTypeId, range);
  if (cached) return cached;
  const slots = await deps.calcom.slots(company, { eventTypeId, startUtc, endUtc });
  deps.slotCache.set(company.id, eventTypeId, range, slots);
  return slots;
}

/** Up to `count` slots closest to `target`, earliest first, never in the past. */
export function nearest(slots: readonly string[], target: string, now: Date, count = 3): string[] {
  const t = Date.parse(target);
  return slots
    .filter((s) => Date.parse(s) > now.getTime())
    .map((s) => ({ s, d: Math.abs(Date.parse(s) - t) }))
    .sort((a, b) => a.d - b.d || a.s.localeCompare(b.s))
    .slice(0, count)
    .map((x) => x.s)
    .sort();
}
