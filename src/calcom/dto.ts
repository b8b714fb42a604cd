import { z } from "zod";
import { jsonPath } from "../platform/json-path.ts";

/*
 * Response shapes of Cal.com API v2, as the server code sends them (its published OpenAPI
 * document mistypes hosts, memberships and slots as strings or objects). Unknown keys are
 * stripped; missing or null optional fields become null so callers never see `undefined`.
 */

/** Cal.com sends "" for a missing host name or username; a blank is no value. */
const text = () =>
  z
    .string()
    .nullish()
    .transform((v) => (v == null || v.trim() === "" ? null : v));

const id = () => z.int();
const nullableId = () =>
  id()
    .nullish()
    .transform((v) => v ?? null);
const flag = (fallback: boolean) =>
  z
    .boolean()
    .nullish()
    .transform((v) => v ?? fallback);
/** Case-tolerant enum: newer or older servers have sent upper-case variants of these values. */
const lowerEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(values));
const isoInstant = () => z.iso.datetime({ offset: true });

export const TeamSchema = z.object({
  id: id(),
  name: z.string(),
  slug: text(),
  parentId: nullableId(),
  isOrganization: flag(false),
  timeZone: text(),
  logoUrl: text(),
});
export type CalcomTeam = z.infer<typeof TeamSchema>;

const schedulingTypes = {
  roundrobin: "roundRobin",
  round_robin: "roundRobin",
  collective: "collective",
  managed: "managed",
} as const;

export const SchedulingTypeSchema = z
  .preprocess(
    (v) => (typeof v === "string" ? v.toLowerCase() : v),
    z.enum(Object.keys(schedulingTypes) as [keyof typeof schedulingTypes]).nullish(),
  )
  .transform((v) => (v == null ? null : schedulingTypes[v]));

export const EventTypeHostSchema = z.object({
  userId: id(),
  name: text(),
  username: text(),
  avatarUrl: text(),
  // Only round-robin event types carry these two.
  mandatory: z.boolean().optional(),
  priority: lowerEnum(["lowest", "low", "medium", "high", "highest"]).optional(),
});
export type CalcomEventTypeHost = z.infer<typeof EventTypeHostSchema>;

/**
 * What decides whether we can fill a booking field: Cal.com marks its own fields `isDefault`
 * (name, email, location, notes …) and a form builder field `isDefault: false`. A field type
 * the API does not know comes as `{type: "unknown", slug: "unknown", bookingField: "<JSON>"}`:
 * its stored definition is read from that JSON.
 */
const KnownBookingFieldSchema = z.object({
  type: text(),
  slug: text(),
  label: text(),
  required: flag(false),
  hidden: flag(false),
  isDefault: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
});

/** The database shape inside an "unknown" field: `name`, and `editable` "user" for a custom field. */
const StoredBookingFieldSchema = z.object({
  name: text(),
  type: text(),
  label: text(),
  required: flag(false),
  hidden: flag(false),
  editable: text(),
});

export const BookingFieldSchema = KnownBookingFieldSchema.extend({
  bookingField: z.string().nullish(),
}).transform(({ bookingField, ...field }) => {
  if (field.type !== "unknown" || !bookingField) return field;
  let stored: z.infer<typeof StoredBookingFieldSchema> | null = null;
  try {
    const parsed = StoredBookingFieldSchema.safeParse(JSON.parse(bookingField));
    if (parsed.success) stored = parsed.data;
  } catch {
    // Not JSON: nothing more to learn about the field.
  }
  if (!stored) return field;
  return {
    type: stored.type ?? field.type,
    slug: stored.name ?? field.slug,
    label: stored.label ?? field.label,
    required: stored.required,
    hidden: stored.hidden,
    isDefault: stored.editable === null ? null : stored.editable !== "user",
  };
});
export type CalcomBookingField = z.infer<typeof BookingFieldSchema>;

/**
 * A setting Cal.com sends as an object, `{disabled: true}` when it is off, or null/absent
 * (older servers): true when it is on.
 */
const enabledSetting = () =>
  z
    .unknown()
    .optional()
    .transform((v) => {
      if (v === null || v === undefined || v === false) return false;
      if (typeof v === "object") return (v as { disabled?: unknown }).disabled !== true;
      return v === true;
    });

const seatsPerSlot = (v: unknown) => typeof v === "number" && v > 0;

/** `{seatsPerTimeSlot, …}` or `{disabled: true}`: seated when it allows a number of seats. */
const seatsSetting = () =>
  z
    .unknown()
    .optional()
    .transform((v) => {
      if (v === null || typeof v !== "object") return seatsPerSlot(v);
      const seats = v as { disabled?: unknown; seatsPerTimeSlot?: unknown };
      if (seats.disabled === true) return false;
      return "seatsPerTimeSlot" in seats ? seatsPerSlot(seats.seatsPerTimeSlot) : true;
    });

export const TeamEventTypeSchema = z
  .object({
    id: id(),
    title: z.string(),
    slug: z.string(),
    description: text(),
    lengthInMinutes: z.number().int().positive(),
    hidden: flag(false),
    teamId: nullableId(),
    ownerId: nullableId(),
    parentEventTypeId: nullableId(),
    schedulingType: SchedulingTypeSchema,
    assignAllTeamMembers: flag(false),
    // A null scheduling type comes with `hosts: []`; an absent list means the same.
    hosts: z
      .array(EventTypeHostSchema)
      .nullish()
      .transform((v) => v ?? []),
    bookingFields: z
      .array(BookingFieldSchema)
      .nullish()
      .transform((v) => v ?? []),
    // `{type: "always"|"time", …}` or `{disabled: true}`; older servers: `requiresConfirmation`.
    confirmationPolicy: enabledSetting(),
    requiresConfirmation: enabledSetting(),
    // `{interval, occurrences, frequency}` or `{disabled: true}`; internally `recurringEvent`.
    recurrence: enabledSetting(),
    recurringEvent: enabledSetting(),
    // `{seatsPerTimeSlot, …}` or `{disabled: true}`; older servers: a top-level `seatsPerTimeSlot`.
    seats: seatsSetting(),
    seatsPerTimeSlot: seatsSetting(),
    // Newer servers: slots and bookings may name the round-robin hosts (`rrHostSubsetIds`).
    rrHostSubsetEnabled: flag(false),
  })
  .transform(
    ({
      confirmationPolicy,
      requiresConfirmation,
      recurrence,
      recurringEvent,
      seats,
      seatsPerTimeSlot,
      ...eventType
    }) => ({
      ...eventType,
      requiresConfirmation: confirmationPolicy || requiresConfirmation,
      recurring: recurrence || recurringEvent,
      seated: seats || seatsPerTimeSlot,
    }),
  );
export type CalcomTeamEventType = z.infer<typeof TeamEventTypeSchema>;

export const MembershipSchema = z.object({
  id: id(),
  userId: id(),
  teamId: id(),
  accepted: flag(false),
  role: z.preprocess(
    (v) => (typeof v === "string" ? v.toUpperCase() : v),
    z.enum(["MEMBER", "ADMIN", "OWNER"]),
  ),
  user: z.object({
    email: text(),
    name: text(),
    username: text(),
    avatarUrl: text(),
  }),
});
export type CalcomMembership = z.infer<typeof MembershipSchema>;

export const SlotSchema = z.object({ start: isoInstant(), end: isoInstant().optional() });
/** Date ("YYYY-MM-DD") → slots; dates without slots are omitted by Cal.com. */
export const SlotsSchema = z.record(z.string(), z.array(SlotSchema));
export type CalcomSlots = z.infer<typeof SlotsSchema>;

export const BookingStatusSchema = lowerEnum([
  "accepted",
  "pending",
  "cancelled",
  "rejected",
  "awaiting_host",
]);
export type CalcomBookingStatus = z.infer<typeof BookingStatusSchema>;

export const BookingHostSchema = z.object({
  // A booking without a user (deleted) has the host id "unknown": no id, not a bad answer.
  id: z.union([id(), z.string()]).transform((v) => (typeof v === "number" ? v : null)),
  name: text(),
  email: text(),
  username: text(),
  timeZone: text(),
});

export const AttendeeSchema = z.object({
  name: text(),
  email: text(),
  timeZone: text(),
  language: text(),
  phoneNumber: text(),
  absent: flag(false),
});

export const BookingSchema = z
  .object({
    id: id(),
    uid: z.string().min(1),
    title: text(),
    status: BookingStatusSchema,
    start: isoInstant(),
    end: isoInstant(),
    duration: z
      .number()
      .nullish()
      .transform((v) => v ?? null),
    // `eventTypeId` is deprecated in favour of `eventType.id`; either may be missing.
    eventTypeId: nullableId(),
    eventType: z.object({ id: id(), slug: text() }).nullish(),
    // Only the organizer (the assigned host for round robin), never collective co-hosts.
    hosts: z
      .array(BookingHostSchema)
      .nullish()
      .transform((v) => v ?? []),
    attendees: z
      .array(AttendeeSchema)
      .nullish()
      .transform((v) => v ?? []),
    metadata: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? {}),
    rescheduledFromUid: text(),
    rescheduledToUid: text(),
    cancellationReason: text(),
    reschedulingReason: text(),
    // Reconciliation pages by these; `updatedAt` moves on cancel, confirm, reject and reassign.
    createdAt: text(),
    updatedAt: text(),
  })
  .transform(({ eventType, ...booking }) => ({
    ...booking,
    eventTypeId: booking.eventTypeId ?? eventType?.id ?? null,
  }));
export type CalcomBooking = z.infer<typeof BookingSchema>;

/**
 * What `POST /v2/bookings` answers: one booking, or for a recurring event type an array of the
 * series' bookings, of which the first is the one asked for.
 */
export const CreatedBookingSchema = z.preprocess(
  (v) => (Array.isArray(v) ? v[0] : v),
  BookingSchema,
);

/* Input accepted by createBooking; checked before anything is sent. */

const metadataValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const CreateBookingInputSchema = z.object({
  eventTypeId: z.int().positive(),
  start: isoInstant(),
  attendee: z.object({
    name: z.string().trim().min(1),
    // Required here although Cal.com makes it optional: the duplicate check looks bookings up by it.
    email: z.email(),
    timeZone: z.string().min(1),
    phoneNumber: z.string().min(1).optional(),
    language: z.string().min(1).optional(),
  }),
  bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
  // Cal.com's limits: at most 50 keys of up to 40 characters, string values up to 500.
  metadata: z
    .record(z.string().max(40), metadataValue)
    .refine((m) => Object.keys(m).length <= 50, "at most 50 metadata keys")
    .optional(),
  /** Chosen round-robin hosts: Cal.com books one of them or refuses (no fallback). */
  rrHostSubsetIds: z.array(z.int().positive()).min(1).readonly().optional(),
});
export type CreateBookingInput = z.input<typeof CreateBookingInputSchema>;

/** What `POST`/`PATCH /v2/slots/reservations` answer; `reservationDuration` only there. */
export const SlotReservationSchema = z.object({
  reservationUid: z.string().min(1),
  eventTypeId: id(),
  slotStart: isoInstant(),
  slotEnd: isoInstant(),
  reservationUntil: isoInstant(),
});
export type CalcomSlotReservation = z.infer<typeof SlotReservationSchema>;

/** The first problems of a failed parse, each with its JSON path, on one line. */
export function describeIssues(root: string, error: z.ZodError, max = 3): string {
  const shown = error.issues
    .slice(0, max)
    .map((issue) => `${jsonPath(issue.path, root)}: ${issue.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : "";
  return shown.join("; ") + more;
}
