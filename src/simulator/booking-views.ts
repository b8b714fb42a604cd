import { DateTime } from "luxon";
import type { Membership, SimBooking, SimState } from "./state.ts";

/** Booking form fields every Cal.com event type has; anything else is a user field. */
const systemFields: Record<string, string> = {
  name: "your_name",
  email: "email_address",
  attendeePhoneNumber: "phone_number",
  notes: "additional_notes",
  guests: "additional_guests",
  rescheduleReason: "reason_for_reschedule",
};

function context(state: SimState, booking: SimBooking) {
  const record = state.eventTypes.get(booking.eventTypeId)!;
  const organizer: Membership = record.team.byUserId.get(booking.hostUserId)!;
  return { record, organizer, timeZone: record.team.team.timeZone };
}

const videoUrl = (booking: SimBooking) => `https://app.cal.com/video/${booking.uid}`;

const minutesBetween = (booking: SimBooking) =>
  Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000);

/** BookingOutput_2024_08_13: `hosts` lists only the organizer, as Cal.com does. */
export function bookingOutput(state: SimState, booking: SimBooking) {
  const { record, organizer, timeZone } = context(state, booking);
  return {
    id: booking.id,
    uid: booking.uid,
    title: booking.title,
    description: booking.description,
    hosts: [
      {
        id: organizer.userId,
        name: organizer.member.name,
        email: organizer.member.email,
        username: organizer.member.username,
        timeZone,
      },
    ],
    status: booking.status,
    ...(booking.cancellationReason === undefined
      ? {}
      : { cancellationReason: booking.cancellationReason }),
    ...(booking.reschedulingReason === undefined
      ? {}
      : { reschedulingReason: booking.reschedulingReason }),
    ...(booking.rescheduledFromUid === undefined
      ? {}
      : { rescheduledFromUid: booking.rescheduledFromUid }),
    ...(booking.rescheduledToUid === undefined
      ? {}
      : { rescheduledToUid: booking.rescheduledToUid }),
    start: booking.start,
    end: booking.end,
    duration: minutesBetween(booking),
    eventTypeId: booking.eventTypeId,
    eventType: { id: record.eventType.id, slug: record.eventType.slug },
    meetingUrl: videoUrl(booking),
    location: videoUrl(booking),
    absentHost: false,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
    metadata: booking.metadata,
    rating: null,
    attendees: [
      {
        name: booking.attendee.name,
        email: booking.attendee.email,
        timeZone: booking.attendee.timeZone,
        language: booking.attendee.language,
        absent: false,
        ...(booking.attendee.phoneNumber === undefined
          ? {}
          : { phoneNumber: booking.attendee.phoneNumber }),
      },
    ],
    guests: booking.guests,
    // Cal.com stores the attendee's own answers among the form responses.
    bookingFieldsResponses: {
      ...booking.bookingFieldsResponses,
      name: booking.attendee.name,
      email: booking.attendee.email,
    },
  };
}

export type WebhookTrigger = "BOOKING_CREATED" | "BOOKING_CANCELLED" | "BOOKING_RESCHEDULED";

/** Webhook timestamps look like dayjs' default format: UTC, no milliseconds. */
const webhookTime = (iso: string) => `${iso.slice(0, 19)}Z`;

const utcOffset = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).offset;

function responses(booking: SimBooking) {
  const labelled: Record<string, { label: string; value?: unknown }> = {
    name: { label: "your_name", value: booking.attendee.name },
    email: { label: "email_address", value: booking.attendee.email },
    notes: { label: "additional_notes" },
    guests: { label: "additional_guests", value: booking.guests },
  };
  if (booking.attendee.phoneNumber !== undefined) {
    labelled.attendeePhoneNumber = { label: "phone_number", value: booking.attendee.phoneNumber };
  }
  const userFields: Record<string, { label: string; value: unknown }> = {};
  for (const [slug, value] of Object.entries(booking.bookingFieldsResponses)) {
    const label = systemFields[slug];
    if (label) {
      labelled[slug] = { label, value };
    } else {
      labelled[slug] = { label: slug, value };
      userFields[slug] = { label: slug, value };
    }
  }
  return { responses: labelled, userFieldsResponses: userFields };
}

/**
 * The `payload` of a booking webhook (Cal.com's CalendarEvent plus extras). For
 * BOOKING_RESCHEDULED `booking` is the new booking and `original` the one it replaced.
 */
export function webhookPayload(
  state: SimState,
  trigger: WebhookTrigger,
  booking: SimBooking,
  original?: SimBooking,
) {
  const { record, organizer, timeZone } = context(state, booking);
  const team = record.team;
  const coHosts = booking.hostUserIds
    .filter((id) => id !== booking.hostUserId)
    .map((id) => team.byUserId.get(id)!)
    .map((m) => ({
      id: m.userId,
      name: m.member.name ?? "",
      email: m.member.email,
      timeZone,
      language: { locale: "en" },
    }));
  return {
    type: record.eventType.slug,
    title: booking.title,
    description: booking.description,
    additionalNotes: booking.description,
    customInputs: {},
    startTime: webhookTime(booking.start),
    endTime: webhookTime(booking.end),
    length: minutesBetween(booking),
    organizer: {
      id: organizer.userId,
      name: organizer.member.name ?? "",
      email: organizer.member.email,
      username: organizer.member.username ?? "",
      timeZone,
      language: { locale: "en" },
      timeFormat: "h:mma",
      utcOffset: utcOffset(booking.start, timeZone),
    },
    attendees: [
      {
        name: booking.attendee.name,
        email: booking.attendee.email,
        firstName: "",
        lastName: "",
        timeZone: booking.attendee.timeZone,
        language: { locale: booking.attendee.language },
        ...(booking.attendee.phoneNumber === undefined
          ? {}
          : { phoneNumber: booking.attendee.phoneNumber }),
        utcOffset: utcOffset(booking.start, booking.attendee.timeZone),
      },
    ],
    team: { id: team.team.id, name: team.team.name, members: coHosts },
    ...responses(booking),
    location: "integrations:daily",
    uid: booking.uid,
    bookingId: booking.id,
    eventTypeId: booking.eventTypeId,
    status: trigger === "BOOKING_CANCELLED" ? "CANCELLED" : "ACCEPTED",
    eventTitle: record.eventType.title,
    eventDescription: "",
    price: 0,
    currency: "usd",
    requiresConfirmation: false,
    metadata: { ...booking.metadata, videoCallUrl: videoUrl(booking) },
    ...(original
      ? {
          rescheduleId: original.id,
          rescheduleUid: original.uid,
          rescheduleStartTime: webhookTime(original.start),
          rescheduleEndTime: webhookTime(original.end),
          rescheduledBy: booking.attendee.email,
        }
      : {}),
    ...(trigger === "BOOKING_CANCELLED"
      ? { cancellationReason: booking.cancellationReason ?? "" }
      : {}),
  };
}
