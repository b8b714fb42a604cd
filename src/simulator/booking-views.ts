import { DateTime } from "luxon";
import type { EventTypeRecord, Membership, SimBooking, SimSeat, SimState } from "./state.ts";

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

/** The hosts taking part besides the organizer: Cal.com's "team members" of the booking. */
function teamMembers(record: EventTypeRecord, booking: SimBooking): Membership[] {
  return booking.hostUserIds
    .filter((id) => id !== booking.hostUserId)
    .map((id) => record.team.byUserId.get(id)!);
}

const videoUrl = (booking: SimBooking) => `https://app.cal.com/video/${booking.uid}`;

const minutesBetween = (booking: SimBooking) =>
  Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000);

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

function attendeeView(attendee: SimBooking["attendee"]) {
  return {
    name: attendee.name,
    email: attendee.email,
    timeZone: attendee.timeZone,
    language: attendee.language,
    absent: false,
    ...optional("phoneNumber", attendee.phoneNumber),
  };
}

function seatView(seat: SimSeat) {
  // Cal.com leaves the email out of a seat's form answers for privacy.
  const { email: _email, ...responses } = seat.bookingFieldsResponses;
  return {
    ...attendeeView(seat.attendee),
    seatUid: seat.seatUid,
    bookingFieldsResponses: { ...responses, name: seat.attendee.name },
    metadata: seat.metadata,
  };
}

export interface OutputOptions {
  /** Seated bookings: show the seats' attendees (team admins, or the event type allows it). */
  showSeatAttendees?: boolean;
  /** The seat the caller just took, answered as `seatUid`. */
  seatUid?: string;
}

/**
 * BookingOutput_2024_08_13. `hosts` lists only the organizer, as Cal.com does ("unknown" when its
 * user is gone); the other hosts taking part are attendees after the booker.
 */
export function bookingOutput(state: SimState, booking: SimBooking, options: OutputOptions = {}) {
  const { record, organizer, timeZone } = context(state, booking);
  const host = booking.orphaned
    ? { id: "unknown", name: "unknown", email: "unknown", username: "unknown" }
    : {
        id: organizer.userId,
        name: organizer.member.name,
        email: organizer.member.email,
        username: organizer.member.username || "unknown",
        timeZone,
      };
  const members = teamMembers(record, booking).map((m) => ({
    name: m.member.name ?? "",
    email: m.member.email,
    timeZone,
    language: "en",
    absent: false,
  }));
  const attendees = booking.seats
    ? options.showSeatAttendees
      ? booking.seats.map(seatView)
      : []
    : [attendeeView(booking.attendee), ...members];
  return {
    id: booking.id,
    uid: booking.uid,
    title: booking.title,
    description: booking.description,
    hosts: [host],
    status: booking.status,
    ...optional("cancellationReason", booking.cancellationReason),
    ...optional("reschedulingReason", booking.reschedulingReason),
    ...optional("rescheduledFromUid", booking.rescheduledFromUid),
    ...optional("rescheduledToUid", booking.rescheduledToUid),
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
    ...optional("recurringBookingUid", booking.recurringBookingUid),
    attendees,
    guests: booking.guests,
    // Cal.com stores the attendee's own answers among the form responses.
    bookingFieldsResponses: {
      ...booking.bookingFieldsResponses,
      name: booking.attendee.name,
      email: booking.attendee.email,
    },
    ...optional("seatUid", options.seatUid),
  };
}

export type WebhookTrigger =
  | "BOOKING_CREATED"
  | "BOOKING_REQUESTED"
  | "BOOKING_CANCELLED"
  | "BOOKING_RESCHEDULED"
  | "BOOKING_REJECTED";

/** Webhook timestamps look like dayjs' default format: UTC, no milliseconds. */
const webhookTime = (iso: string) => `${iso.slice(0, 19)}Z`;

const utcOffset = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).offset;

function responses(record: EventTypeRecord, booking: SimBooking) {
  const labels = new Map((record.eventType.bookingFields ?? []).map((f) => [f.slug, f.label]));
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
      const custom = labels.get(slug) ?? slug;
      labelled[slug] = { label: custom, value };
      userFields[slug] = { label: custom, value };
    }
  }
  return { responses: labelled, userFieldsResponses: userFields };
}

/** RRule frequencies as Cal.com's recurringEvent carries them. */
const rruleFrequency = { yearly: 0, monthly: 1, weekly: 2 } as const;

export interface WebhookExtras {
  /** BOOKING_RESCHEDULED (or a rescheduled BOOKING_REQUESTED): the booking it replaced. */
  original?: SimBooking;
  /** Seated bookings: the seat that was just taken; only its attendee is listed. */
  seat?: SimSeat;
}

/** The `payload` of a booking webhook (Cal.com's CalendarEvent plus extras). */
export function webhookPayload(
  state: SimState,
  trigger: WebhookTrigger,
  booking: SimBooking,
  extras: WebhookExtras = {},
) {
  const { record, organizer, timeZone } = context(state, booking);
  const team = record.team;
  const { original, seat } = extras;
  const members = teamMembers(record, booking);
  const booker = seat?.attendee ?? booking.attendee;
  const recurrence = record.eventType.recurrence;
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
        name: booker.name,
        email: booker.email,
        firstName: "",
        lastName: "",
        timeZone: booker.timeZone,
        language: { locale: booker.language },
        ...optional("phoneNumber", booker.phoneNumber),
        utcOffset: utcOffset(booking.start, booker.timeZone),
      },
      ...members.map((m) => ({
        name: m.member.name ?? "",
        email: m.member.email,
        firstName: "",
        lastName: "",
        timeZone,
        language: { locale: "en" },
        utcOffset: utcOffset(booking.start, timeZone),
      })),
    ],
    team: {
      id: team.team.id,
      name: team.team.name,
      members: members.map((m) => ({
        id: m.userId,
        name: m.member.name ?? "",
        email: m.member.email,
        timeZone,
        language: { locale: "en" },
      })),
    },
    ...responses(record, booking),
    location: "integrations:daily",
    uid: booking.uid,
    bookingId: booking.id,
    eventTypeId: booking.eventTypeId,
    status: booking.status.toUpperCase(),
    eventTitle: record.eventType.title,
    eventDescription: "",
    price: 0,
    currency: "usd",
    requiresConfirmation: record.eventType.requiresConfirmation ?? false,
    metadata: { ...booking.metadata, videoCallUrl: videoUrl(booking) },
    ...(recurrence && booking.recurringBookingUid
      ? {
          recurringEvent: {
            freq: rruleFrequency[recurrence.frequency],
            count: state.series(booking.recurringBookingUid).length,
            interval: recurrence.interval,
          },
        }
      : {}),
    ...(seat ? { seatUid: seat.seatUid } : {}),
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
    ...(trigger === "BOOKING_REJECTED" ? { rejectionReason: booking.rejectionReason ?? "" } : {}),
  };
}
