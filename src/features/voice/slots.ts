import { localDateOf, toUtcRange } from "../../domain/datetime/index.ts";
import type { Company } from "../../domain/entities.ts";
import { memo } from "../../domain/memo.ts";
import type { CalcomBookingGateway, SlotCache, UpstreamMeter } from "../../domain/ports/calcom.ts";
import type { Clock } from "../../platform/clock.ts";

export interface SlotDeps {
  calcom: Pick<CalcomBookingGateway, "slots">;
  slotCache: SlotCache;
  clock: Clock;
  /** Counts where each read was answered from: `cache`, `shared` (a request under way), `calcom`. */
  slotReads?: { inc(labels: { source: string }): void };
  /** Told of every window a call read, so it is kept fresh while calls last (prefetch-slots.ts). */
  onWindowRead?: (
    company: Company,
    eventTypeId: number,
    window: SlotWindow,
    hostIds?: readonly number[],
  ) => void;
}

/** Days in one slot window. */
export const windowDays = 7;

/**
 * Free slots are read in fixed windows of seven company-local days counted from today: window 0
 * is today and the six days after it (what the call-inbound prefetch fills), window 1 the week
 * after, and so on. Every check for a day inside a window is answered from that one entry,
 * whatever day it asks for; only a day past it reads the next window.
 */
export interface SlotWindow {
  /** Weeks after the local today: 0 holds today. */
  index: number;
  /** The window's first local day, YYYY-MM-DD. */
  firstDay: string;
  /** [startUtc, endUtc): from the first day's local midnight to the midnight seven days on. */
  startUtc: string;
  endUtc: string;
  /** The cache key: `startUtc/endUtc`. */
  range: string;
}

const dayMs = 86_400_000;
/** A calendar date `days` after `date` (both YYYY-MM-DD; no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The local date of a UTC minute ("YYYY-MM-DDTHH:MM"): the same all minute, so asked once. */
const localDateOfMinute = memo(
  (minute: string, timeZone: string) => localDateOf(`${minute}:00.000Z`, timeZone),
  (minute, timeZone) => `${minute}|${timeZone}`,
  { max: 1_000 },
);

/** The company-local date of `now`. */
export const localToday = (company: Company, now: Date) =>
  localDateOfMinute(now.toISOString().slice(0, 16), company.timezone);

/** Window `index` (0: the one holding today in the company's zone). */
export function slotWindow(company: Company, now: Date, index: number): SlotWindow {
  const firstDay = addDays(localToday(company, now), index * windowDays);
  const startUtc = toUtcRange(firstDay, company.timezone).start;
  const endUtc = toUtcRange(addDays(firstDay, windowDays), company.timezone).start;
  return { index, firstDay, startUtc, endUtc, range: `${startUtc}/${endUtc}` };
}

/**
 * The cache key of a window's slots, of only the chosen hosts' free times when `hostIds` are
 * given: `startUtc/endUtc/hosts=3,7`, so they never mix with the whole team's, and a booking
 * change (which drops by the start and end) drops them with the rest.
 */
export function slotRange(window: SlotWindow, hostIds?: readonly number[]): string {
  if (!hostIds?.length) return window.range;
  return `${window.range}/hosts=${[...hostIds].sort((a, b) => a - b).join(",")}`;
}

/** The index of the window holding the local `date` (negative for a day before today). */
export function windowIndexOf(company: Company, now: Date, date: string): number {
  return Math.floor(daysBetween(localToday(company, now), date) / windowDays);
}

/**
 * One window's free slots (sorted UTC ISO strings): from the ≤ 30 s cache, or the Cal.com request
 * for it already under way (a prefetch, another call), or one request of its own. A window wholly
 * before today has none worth fetching. Time spent waiting on someone else's request counts as
 * Cal.com time in `meter`. With `hostIds`, only those hosts' free times (see chosen-hosts.ts).
 */
export async function windowOfSlots(
  deps: SlotDeps,
  company: Company,
  eventTypeId: number,
  window: SlotWindow,
  meter?: UpstreamMeter,
  hostIds?: readonly number[],
): Promise<string[]> {
  if (window.index < 0) return [];
  deps.onWindowRead?.(company, eventTypeId, window, hostIds);
  const started = performance.now();
  const hosts = hostIds?.length ? { hostIds } : {};
  const range = slotRange(window, hostIds);
  const { slots, source } = await deps.slotCache.load(company.id, eventTypeId, range, () =>
    deps.calcom.slots(
      company,
      { eventTypeId, startUtc: window.startUtc, endUtc: window.endUtc, ...hosts },
      meter,
    ),
  );
  if (source === "shared" && meter) meter.calcomMs += performance.now() - started;
  deps.slotReads?.inc({ source });
  return slots;
}

/**
 * Free slots from the start of the local `date` for a week, read from the one or two windows that
 * cover it (so a day the prefetch holds costs no Cal.com request); of the chosen hosts only with
 * `hostIds`.
 */
export async function weekOfSlots(
  deps: SlotDeps,
  company: Company,
  eventTypeId: number,
  date: string,
  meter?: UpstreamMeter,
  hostIds?: readonly number[],
): Promise<string[]> {
  const now = deps.clock.now();
  const first = windowIndexOf(company, now, date);
  const from = toUtcRange(date, company.timezone).start;
  const until = toUtcRange(addDays(date, windowDays), company.timezone).start;
  const windows = [slotWindow(company, now, first)];
  if (windows[0]!.endUtc < until) windows.push(slotWindow(company, now, first + 1));
  const read = await Promise.all(
    windows.map((w) => windowOfSlots(deps, company, eventTypeId, w, meter, hostIds)),
  );
  return read.flat().filter((s) => s >= from && s < until);
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
