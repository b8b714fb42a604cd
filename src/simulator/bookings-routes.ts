import { Hono } from "hono";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { bookingOutput, webhookPayload } from "./booking-views.ts";
import { badRequest, notFound } from "./http-errors.ts";
import { jsonBody, optionalKey, requireKey, validate } from "./request-helpers.ts";
import type { EventTypeRecord, SimBooking, SimState } from "./state.ts";
import type { WebhookDispatcher } from "./webhooks.ts";

const isoInstant = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .refine(
      (v) => DateTime.fromISO(v, { zone: "utc" }).isValid,
      `${name} must be an ISO 8601 date`,
    );

const toMs = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).toMillis();

const timeZone = z
  .string({ error: "timeZone is required" })
  .refine((tz) => IANAZone.isValidZone(tz), "timeZone must be a valid IANA time zone");

/** Cal.com's metadata rule: at most 50 keys, keys up to 40 characters, strings up to 500. */
const metadataSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .superRefine((metadata, ctx) => {
    const entries = Object.entries(metadata);
    if (entries.length > 50) {
      ctx.addIssue({ code: "custom", message: "metadata must have at most 50 keys" });
    }
    for (const [key, value] of entries) {
      if (key.length > 40) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "metadata keys must be at most 40 characters",
        });
      }
      if (typeof value === "string" && value.length > 500) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "metadata string values must be at most 500 characters",
        });
      }
    }
  });

const attendeeSchema = z.object(
  {
    name: z.string({ error: "attendee.name is required" }).trim().min(1, "must not be empty"),
    email: z.email().optional(),
    timeZone,
    phoneNumber: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "phoneNumber must be a valid phone number in E.164 format")
      .optional(),
    language: z.string().min(2).max(10).optional(),
  },
  { error: "attendee is required" },
);

const createBookingBody = z.object({
  start: isoInstant("start"),
  eventTypeId: z.number().int().positive().optional(),
  eventTypeSlug: z.string().min(1).optional(),
  teamSlug: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  attendee: attendeeSchema,
  guests: z.array(z.email()).optional(),
  bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
  metadata: metadataSchema.optional(),
  lengthInMinutes: z.number().int().positive().optional(),
  location: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

const cancelBody = z.object({
  cancellationReason: z.string().optional(),
  cancelSubsequentBookings: z.boolean().optional(),
});

const rescheduleBody = z.object({
  start: isoInstant("start"),
  reschedulingReason: z.string().optional(),
});

const intList = (name: string) =>
  z
    .string()
    .regex(/^\d+(,\d+)*$/, `${name} must be a comma-separated list of integers`)
    .transform((v) => v.split(",").map(Number));

const listStatuses = ["upcoming", "recurring", "past", "cancelled", "unconfirmed"] as const;

const listQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(","))
    .pipe(z.array(z.enum(listStatuses, { error: `status must be one of: ${listStatuses}` })))
    .optional(),
  attendeeEmail: z.string().optional(),
  attendeeName: z.string().optional(),
  eventTypeId: intList("eventTypeId").optional(),
  eventTypeIds: intList("eventTypeIds").optional(),
  teamId: intList("teamId").optional(),
  teamIds: intList("teamIds").optional(),
  afterStart: isoInstant("afterStart").optional(),
  beforeEnd: isoInstant("beforeEnd").optional(),
  sortStart: z.enum(["asc", "desc"]).optional(),
  take: z
    .string()
    .regex(/^\d+$/, "take must be an integer number")
    .transform(Number)
    .refine((n) => n >= 1, "take must not be less than 1")
    .optional(),
  skip: z
    .string()
    .regex(/^\d+$/, "skip must be a non-negative integer")
    .transform(Number)
    .optional(),
});

const legacyVersionsMessage =
  "This request reached Cal.com's legacy bookings handler (cal-api-version missing or not " +
  "2024-08-13 falls back to 2024-04-15), which expects the legacy body " +
  "{start, end, eventTypeId, responses:{name, email, …}, timeZone, language, metadata}. " +
  "Send the header cal-api-version: 2024-08-13.";

/**
 * Header routing for /v2/bookings*: 2024-08-13 reaches these routes; another version Cal.com
 * knows but does not serve bookings under is a 404; missing, unknown and legacy versions land
 * in the legacy controller, which rejects the 2024-08-13 request shapes.
 */
export function bookingsVersion(header: string | undefined): "current" | "not-found" | "legacy" {
  if (header === "2024-08-13") return "current";
  if (header === "2024-09-04" || header === "2025-07-11") return "not-found";
  return "legacy";
}

export function legacyBookingsError() {
  return badRequest(legacyVersionsMessage);
}

/** Cal.com's default event name: "<event type> between <organizer> and <attendee>". */
function bookingTitle(record: EventTypeRecord, organizerId: number, attendeeName: string): string {
  const organizer = record.team.byUserId.get(organizerId)!.member;
  const organizerName = organizer.name || organizer.username || organizer.email;
  return `${record.eventType.title} between ${organizerName} and ${attendeeName}`;
}

export interface BookingsDeps {
  state: SimState;
  now: () => Date;
  webhooks: WebhookDispatcher;
}

export function bookingsRoutes({ state, now, webhooks }: BookingsDeps): Hono {
  const routes = new Hono();

  const findBooking = (uid: string): SimBooking => {
    const booking = state.booking(uid);
    if (!booking) throw notFound(`Booking with uid=${uid} was not found in the database`);
    return booking;
  };

  const refusePast = (startMs: number) => {
    if (startMs < now().getTime()) throw badRequest("Attempting to book a meeting in the past.");
  };

  const noHostFree = (record: EventTypeRecord, startMs: number) =>
    badRequest("no_available_users_found_error", {
      reason:
        `No host of event type ${record.eventType.id} is free for a slot starting at ` +
        `${new Date(startMs).toISOString()}: it is not a slot of this event type, or every ` +
        "host is already booked then. Query /v2/slots again.",
    });

  const resolveEventType = (body: z.infer<typeof createBookingBody>): EventTypeRecord => {
    if (body.eventTypeId !== undefined) {
      const record = state.eventTypes.get(body.eventTypeId);
      if (!record) throw notFound(`Event type with id=${body.eventTypeId} not found`);
      return record;
    }
    if (body.eventTypeSlug !== undefined && body.teamSlug !== undefined) {
      const record = state.eventTypeBySlug(body.teamSlug, body.eventTypeSlug);
      if (!record) throw notFound(`Event type with slug=${body.eventTypeSlug} not found`);
      return record;
    }
    if (body.eventTypeSlug !== undefined && body.username !== undefined) {
      throw notFound(`Event type with slug=${body.eventTypeSlug} not found`);
    }
    throw badRequest(
      "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided",
    );
  };

  routes.post("/", async (c) => {
    optionalKey(c, state);
    const body = validate(createBookingBody, await jsonBody(c));
    const record = resolveEventType(body);
    const length = record.eventType.lengthInMinutes;
    if (body.lengthInMinutes !== undefined && body.lengthInMinutes !== length) {
      throw badRequest(
        `Can't specify 'lengthInMinutes' because event type with id=${record.eventType.id} ` +
          `does not have multiple possible lengths; its length is ${length} minutes.`,
      );
    }
    const startMs = toMs(body.start);
    refusePast(startMs);

    // Cal.com hands back the existing booking when the same attendee books the same slot again.
    if (body.attendee.email !== undefined) {
      const existing = state.findAccepted(record.eventType.id, startMs, body.attendee.email);
      if (existing) return c.json({ status: "success", data: bookingOutput(state, existing) }, 201);
    }

    const assignment = state.assign(record, startMs, length);
    if (!assignment) throw noHostFree(record, startMs);
    const at = now().toISOString();
    const booking = state.addBooking(
      {
        eventTypeId: record.eventType.id,
        hostUserId: assignment.organizer,
        hostUserIds: assignment.participants,
        title: bookingTitle(record, assignment.organizer, body.attendee.name),
        description:
          typeof body.bookingFieldsResponses?.notes === "string"
            ? body.bookingFieldsResponses.notes
            : "",
        attendee: {
          name: body.attendee.name,
          email: body.attendee.email ?? "",
          timeZone: body.attendee.timeZone,
          language: body.attendee.language ?? "en",
          ...(body.attendee.phoneNumber === undefined
            ? {}
            : { phoneNumber: body.attendee.phoneNumber }),
        },
        guests: body.guests ?? [],
        bookingFieldsResponses: body.bookingFieldsResponses ?? {},
        metadata: body.metadata ?? {},
        createdAt: at,
        updatedAt: at,
      },
      record,
      { start: startMs, end: startMs + length * 60_000 },
    );
    webhooks.send(
      booking.teamId,
      "BOOKING_CREATED",
      webhookPayload(state, "BOOKING_CREATED", booking),
    );
    return c.json({ status: "success", data: bookingOutput(state, booking) }, 201);
  });

  routes.get("/", (c) => {
    const key = requireKey(c, state);
    const q = validate(listQuery, c.req.query());
    const nowMs = now().getTime();
    const eventTypeIds = [...(q.eventTypeId ?? []), ...(q.eventTypeIds ?? [])];
    const teamIds = [...(q.teamId ?? []), ...(q.teamIds ?? [])];
    const email = q.attendeeEmail?.trim().toLowerCase();
    const matchesStatus = (b: SimBooking): boolean =>
      (q.status ?? []).length === 0 ||
      (q.status ?? []).some((status) => {
        switch (status) {
          case "upcoming":
            return b.status === "accepted" && toMs(b.end) >= nowMs;
          case "past":
            return b.status === "accepted" && toMs(b.end) < nowMs;
          case "cancelled":
            return b.status === "cancelled";
          default:
            // No recurring or unconfirmed bookings exist in the simulator.
            return false;
        }
      });
    const direction = q.sortStart === "desc" ? -1 : 1;
    const all = state
      .bookings()
      .filter((b) => state.keyTeams(key)?.has(b.teamId))
      .filter((b) => eventTypeIds.length === 0 || eventTypeIds.includes(b.eventTypeId))
      .filter((b) => teamIds.length === 0 || teamIds.includes(b.teamId))
      .filter((b) => email === undefined || b.attendee.email.toLowerCase() === email)
      .filter((b) => q.attendeeName === undefined || b.attendee.name.includes(q.attendeeName))
      .filter((b) => q.afterStart === undefined || toMs(b.start) >= toMs(q.afterStart))
      .filter((b) => q.beforeEnd === undefined || toMs(b.end) <= toMs(q.beforeEnd))
      .filter(matchesStatus)
      .sort((a, b) => direction * (toMs(a.start) - toMs(b.start)) || a.id - b.id);
    const take = q.take ?? 100;
    const skip = q.skip ?? 0;
    const page = all.slice(skip, skip + take);
    return c.json({
      status: "success",
      data: page.map((b) => bookingOutput(state, b)),
      pagination: {
        totalItems: all.length,
        remainingItems: Math.max(0, all.length - skip - page.length),
        returnedItems: page.length,
        itemsPerPage: take,
        currentPage: Math.floor(skip / take) + 1,
        totalPages: Math.ceil(all.length / take),
        hasNextPage: skip + page.length < all.length,
        hasPreviousPage: skip > 0,
      },
    });
  });

  routes.get("/:uid", (c) => {
    optionalKey(c, state);
    return c.json({
      status: "success",
      data: bookingOutput(state, findBooking(c.req.param("uid"))),
    });
  });

  routes.post("/:uid/cancel", async (c) => {
    optionalKey(c, state);
    const body = validate(cancelBody, await jsonBody(c));
    const booking = findBooking(c.req.param("uid"));
    if (booking.status === "cancelled")
      throw badRequest("This booking has already been cancelled.");
    state.cancel(booking.uid, { cancellationReason: body.cancellationReason }, now().toISOString());
    webhooks.send(
      booking.teamId,
      "BOOKING_CANCELLED",
      webhookPayload(state, "BOOKING_CANCELLED", booking),
    );
    return c.json({ status: "success", data: bookingOutput(state, booking) });
  });

  routes.post("/:uid/reschedule", async (c) => {
    optionalKey(c, state);
    const body = validate(rescheduleBody, await jsonBody(c));
    const original = findBooking(c.req.param("uid"));
    if (original.status === "cancelled") {
      throw badRequest(`Booking with uid=${original.uid} is cancelled and cannot be rescheduled`);
    }
    const record = state.eventTypes.get(original.eventTypeId)!;
    const length = Math.round((toMs(original.end) - toMs(original.start)) / 60_000);
    const startMs = toMs(body.start);
    refusePast(startMs);
    // The booking being moved must not block its own slot.
    const assignment = state.assign(record, startMs, length, original.uid);
    if (!assignment) throw noHostFree(record, startMs);
    const at = now().toISOString();
    const booking = state.addBooking(
      {
        eventTypeId: original.eventTypeId,
        hostUserId: assignment.organizer,
        hostUserIds: assignment.participants,
        title: bookingTitle(record, assignment.organizer, original.attendee.name),
        description: original.description,
        attendee: { ...original.attendee },
        guests: [...original.guests],
        bookingFieldsResponses: { ...original.bookingFieldsResponses },
        metadata: { ...original.metadata },
        createdAt: at,
        updatedAt: at,
        rescheduledFromUid: original.uid,
        ...(body.reschedulingReason === undefined
          ? {}
          : { reschedulingReason: body.reschedulingReason }),
      },
      record,
      { start: startMs, end: startMs + length * 60_000 },
    );
    state.cancel(original.uid, { rescheduledToUid: booking.uid }, at);
    webhooks.send(
      booking.teamId,
      "BOOKING_RESCHEDULED",
      webhookPayload(state, "BOOKING_RESCHEDULED", booking, original),
    );
    return c.json({ status: "success", data: bookingOutput(state, booking) }, 201);
  });

  return routes;
}
