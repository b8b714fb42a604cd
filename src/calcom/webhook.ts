import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import {
  type CalcomBookingEvent,
  type CalcomBookingTrigger,
  calcomBookingTriggers,
} from "../domain/entities.ts";
import type { Secret } from "../domain/secret.ts";
import { parseJson } from "../platform/json.ts";
import { jsonPath } from "../platform/json-path.ts";

/**
 * Cal.com webhook signature: lowercase hex HMAC-SHA256 of the exact raw body, keyed with the
 * webhook secret, in `X-Cal-Signature-256`. Checked on the raw bytes before any
 * JSON parsing, in constant time.
 */
export function verifyCalcomSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  const given = Buffer.from(header.trim().toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Which of the accepted secrets (tried in order) signed the body, or null for none. */
export function signingSecret<T extends { secret: Secret }>(
  rawBody: string,
  header: string | null | undefined,
  accepted: readonly T[],
): T | null {
  return accepted.find((a) => verifyCalcomSignature(rawBody, header, a.secret.reveal())) ?? null;
}

export function signCalcomBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}

const text = z
  .string()
  .nullish()
  .transform((v) => (v && v.trim() !== "" ? v : null));

/** An ISO date-time with offset that is also a real instant (inside the range of a Date). */
const instant = z.iso
  .datetime({ offset: true })
  .refine((v) => Number.isFinite(Date.parse(v)), "is outside the range of dates");

const person = z.looseObject({
  id: z.coerce.number().int().nullish(),
  name: text,
  email: text,
  username: text,
  timeZone: text,
});

export const calcomWebhookSchema = z.looseObject({
  // Both spellings Cal.com has used ("BOOKING_CREATED", "booking.created").
  triggerEvent: z.string().transform((t) => t.trim().toUpperCase().replace(/\./g, "_")),
  createdAt: z.string().nullish(),
  payload: z.looseObject({}).nullish(),
});

export const bookingPayloadSchema = z.looseObject({
  uid: z.string().min(1),
  bookingId: z.coerce.number().int().nullish(),
  eventTypeId: z.coerce.number().int().nullish(),
  type: text,
  title: text,
  startTime: instant,
  endTime: instant,
  status: text,
  organizer: person.nullish(),
  attendees: z
    .array(person.extend({ phoneNumber: text }))
    .nullish()
    .transform((v) => v ?? []),
  responses: z.looseObject({}).nullish(),
  metadata: z.looseObject({}).nullish(),
  team: z
    .looseObject({
      members: z
        .array(person)
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish(),
  rescheduleUid: text,
  cancellationReason: text,
});

export type CalcomBookingPayload = z.infer<typeof bookingPayloadSchema>;

export type ParsedCalcomWebhook =
  | {
      kind: "booking";
      trigger: CalcomBookingTrigger;
      createdAt: string | null;
      booking: CalcomBookingPayload;
    }
  | { kind: "ignored"; trigger: string }
  | { kind: "invalid"; path: string; message: string };

/** Parses a verified body. Unknown triggers are "ignored" (answered 200), bad shapes "invalid" (400). */
export function parseCalcomWebhook(rawBody: string): ParsedCalcomWebhook {
  // Nesting past 64 levels is refused; NULs in strings are dropped, so a name carrying one is
  // stored without it on PostgreSQL (whose text columns refuse NUL) instead of failing for ever.
  const json = parseJson(rawBody);
  if (!json.ok) return { kind: "invalid", path: "$", message: json.message };
  const envelope = calcomWebhookSchema.safeParse(json.value);
  if (!envelope.success) return invalid(envelope.error, "$");
  const trigger = envelope.data.triggerEvent;
  if (!(calcomBookingTriggers as readonly string[]).includes(trigger))
    return { kind: "ignored", trigger };
  const booking = bookingPayloadSchema.safeParse(envelope.data.payload ?? {});
  if (!booking.success) return invalid(booking.error, "$.payload");
  return {
    kind: "booking",
    trigger: trigger as CalcomBookingTrigger,
    createdAt: envelope.data.createdAt ?? null,
    booking: booking.data,
  };
}

function invalid(error: z.ZodError, root: string): ParsedCalcomWebhook {
  const issue = error.issues[0]!;
  return { kind: "invalid", path: jsonPath(issue.path, root), message: issue.message };
}

/** The domain's view of a booking webhook. */
export function toBookingEvent(
  trigger: CalcomBookingTrigger,
  b: CalcomBookingPayload,
): CalcomBookingEvent {
  const attendee = b.attendees[0];
  const responses = (b.responses ?? {}) as Record<string, unknown>;
  const phoneResponse = responses.attendeePhoneNumber ?? responses.phone;
  const phone =
    attendee?.phoneNumber ??
    (typeof phoneResponse === "string"
      ? phoneResponse
      : typeof (phoneResponse as { value?: unknown })?.value === "string"
        ? (phoneResponse as { value: string }).value
        : null);
  return {
    trigger,
    uid: b.uid,
    bookingId: b.bookingId ?? null,
    eventTypeId: b.eventTypeId ?? null,
    start: new Date(b.startTime).toISOString(),
    end: new Date(b.endTime).toISOString(),
    hostUserId: b.organizer?.id ?? null,
    attendee: attendee
      ? { name: attendee.name, email: attendee.email, phone: phone || null }
      : null,
    participants: {
      memberIds: (b.team?.members ?? []).flatMap((m) =>
        typeof m.id === "number" && m.id !== b.organizer?.id ? [m.id] : [],
      ),
      attendeeEmails: b.attendees.flatMap((a) => (a.email ? [a.email.trim().toLowerCase()] : [])),
    },
    rescheduledFromUid: trigger === "BOOKING_RESCHEDULED" ? (b.rescheduleUid ?? null) : null,
  };
}
