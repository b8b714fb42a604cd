import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { type OutputOptions, type WebhookTrigger, webhookPayload } from "./booking-views.ts";
import type { FixtureBookingField } from "./fixture.ts";
import { badRequest, CalApiError, conflict, notFound, trpcBadRequest } from "./http-errors.ts";
import {
  type Assignment,
  type EventTypeRecord,
  isActive,
  type Metadata,
  restrictHosts,
  type SimAttendee,
  type SimBooking,
  type SimSeat,
  type SimState,
} from "./state.ts";
import type { WebhookDispatcher } from "./webhooks.ts";

const minute = 60_000;

export interface NewBooking {
  /** UTC ISO. */
  start: string;
  attendee: {
    name: string;
    email?: string;
    timeZone: string;
    phoneNumber?: string;
    language?: string;
  };
  guests?: string[];
  bookingFieldsResponses?: Record<string, unknown>;
  metadata?: Metadata;
  lengthInMinutes?: number;
  recurrenceCount?: number;
  /** Chosen round-robin hosts: one of them, or a refusal (see `restrictHosts`). */
  rrHostSubsetIds?: number[];
}

export type Created =
  | { kind: "single"; booking: SimBooking; seatUid?: string }
  | { kind: "series"; bookings: SimBooking[] };

/** Whether the change sends its webhook (API calls always do; some controls do not). */
export interface Delivery {
  webhook: boolean;
}

/** Cal.com's "hosts unavailable" answer for team event types. */
export const hostsUnavailableMessage =
  "One of the hosts either already has booking at this time or is not available";

const toMs = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).toMillis();

function typeError(field: FixtureBookingField, expected: string, value: unknown): CalApiError {
  const received = Array.isArray(value) ? "array" : typeof value;
  return badRequest(
    `Invalid type for booking field '${field.slug}'. Expected type ${expected} (compatible with field type '${field.type}'), but received ${received}.`,
  );
}

/**
 * Cal.com's check of the custom booking questions: a required (visible) field needs an answer,
 * and an answer must have the field's type and, for choices, one of its options.
 */
export function checkBookingFields(
  record: EventTypeRecord,
  responses: Record<string, unknown>,
): void {
  for (const field of record.eventType.bookingFields ?? []) {
    const value = responses[field.slug];
    if (value === undefined || value === null) {
      if (field.required && !field.hidden) {
        throw badRequest(
          `Missing required booking field response: ${field.slug} - it is required by the event type booking fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID ${record.eventType.id} to see the required fields.`,
        );
      }
      continue;
    }
    const options = field.options ?? [];
    switch (field.type) {
      case "number":
        if (typeof value !== "number") throw typeError(field, "number", value);
        break;
      case "boolean":
        if (typeof value !== "boolean") throw typeError(field, "boolean", value);
        break;
      case "multiemail":
        if (!Array.isArray(value)) throw typeError(field, "array", value);
        break;
      case "select":
      case "radio":
        if (typeof value !== "string" && typeof value !== "number") {
          throw typeError(field, "string or number", value);
        }
        if (options.length > 0 && !options.includes(String(value))) {
          throw badRequest(
            `Invalid option '${value}' for booking field '${field.slug}'. Allowed options are: ${options.join(", ")}.`,
          );
        }
        break;
      case "multiselect":
      case "checkbox":
        if (!Array.isArray(value)) throw typeError(field, "array", value);
        if (options.length > 0 && !value.every((v) => options.includes(String(v)))) {
          throw badRequest(
            `One or more invalid options for booking field '${field.slug}'. Allowed options are: ${options.join(", ")}.`,
          );
        }
        break;
      default:
        if (typeof value !== "string") throw typeError(field, "string", value);
    }
  }
}

/**
 * The booking rules shared by the API routes and the simulator's controls: who hosts, whether a
 * booking waits for confirmation, series, seats and limits, and which webhook each change sends.
 */
export class BookingEngine {
  constructor(
    private readonly state: SimState,
    private readonly now: () => Date,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  find(uid: string): SimBooking {
    const booking = this.state.booking(uid);
    if (!booking) throw notFound(`Booking with uid=${uid} was not found in the database`);
    return booking;
  }

  /** How a booking is shown to a caller (seat attendees only for admins or when allowed). */
  outputOptions(booking: SimBooking, isTeamAdmin: boolean): OutputOptions {
    const seats = this.state.eventTypes.get(booking.eventTypeId)?.eventType.seats;
    return { showSeatAttendees: isTeamAdmin || (seats?.showAttendeeInfo ?? false) };
  }

  create(record: EventTypeRecord, input: NewBooking, delivery: Delivery): Created {
    const { eventType } = record;
    if (eventType.schedulingType === "managed") {
      throw badRequest(
        `Event type with id=${eventType.id} is the parent managed event type that can't be booked. You have to provide the child event type id aka id of event type that has been assigned to one of the users.`,
      );
    }
    if (
      (eventType.schedulingType === "roundRobin" || eventType.schedulingType === "collective") &&
      eventType.hosts.length === 0
    ) {
      throw new CalApiError(
        "UnprocessableEntityException",
        `Can't book this team event type because it has no hosts. Please, add at least 1 host to event type with id=${eventType.id} belonging to team with id=${record.team.team.id} and try again.`,
      );
    }
    checkBookingFields(record, input.bookingFieldsResponses ?? {});
    const length = eventType.lengthInMinutes;
    if (input.lengthInMinutes !== undefined && input.lengthInMinutes !== length) {
      throw badRequest(
        `Can't specify 'lengthInMinutes' because event type with id=${eventType.id} ` +
          `does not have multiple possible lengths; its length is ${length} minutes.`,
      );
    }
    const startMs = toMs(input.start);
    this.refusePast(startMs);

    if (eventType.seats) {
      const existing = this.state.seatedBookingAt(eventType.id, startMs);
      if (existing) return this.takeSeat(existing, record, input, delivery);
    }
    // Cal.com hands back the existing booking when the same attendee books the same slot again.
    if (input.attendee.email !== undefined && !eventType.recurrence) {
      const existing = this.state.findAccepted(eventType.id, startMs, input.attendee.email);
      if (existing) return { kind: "single", booking: existing };
    }
    if (this.state.limitReached(record, startMs)) throw badRequest("booking_limit_reached");

    const hosts = restrictHosts(record, input.rrHostSubsetIds);
    if (eventType.recurrence) return this.createSeries(hosts, input, startMs, delivery);

    const assignment = this.state.assign(hosts, startMs, length);
    if (!assignment) throw badRequest(hostsUnavailableMessage);
    const booking = this.store(record, input, assignment, startMs, length, {});
    this.notify(delivery, this.createdTrigger(booking), booking);
    return {
      kind: "single",
      booking,
      ...(booking.seats ? { seatUid: booking.seats[0]!.seatUid } : {}),
    };
  }

  cancel(
    uid: string,
    options: { reason?: string; seatUid?: string; cancelSubsequent?: boolean },
    delivery: Delivery,
  ): SimBooking[] {
    const booking = this.find(uid);
    if (options.seatUid !== undefined) return [this.cancelSeat(booking, options, delivery)];
    if (!isActive(booking)) throw badRequest("This booking has already been cancelled.");
    let affected = [booking];
    if (options.cancelSubsequent) {
      if (!booking.recurringBookingUid) {
        throw badRequest(`Booking with bookingUid=${uid} is not part of a recurring booking.`);
      }
      affected = this.state
        .series(booking.recurringBookingUid)
        .filter((b) => isActive(b) && Date.parse(b.start) >= Date.parse(booking.start));
    }
    const at = this.now().toISOString();
    for (const b of affected) this.state.cancel(b.uid, { cancellationReason: options.reason }, at);
    this.notify(delivery, "BOOKING_CANCELLED", booking);
    return options.cancelSubsequent ? this.state.series(booking.recurringBookingUid!) : affected;
  }

  reschedule(
    uid: string,
    options: { start: string; reason?: string; hostIds?: number[] },
    delivery: Delivery,
  ): SimBooking {
    const original = this.find(uid);
    if (!isActive(original)) {
      throw badRequest(
        original.rescheduledToUid
          ? `Can't reschedule booking with uid=${uid} because it has been cancelled and rescheduled already to booking with uid=${original.rescheduledToUid}. You probably want to reschedule ${original.rescheduledToUid} instead by passing it within the request URL.`
          : `Can't reschedule booking with uid=${uid} because it has been cancelled. Please provide uid of a booking that is not cancelled.`,
      );
    }
    const record = this.state.eventTypes.get(original.eventTypeId)!;
    const length = Math.round((toMs(original.end) - toMs(original.start)) / minute);
    const startMs = toMs(options.start);
    this.refusePast(startMs);
    if (this.state.limitReached(record, startMs, original.uid)) {
      throw badRequest("booking_limit_reached");
    }
    // The booking being moved must not block its own slot.
    const assignment = this.state.assign(
      restrictHosts(record, options.hostIds),
      startMs,
      length,
      original.uid,
    );
    if (!assignment) throw badRequest(hostsUnavailableMessage);
    const booking = this.store(
      record,
      {
        start: options.start,
        attendee: original.attendee,
        guests: original.guests,
        bookingFieldsResponses: original.bookingFieldsResponses,
        metadata: original.metadata,
      },
      assignment,
      startMs,
      length,
      {
        description: original.description,
        rescheduledFromUid: original.uid,
        ...(options.reason === undefined ? {} : { reschedulingReason: options.reason }),
        ...(original.recurringBookingUid
          ? { recurringBookingUid: original.recurringBookingUid }
          : {}),
        ...(original.seats ? { seats: structuredClone(original.seats) } : {}),
      },
    );
    this.state.cancel(original.uid, { rescheduledToUid: booking.uid }, booking.createdAt);
    this.notify(
      delivery,
      booking.status === "pending" ? "BOOKING_REQUESTED" : "BOOKING_RESCHEDULED",
      booking,
      { original },
    );
    return booking;
  }

  /** Accepts a pending booking (and the rest of its series): BOOKING_CREATED. */
  confirm(uid: string, delivery: Delivery): SimBooking {
    const booking = this.find(uid);
    if (booking.status !== "pending") throw trpcBadRequest();
    const at = this.now().toISOString();
    for (const b of this.withSeries(booking)) this.state.decide(b.uid, "accepted", at);
    this.notify(delivery, "BOOKING_CREATED", booking);
    return booking;
  }

  /** Rejects a pending booking (and the rest of its series): BOOKING_REJECTED. */
  decline(uid: string, reason: string | undefined, delivery: Delivery): SimBooking {
    const booking = this.find(uid);
    if (booking.status !== "pending") throw trpcBadRequest();
    const at = this.now().toISOString();
    for (const b of this.withSeries(booking)) this.state.decide(b.uid, "rejected", at, reason);
    this.notify(delivery, "BOOKING_REJECTED", booking);
    return booking;
  }

  /**
   * Round-robin reassignment: same uid, another pool host. Without fixed hosts the new host is
   * the organizer; with a fixed organizer the pool host among the participants is swapped.
   * Cal.com sends no webhook for it, ever.
   */
  reassign(uid: string, toUserId: number): SimBooking {
    const booking = this.find(uid);
    if (!isActive(booking)) {
      throw badRequest(`Booking with uid=${uid} is ${booking.status} and cannot be reassigned`);
    }
    const record = this.state.eventTypes.get(booking.eventTypeId)!;
    const host = record.eventType.hosts.find((h) => h.userId === toUserId);
    if (record.eventType.schedulingType !== "roundRobin" || !host || host.mandatory) {
      throw badRequest(
        `User with id=${toUserId} is not a valid Round Robin host - the user to which you reassign this booking must be one of the booking hosts.`,
      );
    }
    if (toUserId === booking.chosenHostUserId) return booking;
    if (!this.state.userFreeFor(booking, toUserId)) {
      throw badRequest(
        "Can't reassign the booking because no other host is available at that time.",
      );
    }
    const fixed = record.eventType.hosts.filter((h) => h.mandatory).map((h) => h.userId);
    const assignment: Assignment =
      fixed.length > 0
        ? { organizer: fixed[0]!, participants: [...fixed, toUserId], chosen: toUserId }
        : { organizer: toUserId, participants: [toUserId], chosen: toUserId };
    this.state.reassign(
      uid,
      assignment,
      this.title(record, assignment.organizer, booking.attendee.name),
      this.now().toISOString(),
    );
    return booking;
  }

  /** The organizer's user disappears: the booking stays, its host becomes "unknown". */
  orphan(uid: string): SimBooking {
    const booking = this.find(uid);
    booking.orphaned = true;
    return booking;
  }

  private withSeries(booking: SimBooking): SimBooking[] {
    return booking.recurringBookingUid
      ? this.state.series(booking.recurringBookingUid).filter((b) => b.status === "pending")
      : [booking];
  }

  private refusePast(startMs: number): void {
    if (startMs < this.now().getTime()) {
      throw badRequest("Attempting to book a meeting in the past.");
    }
  }

  private createdTrigger(booking: SimBooking): WebhookTrigger {
    return booking.status === "pending" ? "BOOKING_REQUESTED" : "BOOKING_CREATED";
  }

  private notify(
    delivery: Delivery,
    trigger: WebhookTrigger,
    booking: SimBooking,
    extras: Parameters<typeof webhookPayload>[3] = {},
  ): void {
    if (!delivery.webhook) return;
    this.webhooks.send(
      booking.teamId,
      trigger,
      webhookPayload(this.state, trigger, booking, extras),
    );
  }

  /** Cal.com's default event name: "<event type> between <organizer> and <attendee>". */
  private title(record: EventTypeRecord, organizerId: number, attendeeName: string): string {
    const organizer = record.team.byUserId.get(organizerId)!.member;
    const organizerName = organizer.name || organizer.username || organizer.email;
    return `${record.eventType.title} between ${organizerName} and ${attendeeName}`;
  }

  private attendeeOf(input: NewBooking["attendee"]): SimAttendee {
    return {
      name: input.name,
      email: input.email ?? "",
      timeZone: input.timeZone,
      language: input.language ?? "en",
      ...(input.phoneNumber === undefined ? {} : { phoneNumber: input.phoneNumber }),
    };
  }

  private store(
    record: EventTypeRecord,
    input: NewBooking,
    assignment: Assignment,
    startMs: number,
    length: number,
    extra: Partial<SimBooking>,
  ): SimBooking {
    const at = this.now().toISOString();
    const attendee = this.attendeeOf(input.attendee);
    const responses = { ...(input.bookingFieldsResponses ?? {}) };
    const metadata = { ...(input.metadata ?? {}) };
    const seats: SimSeat[] | undefined = record.eventType.seats
      ? [{ seatUid: randomUUID(), attendee, bookingFieldsResponses: responses, metadata }]
      : undefined;
    return this.state.addBooking(
      {
        status: record.eventType.requiresConfirmation ? "pending" : "accepted",
        eventTypeId: record.eventType.id,
        hostUserId: assignment.organizer,
        hostUserIds: assignment.participants,
        chosenHostUserId: assignment.chosen,
        title: this.title(record, assignment.organizer, attendee.name),
        description: typeof responses.notes === "string" ? responses.notes : "",
        attendee,
        guests: [...(input.guests ?? [])],
        bookingFieldsResponses: responses,
        metadata,
        createdAt: at,
        updatedAt: at,
        ...(seats ? { seats } : {}),
        ...extra,
      },
      record,
      { start: startMs, end: startMs + length * minute },
    );
  }

  private createSeries(
    record: EventTypeRecord,
    input: NewBooking,
    startMs: number,
    delivery: Delivery,
  ): Created {
    const recurrence = record.eventType.recurrence!;
    const count = input.recurrenceCount ?? recurrence.occurrences;
    if (count > recurrence.occurrences) {
      throw badRequest(
        `recurrenceCount can't be more than the event type's recurrence count of ${recurrence.occurrences}.`,
      );
    }
    const zone = record.team.team.timeZone;
    const unit = ({ weekly: "weeks", monthly: "months", yearly: "years" } as const)[
      recurrence.frequency
    ];
    const first = DateTime.fromMillis(startMs, { zone });
    const starts = Array.from({ length: count }, (_, k) =>
      first.plus({ [unit]: recurrence.interval * k }).toMillis(),
    );
    const length = record.eventType.lengthInMinutes;
    const assignment = this.state.assignSeries(record, starts, length);
    if (!assignment) throw badRequest(hostsUnavailableMessage);
    const recurringBookingUid = randomUUID();
    const bookings = starts.map((t) =>
      this.store(record, { ...input, start: new Date(t).toISOString() }, assignment, t, length, {
        recurringBookingUid,
      }),
    );
    // One webhook for the series, about its first occurrence.
    this.notify(delivery, this.createdTrigger(bookings[0]!), bookings[0]!);
    return { kind: "series", bookings };
  }

  private takeSeat(
    booking: SimBooking,
    record: EventTypeRecord,
    input: NewBooking,
    delivery: Delivery,
  ): Created {
    const seats = booking.seats ?? [];
    const email = input.attendee.email?.trim().toLowerCase();
    const mine = seats.find((s) => email && s.attendee.email.trim().toLowerCase() === email);
    if (mine) return { kind: "single", booking, seatUid: mine.seatUid };
    if (seats.length >= record.eventType.seats!.seatsPerTimeSlot) {
      throw conflict("No more seats left at this seated booking.");
    }
    const seat: SimSeat = {
      seatUid: randomUUID(),
      attendee: this.attendeeOf(input.attendee),
      bookingFieldsResponses: { ...(input.bookingFieldsResponses ?? {}) },
      metadata: { ...(input.metadata ?? {}) },
    };
    seats.push(seat);
    booking.seats = seats;
    booking.updatedAt = this.now().toISOString();
    this.notify(delivery, this.createdTrigger(booking), booking, { seat });
    return { kind: "single", booking, seatUid: seat.seatUid };
  }

  private cancelSeat(
    booking: SimBooking,
    options: { reason?: string; seatUid?: string },
    delivery: Delivery,
  ): SimBooking {
    const seat = booking.seats?.find((s) => s.seatUid === options.seatUid);
    if (!seat) {
      const elsewhere = this.state
        .bookings()
        .some((b) => b.seats?.some((s) => s.seatUid === options.seatUid));
      throw badRequest(
        elsewhere
          ? "Invalid seatUid: this seat does not belong to this booking."
          : "Invalid seatUid: this seat does not exist or has already been cancelled.",
      );
    }
    const at = this.now().toISOString();
    booking.seats = booking.seats!.filter((s) => s !== seat);
    booking.updatedAt = at;
    if (booking.seats.length === 0) {
      this.state.cancel(booking.uid, { cancellationReason: options.reason }, at);
    } else if (booking.attendee === seat.attendee) {
      booking.attendee = booking.seats[0]!.attendee;
    }
    this.notify(delivery, "BOOKING_CANCELLED", booking, { seat });
    return booking;
  }
}
