import type { Appointment } from "../../domain/entities.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type { CalcomBookingGateway, SlotCache } from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { type CallerAppointment, findCallerAppointment } from "./caller-appointments.ts";
import { type VoiceContext, voiceCallRef } from "./context.ts";

export type CancelAppointmentOutcome =
  | Exclude<CallerAppointment, { kind: "found" }>
  | { kind: "cancelled"; appointment: Appointment }
  /** Cal.com's answer was lost: it may be cancelled; reconciliation brings in the truth. */
  | { kind: "unconfirmed" }
  | { kind: "calcom_unavailable" };

/**
 * Cancels one of the caller's own appointments (their number and the name it was booked under)
 * in Cal.com, then locally. The request is sent
 * once with at least 8 s (a slow Cal.com is not cut off); a lost answer is "unconfirmed", never
 * "failed"; a refusal because it is cancelled already counts as cancelled.
 */
export function makeCancelAppointment(deps: {
  store: Pick<Store, "customers" | "appointments" | "transaction">;
  calcom: Pick<CalcomBookingGateway, "cancelBooking" | "getBooking">;
  slotCache: SlotCache;
  clock: Clock;
}) {
  return async (
    ctx: VoiceContext,
    args: {
      appointment_id?: string | null;
      start?: string | null;
      /** The name the appointment was booked under: the caller ID alone can be spoofed. */
      customer_name?: string | null;
    },
  ): Promise<CancelAppointmentOutcome> => {
    const found = await findCallerAppointment(deps, ctx, args);
    if (found.kind !== "found") return found;
    try {
      await deps.calcom.cancelBooking(
        ctx.company,
        found.appointment.bookingUid,
        "Cancelled by the caller on the phone",
        ctx.meter,
      );
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === "unknown") return { kind: "unconfirmed" };
      if (error.kind !== "rejected") return { kind: "calcom_unavailable" };
      // Refused: perhaps because it is cancelled already (a cancellation whose answer was lost).
      const current = await deps.calcom
        .getBooking(ctx.company, found.appointment.bookingUid, ctx.meter)
        .catch(() => null);
      if (current?.status !== "cancelled") return { kind: "calcom_unavailable" };
    }
    if (found.appointment.eventTypeId !== null)
      deps.slotCache.invalidate(ctx.company.id, found.appointment.eventTypeId, [
        found.appointment.startAt,
      ]);
    const call = voiceCallRef(ctx);
    const appointment = await deps.store.transaction(async (tx) => {
      await tx.lockBookings(ctx.company.id, [found.appointment.bookingUid]);
      // Noted on the call in the same transaction, for the calls list.
      if (call)
        await tx.calls.noteAction(
          ctx.company.id,
          call,
          "cancelled",
          deps.clock.now().toISOString(),
        );
      return tx.appointments.update(ctx.company.id, found.appointment.id, { status: "cancelled" });
    });
    return { kind: "cancelled", appointment };
  };
}
