import type { Appointment, TenantContext } from "../../domain/entities.ts";
import type { CalcomBookingInfo, Store } from "../../domain/ports.ts";

/**
 * Writes the appointment for a booking we made, with the staff member mapped to the host.
 * A webhook for the same booking may have been first: then that row is completed, not doubled.
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
  },
): Promise<Appointment> {
  const companyId = ctx.company.id;
  return store.transaction(async (tx) => {
    const { booking } = input;
    await tx.txLocks.lockBookings(companyId, [booking.uid, input.rescheduledFromUid ?? null]);
    const mapping =
      booking.hostUserId === null
        ? null
        : await tx.hostMappings.find(companyId, booking.hostUserId);
    const fields = {
      serviceId: input.serviceId,
      staffId: mapping?.status === "active" ? mapping.staffId : null,
      customerId: input.customerId,
      calcomUserId: booking.hostUserId,
      bookingUid: booking.uid,
      bookingId: booking.id,
      eventTypeId: input.eventTypeId,
      startAt: booking.start,
      endAt: booking.end,
      status: "accepted" as const,
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
    if (byWebhook) {
      return tx.appointments.update(companyId, byWebhook.id, {
        ...fields,
        staffId: fields.staffId ?? byWebhook.staffId,
        status:
          byWebhook.status === "accepted" || byWebhook.status === "pending"
            ? "accepted"
            : byWebhook.status,
      });
    }
    return tx.appointments.insert(companyId, fields);
  });
}
