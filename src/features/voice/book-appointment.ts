import { createHash } from "node:crypto";
import { unusableCustomerName } from "../../domain/customer-name.ts";
import { parseWhen } from "../../domain/datetime/index.ts";
import type { Appointment, Company } from "../../domain/entities.ts";
import { ConflictError, UpstreamError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingInfo,
  SlotCache,
  Store,
} from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";
import { bookableService, type UnknownService } from "./bookable-service.ts";
import { type Ask, ask, callerPhone, type VoiceContext } from "./context.ts";
import { recordBookedAppointment } from "./record-booking.ts";
import { nearest, weekOfSlots } from "./slots.ts";

export interface BookAppointmentArgs {
  service?: string | null;
  start?: string | null;
  customer_name?: string | null;
  customer_phone?: string | null;
  customer_email?: string | null;
  notes?: string | null;
}

export type BookAppointmentOutcome =
  | Ask
  | UnknownService
  | {
      kind: "booked";
      appointment: Appointment;
      service: string;
      staffName: string | null;
      start: string;
      repeated: boolean;
    }
  | { kind: "slot_taken"; service: string; requested: string; alternatives: string[] }
  | { kind: "booking_in_progress" }
  | { kind: "booking_failed" };

const pollMs = 100;
const waitForTwinMs = 4_000;
const staleAttemptMs = 60_000;

/**
 * Books exactly once. The idempotency key (company, call, service, start) is claimed in the
 * database before Cal.com is called, so a retried or parallel identical request waits for the
 * first and gets its appointment; an attempt whose outcome was lost (timeout) is reconciled by
 * asking Cal.com for the booking it carries before booking again. Never a local appointment
 * without a Cal.com booking, never a Cal.com booking without a local row.
 */
export function makeBookAppointment(deps: {
  store: Pick<
    Store,
    "transaction" | "services" | "staff" | "appointments" | "bookingAttempts" | "customers"
  >;
  calcom: Pick<CalcomBookingGateway, "createBooking" | "findBookingByRef" | "getBooking" | "slots">;
  slotCache: SlotCache;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
}) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  return async (ctx: VoiceContext, args: BookAppointmentArgs): Promise<BookAppointmentOutcome> => {
    const { company } = ctx;
    const companyId = company.id;
    if (!args.service?.trim()) return ask("service", "missing");
    if (!args.start?.trim()) return ask("start", "missing");

    const found = await bookableService(deps.store.services, company.id, args.service);
    if ("kind" in found) return found;
    const { service } = found;
    const eventTypeId = service.calcomEventTypeId;

    const now = deps.clock.now();
    const when = parseWhen(
      { text: args.start },
      { now, timeZone: company.timezone, locale: company.locale },
    );
    if ("error" in when) return ask("start", when.error === "unparseable" ? "invalid" : when.error);
    if (!when.start || !when.time) return ask("time", "missing");
    const start = new Date(when.start).toISOString();
    if (Date.parse(start) <= now.getTime()) return ask("start", "past");

    const phoneInput = args.customer_phone?.trim() || null;
    const phone = phoneInput ? toE164(phoneInput, company.country) : null;
    const customerPhone = phone?.ok ? phone.e164 : callerPhone(company, ctx.call);
    const email = args.customer_email?.trim().toLowerCase() || null;
    const key = idempotencyKey(
      companyId,
      ctx.call.callId ?? customerPhone ?? "",
      service.id,
      start,
    );
    // Independent reads side by side: on PostgreSQL each is a round trip of its own.
    const [staff, done] = await Promise.all([
      deps.store.staff.list(companyId),
      deps.store.appointments.findByIdempotencyKey(companyId, key),
    ]);
    const nameProblem = unusableCustomerName(
      args.customer_name ?? "",
      staff.map((s) => s.name),
    );
    if (nameProblem) return ask("customer_name", nameProblem);
    const customerName = args.customer_name!.trim().replace(/\s+/g, " ");
    if (phone && !phone.ok) return ask("customer_phone", "invalid");
    if (!customerPhone) return ask("customer_phone", "missing");
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return ask("customer_email", "invalid");
    if (done) return booked(done, true);

    // The caller is recorded while the key is claimed; for a twin request that is the same row.
    const [claim, customer] = await Promise.all([
      deps.store.bookingAttempts.claim(
        companyId,
        key,
        now.toISOString(),
        new Date(now.getTime() - staleAttemptMs).toISOString(),
      ),
      deps.store.customers.upsertByPhone(companyId, {
        phone: customerPhone,
        name: customerName,
        email,
      }),
    ]);
    if (claim === "busy") {
      // An identical request is being booked right now: its result is this one's result.
      for (let waited = 0; waited < waitForTwinMs; waited += pollMs) {
        await sleep(pollMs);
        const twin = await deps.store.appointments.findByIdempotencyKey(companyId, key);
        if (twin) return booked(twin, true);
      }
      return { kind: "booking_in_progress" };
    }

    const attendeeEmail = email ?? customer.email ?? guestEmail(company, customerPhone);
    let booking: CalcomBookingInfo | null = null;
    try {
      if (claim === "reconcile") {
        booking = await deps.calcom.findBookingByRef(
          company,
          {
            eventTypeId,
            attendeeEmail,
            start,
            ref: key,
          },
          ctx.meter,
        );
      }
      booking ??= await deps.calcom.createBooking(
        company,
        {
          eventTypeId,
          start,
          attendee: {
            name: customerName,
            email: attendeeEmail,
            timeZone: company.timezone,
            phoneNumber: customerPhone,
            language: company.locale,
          },
          notes: args.notes?.trim() || null,
          ref: key,
        },
        ctx.meter,
      );
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === "rejected") {
        await deps.store.bookingAttempts.release(companyId, key);
        deps.slotCache.invalidate(companyId, eventTypeId);
        const slots = await weekOfSlots(deps, company, eventTypeId, when.date!, ctx.meter).catch(
          () => [],
        );
        return {
          kind: "slot_taken",
          service: service.name,
          requested: when.start,
          alternatives: nearest(slots, start, now),
        };
      }
      // The outcome is unknown (timeout, outage): the next identical request asks Cal.com first.
      await deps.store.bookingAttempts.markUnknown(companyId, key);
      return { kind: "booking_failed" };
    }
    deps.slotCache.invalidate(companyId, eventTypeId, [start]);

    // The organizer is the host Cal.com chose; the POST answer may lack it (lessons §4).
    if (booking.hostUserId === null)
      booking = await deps.calcom.getBooking(company, booking.uid, ctx.meter).catch(() => booking!);

    const appointment = await recordBookedAppointment(deps.store, ctx, {
      booking,
      serviceId: service.id,
      eventTypeId,
      customerId: customer.id,
      idempotencyKey: key,
      notes: args.notes?.trim() || null,
      attendee: { name: customerName, email: attendeeEmail },
    }).catch(async (error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
      return (await deps.store.appointments.findByIdempotencyKey(companyId, key))!;
    });
    await deps.store.bookingAttempts.release(companyId, key);
    return booked(appointment, false);

    async function booked(
      appointment: Appointment,
      repeated: boolean,
    ): Promise<BookAppointmentOutcome> {
      // The staff list read above has them, unless they were added during the booking.
      const member = appointment.staffId
        ? (staff.find((s) => s.id === appointment.staffId) ??
          (await deps.store.staff.findById(companyId, appointment.staffId)))
        : null;
      return {
        kind: "booked",
        appointment,
        service: service!.name,
        staffName: member?.name ?? null,
        start: appointment.startAt,
        repeated,
      };
    }
  };
}

/** Stable for one call, service and start: Retell's retries and a repeated LLM call share it. */
export function idempotencyKey(
  companyId: string,
  callId: string,
  serviceId: string,
  start: string,
): string {
  return createHash("sha256")
    .update([companyId, callId, serviceId, start].join("\u0000"))
    .digest("base64url")
    .slice(0, 32);
}

/**
 * Cal.com needs an attendee email and treats the same email + slot as the same booking, so a
 * caller without one gets an address of their own, never a shared fallback (lessons §10).
 */
export function guestEmail(company: Company, phone: string): string {
  return `phone-${phone.replace(/\D/g, "")}@${company.slug}.guests.frontdesk.invalid`;
}
