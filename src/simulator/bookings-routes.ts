import type { Context } from "hono";
import { Hono } from "hono";
import { isValidPhoneNumber } from "libphonenumber-js";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import type { BookingEngine, Created } from "./booking-engine.ts";
import { bookingOutput } from "./booking-views.ts";
import { hostSubsetBody, refuseHostSubsets } from "./host-subsets.ts";
import { badRequest, notFound } from "./http-errors.ts";
import { jsonBody, optionalKey, requireKey, requireTeam, validate } from "./request-helpers.ts";
import { type EventTypeRecord, isActive, type SimBooking, type SimState } from "./state.ts";

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

/** Cal.com checks the email with isEmail and the phone number with libphonenumber. */
const attendeeSchema = z.object(
  {
    name: z.string({ error: "attendee.name is required" }).trim().min(1, "must not be empty"),
    email: z
      .string()
      .refine((v) => v === "" || z.email().safeParse(v).success, "Invalid email format")
      .optional(),
    timeZone,
    phoneNumber: z
      .string()
      .refine(
        (v) => v === "" || isValidPhoneNumber(v),
        "Invalid phone number format. Please use international format.",
      )
      .optional(),
    language: z.string().min(2).max(10).optional(),
  },
  { error: "attendee is required" },
);

export const createBookingBody = z.object({
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
  recurrenceCount: z.number().int().min(1, "recurrenceCount must not be less than 1").optional(),
  rrHostSubsetIds: hostSubsetBody.optional(),
});

export type CreateBookingBody = z.infer<typeof createBookingBody>;

const cancelBody = z.object({
  cancellationReason: z.string().optional(),
  cancelSubsequentBookings: z.boolean().optional(),
  seatUid: z.string().min(1).optional(),
});

const rescheduleBody = z.object({
  start: isoInstant("start"),
  reschedulingReason: z.string().optional(),
  rescheduledBy: z.string().optional(),
  seatUid: z.string().optional(),
  rrHostSubsetIds: hostSubsetBody.optional(),
});

const declineBody = z.object({ reason: z.string().optional() });

const intList = (name: string) =>
  z
    .string()
    .regex(/^\d+(,\d+)*$/, `${name} must be a comma-separated list of integers`)
    .transform((v) => v.split(",").map(Number));

const listStatuses = ["upcoming", "recurring", "past", "cancelled", "unconfirmed"] as const;
const sortOrder = (name: string) =>
  z.enum(["asc", "desc"], { error: `${name} must be either "asc" or "desc".` });

const listQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()))
    .pipe(
      z.array(
        z.enum(listStatuses, {
          error: "Invalid status. Allowed are upcoming, recurring, past, cancelled, unconfirmed",
        }),
      ),
    )
    .optional(),
  attendeeEmail: z.string().optional(),
  attendeeName: z.string().optional(),
  eventTypeId: intList("eventTypeId").optional(),
  eventTypeIds: intList("eventTypeIds").optional(),
  teamId: intList("teamId").optional(),
  teamIds: intList("teamIds").optional(),
  afterStart: isoInstant("afterStart").optional(),
  beforeEnd: isoInstant("beforeEnd").optional(),
  afterCreatedAt: isoInstant("afterCreatedAt").optional(),
  beforeCreatedAt: isoInstant("beforeCreatedAt").optional(),
  afterUpdatedAt: isoInstant("afterUpdatedAt").optional(),
  beforeUpdatedAt: isoInstant("beforeUpdatedAt").optional(),
  sortStart: sortOrder("sortStart").optional(),
  sortEnd: sortOrder("sortEnd").optional(),
  sortCreatedAt: sortOrder("sortCreatedAt").optional(),
  sortUpdatedAt: sortOrder("sortUpdatedAt").optional(),
  take: z
    .string()
    .regex(/^\d+$/, "take must be an integer number")
    .transform(Number)
    .refine((n) => n >= 1, "take must not be less than 1")
    .refine((n) => n <= 250, "take must not be greater than 250")
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

/** The event type a create body names: by id, or by slug with a team slug. */
export function resolveEventType(state: SimState, body: CreateBookingBody): EventTypeRecord {
  if (body.eventTypeId !== undefined) {
    const record = state.eventTypes.get(body.eventTypeId);
    if (!record) throw notFound(`Event type with id ${body.eventTypeId} not found.`);
    return record;
  }
  if (body.eventTypeSlug !== undefined && body.teamSlug !== undefined) {
    const record = state.eventTypeBySlug(body.teamSlug, body.eventTypeSlug);
    if (!record) {
      throw notFound(
        `Event type with slug ${body.eventTypeSlug} belonging to team ${body.teamSlug} not found.`,
      );
    }
    return record;
  }
  if (body.eventTypeSlug !== undefined && body.username !== undefined) {
    // The simulator only knows team event types.
    throw notFound(
      `Event type with slug ${body.eventTypeSlug} belonging to user ${body.username} not found.`,
    );
  }
  throw badRequest(
    "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided",
  );
}

export interface BookingsDeps {
  state: SimState;
  now: () => Date;
  engine: BookingEngine;
}

const always = { webhook: true };

export function bookingsRoutes({ state, now, engine }: BookingsDeps): Hono {
  const routes = new Hono();

  const isAdmin = (key: string | null, booking: SimBooking) =>
    key !== null && (state.keyTeams(key)?.has(booking.teamId) ?? false);

  const view = (key: string | null, booking: SimBooking, seatUid?: string) =>
    bookingOutput(state, booking, {
      ...engine.outputOptions(booking, isAdmin(key, booking)),
      ...(seatUid === undefined ? {} : { seatUid }),
    });

  const answer = (c: Context, key: string | null, created: Created) =>
    c.json(
      {
        status: "success",
        data:
          created.kind === "series"
            ? created.bookings.map((b) => view(key, b))
            : view(key, created.booking, created.seatUid),
      },
      201,
    );

  routes.post("/", async (c) => {
    const key = optionalKey(c, state);
    const raw = await jsonBody(c);
    refuseHostSubsets(state.refuseHostSubsets, raw);
    const body = validate(createBookingBody, raw);
    const record = resolveEventType(state, body);
    return answer(c, key, engine.create(record, body, always));
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
        const ended = toMs(b.end) < nowMs;
        switch (status) {
          case "upcoming":
            return isActive(b) && !ended;
          case "unconfirmed":
            return b.status === "pending" && !ended;
          case "recurring":
            return b.recurringBookingUid !== undefined && isActive(b) && !ended;
          case "past":
            return isActive(b) && ended;
          default: // "cancelled"
            return b.status === "cancelled" || b.status === "rejected";
        }
      });
    const attendeeEmails = (b: SimBooking) => [
      b.attendee.email.toLowerCase(),
      ...(b.seats ?? []).map((s) => s.attendee.email.toLowerCase()),
      ...b.hostUserIds
        .filter((id) => id !== b.hostUserId)
        .map((id) => state.teams.get(b.teamId)?.byUserId.get(id)?.member.email.toLowerCase()),
    ];
    const after = (value: string, bound: string | undefined) =>
      bound === undefined || toMs(value) >= toMs(bound);
    const before = (value: string, bound: string | undefined) =>
      bound === undefined || toMs(value) <= toMs(bound);

    // Cal.com counts the total without the date filters, so the totals overstate what a
    // date-filtered listing holds: a client must page until a short page.
    const counted = state
      .bookings()
      .filter((b) => state.keyTeams(key)?.has(b.teamId))
      .filter((b) => eventTypeIds.length === 0 || eventTypeIds.includes(b.eventTypeId))
      .filter((b) => teamIds.length === 0 || teamIds.includes(b.teamId))
      .filter((b) => email === undefined || attendeeEmails(b).includes(email))
      .filter((b) => q.attendeeName === undefined || b.attendee.name.includes(q.attendeeName))
      .filter(matchesStatus);
    const sorts: [keyof SimBooking, "asc" | "desc" | undefined][] = [
      ["start", q.sortStart],
      ["end", q.sortEnd],
      ["createdAt", q.sortCreatedAt],
      ["updatedAt", q.sortUpdatedAt],
    ];
    const [field, order] = sorts.find(([, o]) => o !== undefined) ?? ["start", "asc"];
    const direction = order === "desc" ? -1 : 1;
    const all = counted
      .filter((b) => after(b.start, q.afterStart) && before(b.end, q.beforeEnd))
      .filter((b) => after(b.createdAt, q.afterCreatedAt) && before(b.createdAt, q.beforeCreatedAt))
      .filter((b) => after(b.updatedAt, q.afterUpdatedAt) && before(b.updatedAt, q.beforeUpdatedAt))
      .sort(
        (a, b) => direction * (toMs(a[field] as string) - toMs(b[field] as string)) || a.id - b.id,
      );
    const take = q.take ?? 100;
    const skip = q.skip ?? 0;
    const page = all.slice(skip, skip + take);
    const total = counted.length;
    return c.json({
      status: "success",
      data: page.map((b) => view(key, b)),
      pagination: {
        totalItems: total,
        totalCount: total,
        remainingItems: Math.max(0, total - skip - page.length),
        returnedItems: page.length,
        itemsPerPage: take,
        currentPage: Math.floor(skip / take) + 1,
        totalPages: Math.ceil(total / take),
        hasNextPage: skip + page.length < total,
        hasPreviousPage: skip > 0,
      },
    });
  });

  routes.get("/:uid", (c) => {
    const key = optionalKey(c, state);
    const uid = c.req.param("uid");
    const booking = state.booking(uid);
    if (booking) return c.json({ status: "success", data: view(key, booking) });
    // A recurring series' uid answers with all its occurrences.
    const series = state.series(uid);
    if (series.length === 0)
      throw notFound(`Booking with uid=${uid} was not found in the database`);
    return c.json({ status: "success", data: series.map((b) => view(key, b)) });
  });

  routes.post("/:uid/cancel", async (c) => {
    const key = optionalKey(c, state);
    const body = validate(cancelBody, await jsonBody(c));
    const cancelled = engine.cancel(
      c.req.param("uid"),
      {
        ...(body.cancellationReason === undefined ? {} : { reason: body.cancellationReason }),
        ...(body.seatUid === undefined ? {} : { seatUid: body.seatUid }),
        ...(body.cancelSubsequentBookings ? { cancelSubsequent: true } : {}),
      },
      always,
    );
    return c.json({
      status: "success",
      data: body.cancelSubsequentBookings
        ? cancelled.map((b) => view(key, b))
        : view(key, cancelled[0]!),
    });
  });

  routes.post("/:uid/reschedule", async (c) => {
    const key = optionalKey(c, state);
    const raw = await jsonBody(c);
    refuseHostSubsets(state.refuseHostSubsets, raw);
    const body = validate(rescheduleBody, raw);
    const booking = engine.reschedule(
      c.req.param("uid"),
      {
        start: body.start,
        ...(body.reschedulingReason === undefined ? {} : { reason: body.reschedulingReason }),
        ...(body.rrHostSubsetIds === undefined ? {} : { hostIds: body.rrHostSubsetIds }),
      },
      always,
    );
    return c.json({ status: "success", data: view(key, booking) }, 201);
  });

  /** Confirm and decline are for the team's admins (the dashboard's buttons, over the API). */
  const adminBooking = (c: Context): { key: string; uid: string } => {
    const key = requireKey(c, state);
    const uid = c.req.param("uid")!;
    requireTeam(key, state, engine.find(uid).teamId);
    return { key, uid };
  };

  routes.post("/:uid/confirm", (c) => {
    const { key, uid } = adminBooking(c);
    return c.json({ status: "success", data: view(key, engine.confirm(uid, always)) });
  });

  routes.post("/:uid/decline", async (c) => {
    const { key, uid } = adminBooking(c);
    const body = validate(declineBody, await jsonBody(c));
    return c.json({
      status: "success",
      data: view(key, engine.decline(uid, body.reason, always)),
    });
  });

  return routes;
}
