import { memo } from "../memo.ts";

/**
 * Wall-clock views of UTC instants in a time zone. Intl formatters are costly to build, and the
 * voice path formats every slot of a week, so one formatter per zone is kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(iso: string, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/** "2026-11-26" */
export function localDateOf(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 0–23 */
export function localHourOf(iso: string, timeZone: string): number {
  return Number(parts(iso, timeZone).hour);
}

function offsetIso(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  const offset = p.timeZoneName === "GMT" ? "+00:00" : String(p.timeZoneName).replace("GMT", "");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** "2026-11-26T14:00:00+01:00": the instant with the zone's offset, as callers are told times. */
export const withZoneOffset = memo(offsetIso, (iso, timeZone) => `${iso}|${timeZone}`);
