import { toUtcRange } from "../../domain/datetime/index.ts";
import type { Company } from "../../domain/entities.ts";
import type { CalcomBookingGateway, SlotCache, UpstreamMeter } from "../../domain/ports.ts";

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
  meter?: UpstreamMeter,
): Promise<string[]> {
  const startUtc = toUtcRange(date, company.timezone).start;
  const endUtc = new Date(Date.parse(startUtc) + week).toISOString();
  const range = `${startUtc}/${endUtc}`;
  const cached = deps.slotCache.get(company.id, eventTypeId, range);
  if (cached) return cached;
  const slots = await deps.calcom.slots(company, { eventTypeId, startUtc, endUtc }, meter);
  deps.slotCache.set(company.id, eventTypeId, range, slots);
  return slots;
}

/**
 * Up to `count` slots closest to `target`, earliest first, never in the past; a tie goes to the
 * earlier slot. `slots` are sorted UTC ISO strings (as weekOfSlots returns them), so they compare
 * as text and the search walks outwards from where `target` would sit.
 */
export function nearest(slots: readonly string[], target: string, now: Date, count = 3): string[] {
  const future = upcoming(slots, now);
  const t = Date.parse(target);
  if (Number.isNaN(t)) return future.slice(0, count);
  const distance = (s: string) => Math.abs(Date.parse(s) - t);
  let right = firstAtOrAfter(future, new Date(t).toISOString());
  let left = right - 1;
  const picked: string[] = [];
  while (picked.length < count && (left >= 0 || right < future.length)) {
    const takeLeft =
      right >= future.length || (left >= 0 && distance(future[left]!) <= distance(future[right]!));
    picked.push(takeLeft ? future[left--]! : future[right++]!);
  }
  return picked.sort();
}

/** The slots after `now` (sorted UTC ISO strings in, a suffix of them out). */
export function upcoming(slots: readonly string[], now: Date): readonly string[] {
  return slots.slice(firstAtOrAfter(slots, now.toISOString(), true));
}

/** Index of the first slot at (or, with `strict`, after) `iso`: a binary search on sorted text. */
function firstAtOrAfter(slots: readonly string[], iso: string, strict = false): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid]! < iso || (strict && slots[mid] === iso)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
