import { appointmentStatus } from "../../domain/appointment-status.ts";
import { chosenHostId } from "../../domain/chosen-host.ts";
import type { Appointment, TenantContext } from "../../domain/entities.ts";
import type { CalcomBookingInfo } from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";

/**
 * Writes the appointment for a booking we made, with the staff member of the host it is for: the
 * organizer, or with a fixed organizer the pool host Cal.com chose (among the attendees). A
 * webhook for the same booking may have been first: then that row is completed, not doubled, and
 * its status only moves forward (a pending request the business confirmed meanwhile stays
 * accepted). The attempt the booking settles is removed in the same transaction, so an attempt
 * row exists until its appointment does.
 */
export async function recordBookedAppointment(
  store: Pick<Store, "transaction">,
  ctx: TenantContext & { call: { callId: string | null } },
  input: {
    booking: CalcomBookingInfo;
    serviceId: string | null;
    eventTypeId: number;
    customerId: string | null;
    idempotencyKey: string | null;
    notes: string | null;
    /** Who the booking was made for, as sent to Cal.com. */
    attendee: { name: string | null; email: string | null };
    rescheduledFromUid?: string | null;
    /** The idempotency key of the booking attempt this settles. */
    settlesAttempt?: string | null;
  },
): Promise<Appointment> {
  const companyId = ctx.company.id;
  return store.transaction(async (tx) => {
    const { booking } = input;
    await tx.lockBookings(companyId, [booking.uid, input.rescheduledFromUid ?? null]);
    const hosts = await tx.calcomMirror.listHosts(companyId, [input.eventTypeId]);
    const hostId = chosenHostId(
      {
        organizerId: booking.hostUserId,
        eventTypeId: input.eventTypeId,
        participants: booking.participants,
      },
      hosts,
    );
    const mapping = hostId === null ? null : await tx.hostMappings.find(companyId, hostId);
    const report = { bookingStatus: booking.status };
    const fields = {
      serviceId: input.serviceId,
      staffId: mapping?.status === "active" ? mapping.staffId : null,
      customerId: input.customerId,
      calcomUserId: hostId,
      bookingUid: booking.uid,
      bookingId: booking.id,
      eventTypeId: input.eventTypeId,
      startAt: booking.start,
      endAt: booking.end,
      status: appointmentStatus(null, report),
      source: "voice" as const,
      retellCallId: ctx.call.callId,
      idempotencyKey: input.idempotencyKey,
      rescheduledFromUid: input.rescheduledFromUid ?? null,
      rescheduledToUid: null,
      notes: input.notes,
      attendeeName: input.attendee.name,
      attendeeEmail: input.attendee.email,
    };
    const byWebhook = await tx.appointments.findByUid(companyId, booking.uid);
    const appointment = byWebhook
      ? await tx.appointments.update(companyId, byWebhook.id, {
          ...fields,
          staffId: fields.staffId ?? byWebhook.staffId,
          status: appointmentStatus(byWebhook.status, report),
          rescheduledToUid: byWebhook.rescheduledToUid,
        })
      : await tx.appointments.insert(companyId, fields);
    if (input.settlesAttempt) await tx.bookingAttempts.release(companyId, input.settlesAttempt);
    return appointment;
  });
}
