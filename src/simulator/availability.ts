import { DateTime } from "luxon";
import type { FixtureMember, Weekday } from "./fixture.ts";

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export type WeeklySchedule = NonNullable<FixtureMember["schedule"]>;

const minute = 60_000;

function atClock(day: DateTime, clock: string): DateTime {
  const [hour, min] = clock.split(":").map(Number) as [number, number];
  // 24:00 is the next midnight; set() keeps wall-clock time, so DST days come out right.
  return hour === 24 ? day.plus({ days: 1 }).startOf("day") : day.set({ hour, minute: min });
}

// Placing wall-clock hours with luxon is most of a booking's cost in the simulator, and every
// booking and slot query asks again for the same few days; a schedule's days never change.
const daysOfSchedule = new WeakMap<WeeklySchedule, Map<string, Interval[]>>();

/** A schedule's ranges on one local day (`day` is its start in the schedule's zone). */
function dayIntervals(schedule: WeeklySchedule, day: DateTime): Interval[] {
  let days = daysOfSchedule.get(schedule);
  if (!days) {
    days = new Map();
    daysOfSchedule.set(schedule, days);
  }
  const key = `${day.zoneName} ${day.toMillis()}`;
  let intervals = days.get(key);
  if (!intervals) {
    intervals = (schedule[String(day.weekday) as Weekday] ?? []).map(([from, to]) => ({
      start: atClock(day, from).toMillis(),
      end: atClock(day, to).toMillis(),
    }));
    days.set(key, intervals);
  }
  return intervals;
}

/**
 * The working intervals of a weekly schedule (wall-clock times in `zone`) that touch
 * [fromMs, toMs], merged where they meet, so a slot may span two adjacent ranges.
 */
export function workingIntervals(
  schedule: WeeklySchedule | undefined,
  zone: string,
  fromMs: number,
  toMs: number,
): Interval[] {
  if (!schedule) return [];
  const raw: Interval[] = [];
  // One local day of margin on both sides: a UTC instant can fall on the neighbouring local date.
  let day = DateTime.fromMillis(fromMs, { zone }).startOf("day").minus({ days: 1 });
  const last = DateTime.fromMillis(toMs, { zone }).startOf("day").plus({ days: 1 });
  while (day <= last) {
    for (const interval of dayIntervals(schedule, day)) {
      if (interval.end > fromMs && interval.start < toMs && interval.end > interval.start)
        raw.push(interval);
    }
    day = day.plus({ days: 1 });
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of raw) {
    const previous = merged.at(-1);
    if (previous && interval.start <= previous.end) {
      previous.end = Math.max(previous.end, interval.end);
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** Slot starts on each interval's grid (interval start + k·step) where the whole slot fits. */
export function gridStarts(intervals: Interval[], lengthMin: number, stepMin: number): number[] {
  const starts: number[] = [];
  for (const { start, end } of intervals) {
    for (let t = start; t + lengthMin * minute <= end; t += stepMin * minute) starts.push(t);
  }
  return starts;
}

export function covers(intervals: Interval[], start: number, end: number): boolean {
  return intervals.some((i) => i.start <= start && end <= i.end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}
