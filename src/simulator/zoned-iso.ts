import { IANAZone } from "luxon";

const quarterHour = 15 * 60_000;
/** Zone offsets by zone and quarter hour: every offset change falls on a quarter hour. */
const offsets = new Map<string, number>();

function offsetMinutes(zone: string, ms: number): number {
  const key = `${zone} ${Math.floor(ms / quarterHour)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ms);
    // The slots of a few months in a few zones; a long-running simulator starts over.
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * `ms` as luxon's `DateTime.fromMillis(ms, { zone }).toISO()` writes it ("2026-12-07T09:00:00.000+01:00",
 * "…Z" in UTC), and its local date: luxon asks Intl for every instant, which made formatting
 * weeks of slots most of the simulator's time in a load test.
 */
export function zonedIso(ms: number, zone: string): { iso: string; date: string } {
  if (zone.toLowerCase() === "utc") {
    const iso = new Date(ms).toISOString();
    return { iso, date: iso.slice(0, 10) };
  }
  const offset = offsetMinutes(zone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return { iso: `${local}${offset < 0 ? "-" : "+"}${hhmm}`, date: local.slice(0, 10) };
}
