import { parseWhen } from "../../domain/datetime/index.ts";
import type { Appointment, BookingRefusal } from "../../domain/entities.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingInfo,
  SlotCache,
} from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { type CallerAppointment, findCallerAppointment } from "./caller-appointments.ts";
import { chosenHostsPossible, withChosenHosts } from "./chosen-hosts.ts";
import { type Ask, ask, type VoiceContext } from "./context.ts";
import { recordBookedAppointment } from "./record-booking.ts";

export type RescheduleAppointmentOutcome =
  | Exclude<CallerAppointment, { kind: "found" }>
  | Ask
  | {
      kind: "rescheduled";
      appointment: Appointment;
      previous: Appointment;
      staffName: string | null;
      /** Who had it before, when the moved appointment is now someone else's. */
      previousStaffName: string | null;
    }
  | { kind: "slot_taken" }
  /** Cal.com refused for a reason other than the time. */
  | { kind: "refused"; refusal: BookingRefusal | "refused" }
  /** Cal.com's answer was lost: it may be moved; reconciliation brings in the truth. */
  | { kind: "unconfirmed" }
  | { kind: "calcom_unavailable" };

/**
 * Moves one of the caller's appointments (their number and the name it was booked under). Cal.com answers with a new booking and uid; the old
 * row is marked rescheduled and points to the new one, which keeps service, customer and call.
 * The request is sent once with at least 8 s; a lost answer is "unconfirmed", never "failed".
 * The appointment stays with its host where Cal.com can be asked for that host (strict: a busy
 * host is a taken slot); where it cannot, or the host changed anyway, the caller is told.
 */
export function makeRescheduleAppointment(deps: {
  store: Pick<
    Store,
    "customers" | "appointments" | "transaction" | "staff" | "calcomMirror" | "companies"
  >;
  calcom: Pick<CalcomBookingGateway, "rescheduleBooking">;
  slotCache: SlotCache;
  clock: Clock;
}) {
  return async (
    ctx: VoiceContext,
    args: {
      appointment_id?: string | null;
      start?: string | null;
      new_start?: string | null;
      /** The name the appointment was booked under: the caller ID alone can be spoofed. */
      customer_name?: string | null;
    },
  ): Promise<RescheduleAppointmentOutcome> => {
    if (!args.new_start?.trim()) return ask("new_start", "missing");
    const now = deps.clock.now();
    const when = parseWhen(
      { text: args.new_start },
      { now, timeZone: ctx.company.timezone, locale: ctx.company.locale },
    );
    if ("error" in when)
      return ask("new_start", when.error === "unparseable" ? "invalid" : when.error);
    if (!when.start || !when.time) return ask("time", "missing");
    const newStart = new Date(when.start).toISOString();
    if (Date.parse(newStart) <= now.getTime()) return ask("new_start", "past");

    const found = await findCallerAppointment(deps, ctx, args);
    if (found.kind !== "found") return found;
    const previous = found.appointment;
    const eventType =
      previous.eventTypeId !== null && previous.calcomUserId !== null
        ? await deps.store.calcomMirror.findEventType(ctx.company.id, previous.eventTypeId)
        : null;
    const host =
      previous.calcomUserId !== null && chosenHostsPossible(ctx.company, eventType)
        ? [previous.calcomUserId]
        : null;
    const send = (hostIds?: readonly number[]) =>
      deps.calcom.rescheduleBooking(
        ctx.company,
        previous.bookingUid,
        newStart,
        ctx.meter,
        hostIds ? { hostIds } : {},
      );

    let booking: CalcomBookingInfo;
    try {
      booking = host ? (await withChosenHosts(deps, ctx.company, host, send)).value : await send();
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === "unknown") return { kind: "unconfirmed" };
      if (error.kind !== "rejected") return { kind: "calcom_unavailable" };
      if (error.refusal === "slot_taken") return { kind: "slot_taken" };
      return {
        kind: "refused",
        refusal: error.refusal === "hosts_unsupported" ? "refused" : (error.refusal ?? "refused"),
      };
    }
    if (previous.eventTypeId !== null)
      deps.slotCache.invalidate(ctx.company.id, previous.eventTypeId, [previous.startAt, newStart]);

    const appointment = await recordBookedAppointment(deps.store, ctx, {
      booking,
      serviceId: previous.serviceId,
      eventTypeId: previous.eventTypeId ?? 0,
      customerId: previous.customerId,
      idempotencyKey: null,
      notes: previous.notes,
      attendee: { name: previous.attendeeName, email: previous.attendeeEmail },
      rescheduledFromUid: previous.bookingUid,
    });
    const old = await deps.store.transaction(async (tx) => {
      await tx.lockBookings(ctx.company.id, [previous.bookingUid, booking.uid]);
      return tx.appointments.update(ctx.company.id, previous.id, {
        status: "rescheduled",
        rescheduledToUid: booking.uid,
      });
    });
    const changed = previous.staffId !== null && appointment.staffId !== previous.staffId;
    const [staff, before] = await Promise.all([
      appointment.staffId ? deps.store.staff.findById(ctx.company.id, appointment.staffId) : null,
      changed ? deps.store.staff.findById(ctx.company.id, previous.staffId!) : null,
    ]);
    return {
      kind: "rescheduled",
      appointment,
      previous: old,
      staffName: staff?.name ?? null,
      previousStaffName: before?.name ?? null,
    };
  };
}
