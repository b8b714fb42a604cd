import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import type { Interval } from "./availability.ts";
import { hostSubsetQuery, refuseHostSubsets } from "./host-subsets.ts";
import { badRequest, CalApiError, forbidden, notFound, unauthorized } from "./http-errors.ts";
import { jsonBody, optionalKey, validate } from "./request-helpers.ts";
import {
  type EventTypeRecord,
  restrictHosts,
  type SimReservation,
  type SimState,
} from "./state.ts";
import { zonedIso } from "./zoned-iso.ts";

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
  rrHostSubsetIds: hostSubsetQuery.optional(),
});

const reservationBody = z.object({
  eventTypeId: z.number({ error: "eventTypeId must be an integer number" }).int(),
  slotStart: z
    .string({ error: "slotStart must be a valid ISO 8601 date string" })
    .refine(
      (v) => DateTime.fromISO(v, { zone: "utc" }).isValid,
      "slotStart must be a valid ISO 8601 date string",
    ),
  slotDuration: z.number().int("slotDuration must be an integer number").optional(),
  reservationDuration: z.number().int("reservationDuration must be an integer number").optional(),
});

/** Cal.com's default hold, and the only one an unauthenticated caller gets. */
const defaultReservationMinutes = 5;
const minute = 60_000;

const unprocessable = (message: string) => new CalApiError("UnprocessableEntityException", message);

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

const iso = (ms: number) => DateTime.fromMillis(ms, { zone: "utc" }).toISO()!;

/** ReserveSlotOutput; the reservation read back has no `reservationDuration`. */
function reservationOutput(r: SimReservation, reservationDuration?: number) {
  return {
    eventTypeId: r.eventTypeId,
    slotStart: iso(r.span.start),
    slotEnd: iso(r.span.end),
    slotDuration: (r.span.end - r.span.start) / minute,
    reservationUid: r.uid,
    ...(reservationDuration === undefined ? {} : { reservationDuration }),
    reservationUntil: iso(r.releaseAtMs),
  };
}

export function slotsRoutes(state: SimState, now: () => Date): Hono {
  const routes = new Hono();

  /**
   * Cal.com's checks of a reservation's time, in its order: the length is the event type's (no
   * variable lengths here), a booking of the event type at that time or another reservation
   * refuses it. Bookings are not checked against reservations, only slot listings are.
   */
  const reservable = (
    record: EventTypeRecord,
    body: z.infer<typeof reservationBody>,
    ignoreUid?: string,
  ): Interval => {
    if (body.slotDuration !== undefined) {
      throw badRequest(
        "You passed 'slotDuration' but this event type is not a variable length event type.",
      );
    }
    const start = DateTime.fromISO(body.slotStart, { zone: "utc" }).toMillis();
    const span = { start, end: start + record.eventType.lengthInMinutes * minute };
    const booked = state.bookingDuring(record.eventType.id, span);
    const seats = record.eventType.seats;
    if (booked && !seats) {
      throw unprocessable("Can't reserve a slot if the event is already booked.");
    }
    if (booked && seats && (booked.seats?.length ?? 1) >= seats.seatsPerTimeSlot) {
      throw unprocessable(
        `Booking with id=${record.eventType.id} at ${body.slotStart} has no more seats left.`,
      );
    }
    const taken = state
      .reservationsOf(record.eventType.id, now().getTime())
      .some((r) => r.uid !== ignoreUid && r.span.start < span.end && span.start < r.span.end);
    if (taken) {
      throw unprocessable(
        "This time slot is already reserved by another user. Please choose a different time.",
      );
    }
    return span;
  };

  const eventTypeOf = (eventTypeId: number): EventTypeRecord => {
    const record = state.eventTypes.get(eventTypeId);
    if (!record) throw notFound(`Event Type with ID=${eventTypeId} not found`);
    return record;
  };

  routes.post("/reservations", async (c) => {
    const key = optionalKey(c, state);
    const body = validate(reservationBody, await jsonBody(c));
    if (body.reservationDuration !== undefined && key === null) {
      throw unauthorized(
        "reservationDuration can only be used for authenticated requests - use access token, api key or OAuth credentials",
      );
    }
    const record = eventTypeOf(body.eventTypeId);
    // Any member of the event type's team may hold a time for as long as it likes.
    if (body.reservationDuration !== undefined && !state.keyTeams(key!)?.has(record.team.team.id)) {
      throw forbidden(
        "authenticated user is not owner of event type, does not have memberships in common with owner of the event type, nor does belong to event type's team or org.",
      );
    }
    const span = reservable(record, body);
    const host = record.eventType.hosts[0];
    if (!host) throw badRequest("Cannot reserve a slot for a team event without any hosts");
    const minutes = body.reservationDuration ?? defaultReservationMinutes;
    const reservation: SimReservation = {
      uid: randomUUID(),
      eventTypeId: record.eventType.id,
      userId: host.userId,
      span,
      releaseAtMs: now().getTime() + minutes * minute,
    };
    state.putReservation(reservation);
    return c.json({ status: "success", data: reservationOutput(reservation, minutes) }, 201);
  });

  // An unknown or expired reservation is no error: its data is null.
  routes.get("/reservations/:uid", (c) => {
    const reservation = state.reservation(c.req.param("uid"), now().getTime());
    return c.json({
      status: "success",
      data: reservation ? reservationOutput(reservation) : null,
    });
  });

  routes.patch("/reservations/:uid", async (c) => {
    const uid = c.req.param("uid");
    const body = validate(reservationBody, await jsonBody(c));
    const existing = state.reservation(uid, now().getTime());
    if (!existing) throw notFound(`Slot with uid=${uid} not found`);
    const record = eventTypeOf(body.eventTypeId);
    const span = reservable(record, body, uid);
    const minutes = body.reservationDuration ?? defaultReservationMinutes;
    const reservation: SimReservation = {
      ...existing,
      eventTypeId: record.eventType.id,
      span,
      releaseAtMs: now().getTime() + minutes * minute,
    };
    state.putReservation(reservation);
    return c.json({ status: "success", data: reservationOutput(reservation, minutes) });
  });

  // Cal.com deletes by uid without looking first: an unknown uid is answered the same.
  routes.delete("/reservations/:uid", (c) => {
    state.deleteReservation(c.req.param("uid"));
    return c.json({ status: "success" });
  });

  routes.get("/", (c) => {
    refuseHostSubsets(state.refuseHostSubsets, c.req.query());
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
    const nowMs = now().getTime();
    // A reservation hides its time for the whole event type, whichever host it is stored under.
    const reserved = state.reservationsOf(record.eventType.id, nowMs).map((r) => r.span);
    const starts = state
      .slotStarts(
        restrictHosts(record, q.rrHostSubsetIds),
        start,
        end,
        length,
        nowMs,
        q.bookingUidToReschedule,
      )
      .filter((t) => !reserved.some((r) => r.start < t + length * minute && t < r.end));

    const seats = record.eventType.seats;
    const seated = seats ? state.seatedAt(record.eventType.id, q.bookingUidToReschedule) : null;
    const data: Record<string, Record<string, string | number>[]> = {};
    for (const t of starts) {
      const at = zonedIso(t, zone);
      const slot: Record<string, string | number> =
        q.format === "range"
          ? { start: at.iso, end: zonedIso(t + length * minute, zone).iso }
          : { start: at.iso };
      if (seats && seated) {
        // Seated event types say how full each slot is, and which booking a seat would join.
        const existing = seated.get(t);
        const booked = existing?.seats?.length ?? 0;
        slot.seatsBooked = booked;
        slot.seatsRemaining = seats.seatsPerTimeSlot - booked;
        slot.seatsTotal = seats.seatsPerTimeSlot;
        if (existing) slot.bookingUid = existing.uid;
      }
      const day = data[at.date] ?? [];
      day.push(slot);
      data[at.date] = day;
    }
    return c.json({ status: "success", data });
  });

  return routes;
}
