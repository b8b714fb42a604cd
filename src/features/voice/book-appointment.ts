import { createHash } from "node:crypto";
import { unusableCustomerName } from "../../domain/customer-name.ts";
import { parseWhen } from "../../domain/datetime/index.ts";
import { isEmailAddress } from "../../domain/email.ts";
import type { Appointment, BookingRefusal, Company, Locale, Staff } from "../../domain/entities.ts";
import { ConflictError, UpstreamError } from "../../domain/errors.ts";
import { normalizeName } from "../../domain/matching/index.ts";
import { toE164 } from "../../domain/phone.ts";
import type { BookingAttempt } from "../../domain/ports/appointments.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingInfo,
  SlotCache,
} from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import {
  bookableService,
  type NotBookableService,
  type UnknownService,
} from "./bookable-service.ts";
import { chosenHostsPossible, withChosenHosts } from "./chosen-hosts.ts";
import { type Ask, ask, callerPhone, type VoiceContext, voiceCallRef } from "./context.ts";
import { recordBookedAppointment } from "./record-booking.ts";
import { lookUpAttempt, settleSchedule } from "./settle-booking.ts";
import type { SlotHolds } from "./slot-holds.ts";
import { nearest, weekOfSlots } from "./slots.ts";
import { resolveStaffWish, type StaffChoice } from "./staff-choice.ts";

export interface BookAppointmentArgs {
  service?: string | null;
  start?: string | null;
  customer_name?: string | null;
  customer_phone?: string | null;
  customer_email?: string | null;
  notes?: string | null;
  /** The staff member the caller asked for, by name. */
  staff?: string | null;
}

/** The staff member the caller asked for, and whether the booking is surely theirs. */
export interface StaffWish {
  name: string;
  /** Cal.com was asked for their hosts only, so the booking is theirs or was refused. */
  guaranteed: boolean;
}

export type BookAppointmentOutcome =
  | Ask
  | UnknownService
  | NotBookableService
  /** The wished name fits several staff members who do the service. */
  | { kind: "staff_ambiguous"; names: string[] }
  /** The wished staff member does not do the service; who does. */
  | { kind: "staff_not_offering"; staff: string; offeredBy: string[] }
  | {
      kind: "booked";
      /** `pending`: a request the business still confirms. */
      status: "accepted" | "pending";
      appointment: Appointment;
      service: string;
      staffName: string | null;
      start: string;
      repeated: boolean;
      /** Null when the caller asked for no one. */
      staffWish: StaffWish | null;
    }
  | {
      /**
       * Cal.com's answer is not known yet (this booking's, or with `earlier`, an earlier booking
       * of the same call that this one waits for): never reported as failed, looked up in the
       * background, and the same request again returns what was found.
       */
      kind: "checking";
      service: string;
      start: string;
      earlier: boolean;
    }
  | { kind: "slot_taken"; service: string; requested: string; alternatives: string[] }
  | {
      /** Cal.com refused for a reason other than the time: said plainly, recorded on the service. */
      kind: "refused";
      refusal: BookingRefusal | "refused";
      service: string;
      /** For `invalid_contact`: what the agent should ask for again, if Cal.com said. */
      field: "customer_phone" | "customer_email" | null;
    }
  /** Cal.com could not be reached (nothing was sent) or refused our credentials: not booked. */
  | { kind: "booking_failed" };

const pollMs = 100;
/**
 * The whole function stays within this (the Retell tool timeout of book_appointment is 20 s):
 * waiting for others ≤ 4 s, Cal.com's booking ≤ 10 s, what follows on what is left.
 */
const functionBudgetMs = 16_000;
/** How long a new booking waits for an earlier one of the same call that is not settled. */
const waitForEarlierMs = 4_000;
/** A look-up of a lost answer while the caller waits. */
const lookUpBudgetMs = 3_000;
/** Cal.com's budget for one booking (retryPolicies.voiceWrite), and a margin for our own writes. */
const bookingBudgetMs = 10_000;
const holderMarginMs = 1_000;

export interface BookAppointmentDeps {
  store: Pick<
    Store,
    | "transaction"
    | "services"
    | "staff"
    | "appointments"
    | "bookingAttempts"
    | "customers"
    | "calls"
    | "companies"
    | "hostMappings"
    | "calcomMirror"
  >;
  calcom: Pick<CalcomBookingGateway, "createBooking" | "findBookingByRef" | "getBooking" | "slots">;
  slotCache: SlotCache;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /**
   * The settler's look-up interval (BOOKING_SETTLE_INTERVAL_MS): a lost answer is first looked
   * up this long after it was lost, and an attempt whose server died this long after its budget.
   */
  settleIntervalMs?: number;
  /** Slots held for the call while it books: let go once a booking is in. */
  slotHolds?: Pick<SlotHolds, "release">;
}

/**
 * Books exactly once, and never says "failed" while Cal.com may be creating the booking.
 *
 * The attempt (idempotency key = company, call, service, start) is written before Cal.com is
 * called, with everything a look-up needs. Cal.com answers: the appointment is recorded (staff of
 * the host the booking is for) and the attempt removed in one transaction. Cal.com refuses: the
 * attempt is removed; a taken slot gets other times, anything else a plain sentence and a problem
 * on the service. The answer is lost (timeout, reset, 5xx): "checking", and the settler looks the
 * booking up by its ref until it is found. A retried or parallel identical request waits for the
 * first or returns what its look-up found; a new booking in the same call first waits (bounded)
 * for an earlier one whose answer is not in yet.
 *
 * A wished staff member is booked strictly where Cal.com can be asked for their hosts (a busy host
 * is a taken slot, with that host's other times); elsewhere the booking is the team's, and the
 * wish goes into the notes for the team.
 */
export function makeBookAppointment(deps: BookAppointmentDeps) {
  const settleIntervalMs = deps.settleIntervalMs ?? settleSchedule.defaultIntervalMs;

  return async (ctx: VoiceContext, args: BookAppointmentArgs): Promise<BookAppointmentOutcome> => {
    const deadline = performance.now() + functionBudgetMs;
    const left = () => deadline - performance.now();
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

    // The verified caller is the call's own number; a number the caller names is only who the
    // booking is for (its attendee phone), never whose customer record is written.
    const caller = callerPhone(company, ctx.call);
    const phoneInput = args.customer_phone?.trim() || null;
    const phone = phoneInput ? toE164(phoneInput, company.country) : null;
    const attendeePhone = phone?.ok ? phone.e164 : caller;
    const forCaller = caller !== null && attendeePhone === caller;
    const email = args.customer_email?.trim().toLowerCase() || null;
    const callId = ctx.call.callId;
    const key = idempotencyKey(companyId, callId ?? attendeePhone ?? "", service.id, start);
    const staffWish = args.staff?.trim() || null;
    // Independent reads side by side: on PostgreSQL each is a round trip of its own.
    const [staff, done, callAttempts, choice, eventType] = await Promise.all([
      deps.store.staff.list(companyId),
      deps.store.appointments.findByIdempotencyKey(companyId, key),
      callId ? deps.store.bookingAttempts.listOpenForCall(companyId, callId) : [],
      staffWish ? resolveStaffWish(deps, companyId, eventTypeId, staffWish) : null,
      staffWish ? deps.store.calcomMirror.findEventType(companyId, eventTypeId) : null,
    ]);
    if (choice?.kind === "ambiguous") return { kind: "staff_ambiguous", names: choice.names };
    if (choice?.kind === "not_offering")
      return { kind: "staff_not_offering", staff: staffWish!, offeredBy: choice.offeredBy };
    if (choice?.kind === "unknown") return ask("staff", "invalid");
    const wish = choice?.kind === "staff" ? choice : null;
    const hostIds = wish && chosenHostsPossible(company, eventType) ? wish.hostIds : undefined;

    const nameProblem = await customerNameProblem(deps, ctx, args.customer_name ?? "", staff);
    if (nameProblem) return ask("customer_name", nameProblem);
    const customerName = args.customer_name!.trim().replace(/\s+/g, " ");
    if (phone && !phone.ok) return ask("customer_phone", "invalid");
    if (!attendeePhone) return ask("customer_phone", "missing");
    if (email && !isEmailAddress(email)) return ask("customer_email", "invalid");

    const booked = (appointment: Appointment, repeated: boolean, guaranteed: boolean) =>
      bookedOutcome(deps, staff, companyId, service.name, appointment, repeated, {
        wish,
        guaranteed,
      });
    const checking = (earlier: boolean): BookAppointmentOutcome => ({
      kind: "checking",
      service: service.name,
      start,
      earlier,
    });
    if (done) return booked(done, true, hostIds !== undefined);

    // A new booking in a call waits for the call's earlier ones whose answer is not in yet.
    if (callAttempts.some((a) => a.key !== key)) {
      const unsettled = await waitForEarlier(deps, ctx, key, Math.min(waitForEarlierMs, left()));
      if (unsettled) return checking(true);
    }

    // Only the verified caller's own record is created or completed, and only with what they
    // said about themselves; booking for another number leaves that number's record alone. An
    // email is kept only once Cal.com has accepted a booking with it.
    const customer = caller
      ? await deps.store.customers.upsertByPhone(companyId, {
          phone: caller,
          name: forCaller ? customerName : null,
          email: null,
        })
      : null;
    // The address given now, else the one this caller gave before, else one of their own:
    // never another person's stored address, never one shared by several callers.
    const attendeeEmail = email ?? customer?.email ?? guestEmail(company, attendeePhone);
    const notes = args.notes?.trim() || null;
    // Without the hosts asked for, the team reads the wish in the booking's notes.
    const notesWithWish = wish ? withWishNote(notes, wish.staffName, company.locale) : notes;

    for (let round = 0; round < 3; round += 1) {
      const startedAt = deps.clock.now();
      const claimed = await deps.store.bookingAttempts.insert(companyId, {
        key,
        callId,
        serviceId: service.id,
        customerId: customer?.id ?? null,
        eventTypeId,
        start,
        attendeeName: customerName,
        attendeeEmail,
        attendeePhone,
        notes: hostIds ? notes : notesWithWish,
        startedAt: startedAt.toISOString(),
        // Should this server die mid-booking, any settler takes over once the budget is spent.
        nextCheckAt: new Date(
          startedAt.getTime() + bookingBudgetMs + holderMarginMs + settleIntervalMs,
        ).toISOString(),
      });
      if (!claimed) {
        // An identical request is booking, or its answer was lost: its outcome is this one's.
        const twin = await followTwin(deps, ctx, key, left);
        if (twin === "gone") continue;
        if (twin === "unknown") return checking(false);
        return booked(twin, true, hostIds !== undefined);
      }

      // The hosts of the request Cal.com answered last: a taken slot offers their other times.
      let sentHosts: readonly number[] | undefined;
      const send = (hosts?: readonly number[]) => {
        sentHosts = hosts;
        return deps.calcom.createBooking(
          company,
          {
            eventTypeId,
            start,
            attendee: {
              name: customerName,
              email: attendeeEmail,
              timeZone: company.timezone,
              phoneNumber: attendeePhone,
              language: company.locale,
            },
            notes: hosts ? notes : notesWithWish,
            ref: key,
            ...(hosts ? { hostIds: hosts } : {}),
          },
          ctx.meter,
        );
      };
      let booking: CalcomBookingInfo;
      // An older Cal.com refuses the hosts: remembered, and booked as the team's.
      let chosen = false;
      try {
        if (hostIds)
          ({ value: booking, chosen } = await withChosenHosts(deps, company, hostIds, send));
        else booking = await send();
      } catch (error) {
        if (!(error instanceof UpstreamError)) {
          // Ours, not Cal.com's: it may have booked, so the settler looks.
          await markUnknown(deps, companyId, key, settleIntervalMs, String(error));
          throw error;
        }
        if (error.kind === "unknown") {
          await markUnknown(deps, companyId, key, settleIntervalMs, error.message);
          deps.logger?.warn(
            { companyId, serviceId: service.id, callId, attempt: key, err: error.message },
            "booking outcome unknown: Cal.com's answer was lost; the settler looks it up",
          );
          return checking(false);
        }
        await deps.store.bookingAttempts.release(companyId, key);
        // Cal.com does not know the event type (any more): it cannot be booked this way.
        const refusal = error.kind === "not_found" ? "not_bookable" : bookingRefusal(error);
        if (error.kind !== "rejected" && error.kind !== "not_found")
          return { kind: "booking_failed" };
        if (refusal === "slot_taken") {
          deps.slotCache.invalidate(companyId, eventTypeId);
          const slots = await within(
            left(),
            weekOfSlots(deps, company, eventTypeId, when.date!, ctx.meter, sentHosts),
          ).catch(() => null);
          return {
            kind: "slot_taken",
            service: service.name,
            requested: when.start,
            alternatives: slots ? nearest(slots, start, now) : [],
          };
        }
        const calcomMessage = error.upstreamMessage ?? error.message;
        deps.logger?.warn(
          {
            companyId,
            company: company.slug,
            serviceId: service.id,
            service: service.name,
            eventTypeId,
            refusal,
            calcomMessage,
          },
          "Cal.com refused a phone booking",
        );
        if (refusal !== "refused") {
          await deps.store.services.recordBookingProblem(companyId, service.id, {
            code: refusal,
            message: calcomMessage,
            at: deps.clock.now().toISOString(),
          });
        }
        return {
          kind: "refused",
          refusal,
          service: service.name,
          field:
            refusal !== "invalid_contact"
              ? null
              : error.refusedField === "phone"
                ? "customer_phone"
                : error.refusedField === "email"
                  ? "customer_email"
                  : null,
        };
      }

      deps.slotCache.invalidate(companyId, eventTypeId, [booking.start]);
      // The organizer is the host Cal.com chose; the POST answer may lack it.
      if (booking.hostUserId === null && left() > 1_000) {
        booking =
          (await within(left(), deps.calcom.getBooking(company, booking.uid, ctx.meter)).catch(
            () => null,
          )) ?? booking;
      }
      const appointment = await recordBookedAppointment(deps.store, ctx, {
        booking,
        serviceId: service.id,
        eventTypeId,
        customerId: customer?.id ?? null,
        idempotencyKey: key,
        notes: chosen ? notes : notesWithWish,
        attendee: { name: customerName, email: attendeeEmail },
        settlesAttempt: key,
      }).catch(async (error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
        const twin = await deps.store.appointments.findByIdempotencyKey(companyId, key);
        if (!twin) throw error;
        await deps.store.bookingAttempts.release(companyId, key);
        return twin;
      });
      // A refusal recorded on the service is over (the services read may be a few seconds old,
      // so this does not rely on it; it writes only when there is a problem to clear).
      await deps.store.services.recordBookingProblem(companyId, service.id, null);
      if (forCaller && email && customer && customer.email === null)
        await deps.store.customers.upsertByPhone(companyId, { phone: caller, name: null, email });
      deps.slotHolds?.release(ctx, "booked");
      return booked(appointment, false, chosen);
    }
    return checking(false);
  };
}

async function bookedOutcome(
  deps: Pick<BookAppointmentDeps, "store">,
  staff: Staff[],
  companyId: string,
  serviceName: string,
  appointment: Appointment,
  repeated: boolean,
  asked: { wish: Extract<StaffChoice, { kind: "staff" }> | null; guaranteed: boolean },
): Promise<BookAppointmentOutcome> {
  // The staff list read above has them, unless they were added during the booking.
  const member = appointment.staffId
    ? (staff.find((s) => s.id === appointment.staffId) ??
      (await deps.store.staff.findById(companyId, appointment.staffId)))
    : null;
  return {
    kind: "booked",
    status: appointment.status === "pending" ? "pending" : "accepted",
    appointment,
    service: serviceName,
    staffName: member?.name ?? null,
    start: appointment.startAt,
    repeated,
    staffWish: asked.wish && {
      name: asked.wish.staffName,
      guaranteed: asked.guaranteed && appointment.staffId === asked.wish.staffId,
    },
  };
}

/**
 * Why the customer name cannot be used, or null. A stand-in name ("Max Mustermann") is refused
 * once; the caller saying the same name again in the same call is taken at their word.
 */
async function customerNameProblem(
  deps: Pick<BookAppointmentDeps, "store" | "clock">,
  ctx: VoiceContext,
  name: string,
  staff: readonly Staff[],
): Promise<"missing" | "placeholder" | "invalid" | null> {
  const problem = unusableCustomerName(
    name,
    staff.map((s) => s.name),
  );
  const call = voiceCallRef(ctx);
  if (problem !== "placeholder" || !call) return problem;
  const companyId = ctx.company.id;
  const said = normalizeName(name);
  if ((await deps.store.calls.findRefusedName(companyId, call.retellCallId)) === said) return null;
  await deps.store.calls.noteRefusedName(companyId, call, said, deps.clock.now().toISOString());
  return "placeholder";
}

const wishLabel: Record<Locale, string> = { de: "Wunsch", en: "Requested" };

/** The caller's notes with their wish for a staff member ("Wunsch: Anna"), for the team. */
function withWishNote(notes: string | null, staffName: string, locale: Locale): string {
  const wish = `${wishLabel[locale]}: ${staffName}`;
  return notes ? `${notes}\n${wish}` : wish;
}

/** Cal.com's refusal as the caller is told it (a refused parameter is a plain refusal). */
const bookingRefusal = (error: UpstreamError): BookingRefusal | "slot_taken" | "refused" =>
  error.refusal === "hosts_unsupported" ? "refused" : (error.refusal ?? "refused");

async function markUnknown(
  deps: Pick<BookAppointmentDeps, "store" | "clock">,
  companyId: string,
  key: string,
  settleIntervalMs: number,
  error: string,
): Promise<void> {
  await deps.store.bookingAttempts.markUnknown(companyId, key, {
    nextCheckAt: new Date(deps.clock.now().getTime() + settleIntervalMs).toISOString(),
    error,
  });
}

/** An attempt whose holder cannot still be waiting for Cal.com: its server died mid-booking. */
const orphaned = (attempt: BookingAttempt, now: Date) =>
  attempt.state === "booking" &&
  now.getTime() - Date.parse(attempt.startedAt) > bookingBudgetMs + holderMarginMs;

/**
 * Follows the identical request that holds the key: its appointment once it has one; `gone` when
 * it ended without one (Cal.com refused it; this request books afresh); `unknown` while Cal.com's
 * answer is not known, after one look-up of a lost answer.
 */
async function followTwin(
  deps: BookAppointmentDeps,
  ctx: VoiceContext,
  key: string,
  left: () => number,
): Promise<Appointment | "gone" | "unknown"> {
  const companyId = ctx.company.id;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    const [appointment, attempt] = await Promise.all([
      deps.store.appointments.findByIdempotencyKey(companyId, key),
      deps.store.bookingAttempts.find(companyId, key),
    ]);
    if (appointment) return appointment;
    if (!attempt) return "gone";
    if (attempt.state === "abandoned") {
      // Looked for in vain for a day: Cal.com has no such booking, so booking again is safe.
      await deps.store.bookingAttempts.release(companyId, key);
      return "gone";
    }
    if (attempt.state === "unknown" || orphaned(attempt, deps.clock.now())) {
      const result = await lookUpAttempt(deps, ctx.company, attempt, {
        meter: ctx.meter,
        budgetMs: Math.min(lookUpBudgetMs, left()),
      });
      return result.kind === "booked" ? result.appointment : "unknown";
    }
    // In flight: wait for it while its own Cal.com budget lasts, and ours.
    const holderLeft =
      Date.parse(attempt.startedAt) + bookingBudgetMs + holderMarginMs - deps.clock.now().getTime();
    if (Math.min(holderLeft, left()) <= 0) return "unknown";
    await sleep(pollMs);
  }
}

/**
 * Before a new booking: the call's other attempts whose answer is not in yet. Those in flight
 * are waited for; those whose answer was lost are looked up once. True when one is still not
 * settled after `budgetMs`.
 */
async function waitForEarlier(
  deps: BookAppointmentDeps,
  ctx: VoiceContext,
  key: string,
  budgetMs: number,
): Promise<boolean> {
  const companyId = ctx.company.id;
  const callId = ctx.call.callId!;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const until = performance.now() + budgetMs;
  const lookedUp = new Set<string>();
  for (;;) {
    const others = (await deps.store.bookingAttempts.listOpenForCall(companyId, callId)).filter(
      (a) => a.key !== key,
    );
    if (others.length === 0) return false;
    const now = deps.clock.now();
    for (const attempt of others) {
      if (lookedUp.has(attempt.key)) continue;
      if (attempt.state !== "unknown" && !orphaned(attempt, now)) continue;
      lookedUp.add(attempt.key);
      await lookUpAttempt(deps, ctx.company, attempt, {
        meter: ctx.meter,
        budgetMs: Math.max(1, Math.min(lookUpBudgetMs, until - performance.now())),
      });
    }
    const open = (await deps.store.bookingAttempts.listOpenForCall(companyId, callId)).filter(
      (a) => a.key !== key,
    );
    if (open.length === 0) return false;
    // Lost answers not found yet stay open: only the settler (or Cal.com's answer) closes them.
    const inFlight = open.some((a) => a.state === "booking" && !orphaned(a, deps.clock.now()));
    if (!inFlight || performance.now() + pollMs >= until) return true;
    await sleep(pollMs);
  }
}

/** Resolves like `promise`, or rejects once `ms` have passed (the work itself goes on). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  if (ms <= 0) {
    promise.catch(() => {});
    return Promise.reject(new Error("no time left"));
  }
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no time left")), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
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
 * caller without one gets an address of their own, never a shared fallback.
 */
export function guestEmail(company: Company, phone: string): string {
  return `phone-${phone.replace(/\D/g, "")}@${company.slug}.guests.frontdesk.invalid`;
}
