import { Hono } from "hono";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { badRequest, notFound } from "./http-errors.ts";
import { validate } from "./request-helpers.ts";
import type { EventTypeRecord, SimState } from "./state.ts";

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** Keeps one request from asking the simulator to enumerate years of slots. */
const maxRangeDays = 366;

/**
 * `start`/`end` are parsed as UTC whatever the output time zone; a date-only `start` is 00:00Z,
 * a date-only `end` the last instant of that UTC day.
 */
export function parseRangeBound(value: string, bound: "start" | "end"): number | null {
  const parsed = DateTime.fromISO(value, { zone: "utc" });
  if (!parsed.isValid) return null;
  if (dateOnly.test(value)) {
    return (bound === "start" ? parsed.startOf("day") : parsed.endOf("day")).toMillis();
  }
  return parsed.toMillis();
}

const positiveInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a positive integer`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be a positive integer`);

const slotsQuery = z.object({
  eventTypeId: positiveInt("eventTypeId").optional(),
  eventTypeSlug: z.string().min(1).optional(),
  teamSlug: z.string().min(1).optional(),
  username: z.string().optional(),
  start: z.string({ error: "start is required" }),
  end: z.string({ error: "end is required" }),
  timeZone: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), "timeZone must be a valid IANA time zone")
    .optional(),
  duration: positiveInt("duration")
    .refine((n) => n <= 1440, "duration must not be greater than 1440")
    .optional(),
  format: z.enum(["time", "range"], { error: "format must be one of: time, range" }).optional(),
  bookingUidToReschedule: z.string().optional(),
});

function resolveEventType(state: SimState, q: z.infer<typeof slotsQuery>): EventTypeRecord {
  if (q.eventTypeId !== undefined) {
    const record = state.eventTypes.get(q.eventTypeId);
    if (!record) throw notFound(`Event type with id=${q.eventTypeId} not found`);
    return record;
  }
  if (q.eventTypeSlug !== undefined && q.teamSlug !== undefined) {
    const record = state.eventTypeBySlug(q.teamSlug, q.eventTypeSlug);
    if (!record) throw notFound(`Event type with slug=${q.eventTypeSlug} not found`);
    return record;
  }
  if (q.eventTypeSlug !== undefined && q.username !== undefined) {
    // The simulator only knows team event types.
    throw notFound(`Event type with slug=${q.eventTypeSlug} not found`);
  }
  throw badRequest(
    "eventTypeId, eventTypeSlug with teamSlug, or eventTypeSlug with username is required",
  );
}

export function slotsRoutes(state: SimState, now: () => Date): Hono {
  const routes = new Hono();

  routes.get("/", (c) => {
    const q = validate(slotsQuery, c.req.query());
    const start = parseRangeBound(q.start, "start");
    if (start === null) throw badRequest("start must be a valid ISO 8601 date string");
    const end = parseRangeBound(q.end, "end");
    if (end === null) throw badRequest("end must be a valid ISO 8601 date string");
    if (end < start) throw badRequest("end must not be before start");
    if (end - start > maxRangeDays * 86_400_000) {
      throw badRequest(`The range between start and end must not exceed ${maxRangeDays} days`);
    }
    const record = resolveEventType(state, q);
    const length = q.duration ?? record.eventType.lengthInMinutes;
    const zone = q.timeZone ?? "UTC";
    const starts = state.slotStarts(
      record,
      start,
      end,
      length,
      now().getTime(),
      q.bookingUidToReschedule,
    );

    const seats = record.eventType.seats;
    const seated = seats ? state.seatedAt(record.eventType.id, q.bookingUidToReschedule) : null;
    const data: Record<string, Record<string, string | number>[]> = {};
    for (const t of starts) {
      const at = DateTime.fromMillis(t, { zone });
      const slot: Record<string, string | number> =
        q.format === "range"
          ? { start: at.toISO()!, end: at.plus({ minutes: length }).toISO()! }
          : { start: at.toISO()! };
      if (seats && seated) {
        // Seated event types say how full each slot is, and which booking a seat would join.
        const existing = seated.get(t);
        const booked = existing?.seats?.length ?? 0;
        slot.seatsBooked = booked;
        slot.seatsRemaining = seats.seatsPerTimeSlot - booked;
        slot.seatsTotal = seats.seatsPerTimeSlot;
        if (existing) slot.bookingUid = existing.uid;
      }
      const date = at.toISODate()!;
      const day = data[date] ?? [];
      day.push(slot);
      data[date] = day;
    }
    return c.json({ status: "success", data });
  });

  return routes;
}
