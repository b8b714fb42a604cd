import {
  appointmentStatus,
  type BookingReport,
  reportedStatus,
} from "../../domain/appointment-status.ts";
import { chosenHostId } from "../../domain/chosen-host.ts";
import type {
  Appointment,
  AppointmentStatus,
  BookingParticipants,
  CalcomHost,
  HostMapping,
} from "../../domain/entities.ts";
import type { NewAppointment } from "../../domain/ports/appointments.ts";
import type { Repositories } from "../../domain/ports/store.ts";

/**
 * What Cal.com says one booking is now, from a webhook or from its booking list: the one input
 * of `applyBookingState`, which both the webhook ingest and the reconciliation write through.
 */
export interface BookingState {
  uid: string;
  bookingId: number | null;
  eventTypeId: number | null;
  /** UTC ISO. */
  start: string;
  end: string;
  /** The trigger of a webhook, or the booking's status in Cal.com's booking list. */
  report: BookingReport;
  /** The organizer (for round robin with fixed hosts: the first fixed host). */
  organizerId: number | null;
  participants: BookingParticipants;
  /** The booker as Cal.com has them: kept on the appointment, never in a customer record. */
  attendee: { name: string | null; email: string | null } | null;
  rescheduledFromUid: string | null;
  /** Cal.com says this booking was moved to that uid. */
  rescheduledToUid: string | null;
  /** Our idempotency key in the booking's metadata: the voice agent made this booking. */
  frontdeskRef: string | null;
}

/**
 * What applying a booking reads about the company's Cal.com setup: per delivery from the
 * transaction (webhooks), or once per run (reconciliation).
 */
export interface BookingLookups {
  /** Mirrored hosts of the event type, with the event types each is fixed in. */
  hostsOf(eventTypeId: number): Promise<readonly CalcomHost[]>;
  mappingOf(calcomUserId: number): Promise<HostMapping | null>;
  /** The active service booked through this event type. */
  serviceOf(eventTypeId: number): Promise<string | null>;
  /** Known to the mirror as a team member or host, live or removed. */
  isKnownHost(calcomUserId: number): Promise<boolean>;
}

export interface AppliedBooking {
  change: "created" | "updated" | "unchanged";
  /** The appointment's status before (null when it was created). */
  statusBefore: AppointmentStatus | null;
  appointment: Appointment;
  /** The host the booking is for (after the fixed-host rule). */
  hostUserId: number | null;
  /** The host has no active mapping: the appointment has no staff and is flagged for an admin. */
  unmappedHost: boolean;
  /** The host is not in the mirrored team at all (joined Cal.com since the last sync). */
  unknownHost: boolean;
}

const compared: readonly (keyof NewAppointment)[] = [
  "serviceId",
  "staffId",
  "customerId",
  "calcomUserId",
  "bookingUid",
  "bookingId",
  "eventTypeId",
  "startAt",
  "endAt",
  "status",
  "source",
  "retellCallId",
  "idempotencyKey",
  "rescheduledFromUid",
  "rescheduledToUid",
  "notes",
  "attendeeName",
  "attendeeEmail",
];

/**
 * Makes our appointment for a Cal.com booking match what Cal.com says, inside the caller's
 * transaction (which holds the locks of `uid` and `rescheduledFromUid`). Keyed by uid; the staff
 * member is the mapped one of the booking's host (the chosen pool host when the organizer is a
 * fixed host); a reassigned booking (same uid, another host) moves to that host's staff member.
 * A booking never goes back and its first final status stays. A reschedule links the old uid to
 * the new one. The customer link is never made from Cal.com data: the attendee is stored on the
 * appointment, and only an existing appointment's (or the moved-from one's) customer is kept.
 * Writes nothing when nothing changed.
 */
export async function applyBookingState(
  tx: Pick<Repositories, "appointments">,
  companyId: string,
  state: BookingState,
  lookups: BookingLookups,
): Promise<AppliedBooking> {
  const hosts =
    state.eventTypeId === null || state.organizerId === null
      ? []
      : await lookups.hostsOf(state.eventTypeId);
  const hostUserId = chosenHostId(
    {
      organizerId: state.organizerId,
      eventTypeId: state.eventTypeId,
      participants: state.participants,
    },
    hosts,
  );
  const mapping = hostUserId === null ? null : await lookups.mappingOf(hostUserId);
  const mappedStaff = mapping?.status === "active" ? mapping.staffId : null;
  const reported = reportedStatus(state.report);
  const live = reported === "accepted" || reported === "pending";
  const unmappedHost = hostUserId !== null && mappedStaff === null && live;
  const unknownHost = unmappedHost && !(await lookups.isKnownHost(hostUserId));

  const existing = await tx.appointments.findByUid(companyId, state.uid);
  const previous = state.rescheduledFromUid
    ? await tx.appointments.findByUid(companyId, state.rescheduledFromUid)
    : null;
  const serviceId =
    existing?.serviceId ??
    previous?.serviceId ??
    (state.eventTypeId === null ? null : await lookups.serviceOf(state.eventTypeId));

  // The same uid with another host: Cal.com reassigned the booking (it sends no webhook for
  // that), so the appointment goes to the new host's staff member, or to nobody yet.
  const reassigned =
    existing !== null &&
    existing.calcomUserId !== null &&
    hostUserId !== null &&
    existing.calcomUserId !== hostUserId;
  const idempotencyKey =
    existing?.idempotencyKey ??
    (!existing && !previous && state.frontdeskRef
      ? await freeKey(tx, companyId, state.frontdeskRef)
      : null);
  // A reschedule may already have named this booking as the one it replaced.
  const successor = existing
    ? null
    : await tx.appointments.findByRescheduledFrom(companyId, state.uid);
  const movedAway = successor !== null && reported === "accepted";

  const fields: NewAppointment = {
    serviceId,
    staffId: mappedStaff ?? (reassigned ? null : (existing?.staffId ?? null)),
    customerId: existing?.customerId ?? previous?.customerId ?? null,
    calcomUserId: hostUserId ?? existing?.calcomUserId ?? null,
    bookingUid: state.uid,
    bookingId: state.bookingId ?? existing?.bookingId ?? null,
    eventTypeId: state.eventTypeId ?? existing?.eventTypeId ?? null,
    startAt: state.start,
    endAt: state.end,
    // A late delivery does not change the status, but what it adds (the uid it was moved from)
    // is still kept.
    status: appointmentStatus(existing?.status ?? null, state.report, successor !== null),
    source: existing?.source ?? previous?.source ?? (state.frontdeskRef ? "voice" : "calcom"),
    retellCallId: existing?.retellCallId ?? previous?.retellCallId ?? null,
    idempotencyKey,
    rescheduledFromUid: state.rescheduledFromUid ?? existing?.rescheduledFromUid ?? null,
    rescheduledToUid: movedAway
      ? successor.bookingUid
      : (state.rescheduledToUid ?? existing?.rescheduledToUid ?? null),
    notes: existing?.notes ?? previous?.notes ?? null,
    attendeeName: state.attendee?.name ?? existing?.attendeeName ?? previous?.attendeeName ?? null,
    attendeeEmail:
      state.attendee?.email ?? existing?.attendeeEmail ?? previous?.attendeeEmail ?? null,
  };

  let appointment: Appointment;
  let change: AppliedBooking["change"];
  if (!existing) {
    appointment = await tx.appointments.insert(companyId, fields);
    change = "created";
  } else if (compared.some((k) => fields[k] !== existing[k])) {
    appointment = await tx.appointments.update(companyId, existing.id, fields);
    change = "updated";
  } else {
    appointment = existing;
    change = "unchanged";
  }

  if (previous && (previous.status !== "rescheduled" || previous.rescheduledToUid !== state.uid)) {
    await tx.appointments.update(companyId, previous.id, {
      status: "rescheduled",
      rescheduledToUid: state.uid,
    });
  }
  return {
    change,
    statusBefore: existing?.status ?? null,
    appointment,
    hostUserId,
    unmappedHost,
    unknownHost,
  };
}

/** Our key for a booking we have no row of yet, unless another appointment already holds it. */
async function freeKey(
  tx: Pick<Repositories, "appointments">,
  companyId: string,
  key: string,
): Promise<string | null> {
  return (await tx.appointments.findByIdempotencyKey(companyId, key)) ? null : key;
}
