import type { Appointment, Company } from "../../domain/entities.ts";
import { ConflictError, UpstreamError } from "../../domain/errors.ts";
import type { BookingAttempt } from "../../domain/ports/appointments.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingInfo,
  SlotCache,
  UpstreamMeter,
} from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";
import { recordBookedAppointment } from "./record-booking.ts";

/**
 * When a booking whose answer was lost is looked up: every `intervalMs` (15 s by default) for
 * the first 10 minutes after it was sent, then hourly until 24 hours, then never again (the
 * attempt is kept as `abandoned` and logged).
 */
export const settleSchedule = {
  defaultIntervalMs: 15_000,
  fastForMs: 10 * 60_000,
  slowIntervalMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
} as const;

export function nextCheck(
  startedAt: string,
  now: Date,
  intervalMs: number,
): { nextCheckAt: string } | { abandonedAt: string } {
  const age = now.getTime() - Date.parse(startedAt);
  const giveUpAt = Date.parse(startedAt) + settleSchedule.giveUpAfterMs;
  if (age >= settleSchedule.giveUpAfterMs) return { abandonedAt: now.toISOString() };
  const step = age < settleSchedule.fastForMs ? intervalMs : settleSchedule.slowIntervalMs;
  return { nextCheckAt: new Date(Math.min(now.getTime() + step, giveUpAt)).toISOString() };
}

export interface SettleDeps {
  store: Pick<Store, "transaction" | "appointments" | "bookingAttempts">;
  calcom: Pick<CalcomBookingGateway, "findBookingByRef">;
  slotCache: Pick<SlotCache, "invalidate">;
}

export type LookUpResult =
  | { kind: "booked"; appointment: Appointment }
  | { kind: "not_found" }
  | { kind: "failed"; error: string };

/**
 * Asks Cal.com for the booking an attempt made, by its ref; when Cal.com has it, the appointment
 * is written (with the staff of the host it is for) and the attempt removed, in one transaction.
 * The same call is made by the background settler and by a caller's repeated request.
 */
export async function lookUpAttempt(
  deps: SettleDeps,
  company: Company,
  attempt: BookingAttempt,
  options: { meter?: UpstreamMeter; budgetMs?: number } = {},
): Promise<LookUpResult> {
  let booking: Awaited<ReturnType<CalcomBookingGateway["findBookingByRef"]>>;
  try {
    booking = await deps.calcom.findBookingByRef(
      company,
      { eventTypeId: attempt.eventTypeId, start: attempt.start, ref: attempt.key },
      options.meter,
      options.budgetMs,
    );
  } catch (error) {
    if (error instanceof UpstreamError) return { kind: "failed", error: error.message };
    throw error;
  }
  if (!booking) return { kind: "not_found" };
  const appointment = await record(deps, company, attempt, booking);
  deps.slotCache.invalidate(company.id, attempt.eventTypeId, [booking.start]);
  return { kind: "booked", appointment };
}

async function record(
  deps: SettleDeps,
  company: Company,
  attempt: BookingAttempt,
  booking: CalcomBookingInfo,
): Promise<Appointment> {
  return recordBookedAppointment(
    deps.store,
    {
      company,
      actor: { type: "voice", callId: attempt.callId ?? undefined },
      call: { callId: attempt.callId },
    },
    {
      booking,
      serviceId: attempt.serviceId,
      eventTypeId: attempt.eventTypeId,
      customerId: attempt.customerId,
      idempotencyKey: attempt.key,
      notes: attempt.notes,
      attendee: { name: attempt.attendeeName, email: attempt.attendeeEmail },
      settlesAttempt: attempt.key,
    },
  ).catch(async (error: unknown) => {
    // The key's appointment exists already (another path recorded it): the attempt is settled.
    if (!(error instanceof ConflictError)) throw error;
    const existing = await deps.store.appointments.findByIdempotencyKey(company.id, attempt.key);
    if (!existing) throw error;
    await deps.store.bookingAttempts.release(company.id, attempt.key);
    return existing;
  });
}
