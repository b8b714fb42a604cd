import { localDateOf, parseWhen } from "../../domain/datetime/index.ts";
import type { Appointment, Customer } from "../../domain/entities.ts";
import { normalizeName } from "../../domain/matching/index.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { type Ask, ask, callerPhone, type VoiceContext } from "./context.ts";

export type CallerAppointment =
  | { kind: "found"; appointment: Appointment }
  | Ask
  | { kind: "anonymous_caller" }
  /** The caller's number has no upcoming appointment at all: nothing of anyone else is told. */
  | { kind: "none_for_number" }
  | { kind: "not_found" };

/**
 * The caller's own upcoming appointment, by id or by its start, to change it. A caller ID can be
 * spoofed, so the caller must also say the name the appointment was booked under (its attendee
 * name, else its customer's name), compared as the matcher compares names ("Jörg" = "joerg").
 * Someone else's appointment and a name that does not fit are both "not found" (the same words
 * as a wrong id), so a caller learns nothing about other customers, nor which part was wrong.
 * A number without any upcoming appointment is told so before the name is asked for.
 */
export async function findCallerAppointment(
  deps: { store: Pick<Store, "customers" | "appointments">; clock: Clock },
  ctx: VoiceContext,
  args: {
    appointment_id?: string | null;
    start?: string | null;
    customer_name?: string | null;
  },
): Promise<CallerAppointment> {
  const phone = callerPhone(ctx.company, ctx.call);
  if (!phone) return { kind: "anonymous_caller" };
  const customer = await deps.store.customers.findByPhone(ctx.company.id, phone);
  const now = deps.clock.now();
  const upcoming = customer ? await upcomingOf(deps, ctx.company.id, customer.id, now) : [];
  if (!customer || upcoming.length === 0) return { kind: "none_for_number" };
  const givenName = normalizeName(args.customer_name);
  if (givenName === "") return ask("customer_name", "missing");
  const found = pick(ctx, customer, upcoming, now, args);
  if (found.kind !== "found") return found;
  return bookedUnder(found.appointment, found.customer) === givenName
    ? { kind: "found", appointment: found.appointment }
    : { kind: "not_found" };
}

/** The name an appointment was booked under, as a comparison key ("" when there is none). */
function bookedUnder(appointment: Appointment, customer: Customer): string {
  return normalizeName(appointment.attendeeName?.trim() ? appointment.attendeeName : customer.name);
}

/** Which of the caller's upcoming appointments they mean, by id or by start. */
function pick(
  ctx: VoiceContext,
  customer: Customer,
  upcoming: readonly Appointment[],
  now: Date,
  args: { appointment_id?: string | null; start?: string | null },
):
  | Exclude<CallerAppointment, { kind: "found" }>
  | { kind: "found"; appointment: Appointment; customer: Customer } {
  if (args.appointment_id?.trim()) {
    const found = upcoming.find((a) => a.id === args.appointment_id!.trim());
    return found ? { kind: "found", appointment: found, customer } : { kind: "not_found" };
  }
  if (!args.start?.trim()) {
    // One upcoming appointment is unambiguous; otherwise the agent asks which one.
    return upcoming.length === 1
      ? { kind: "found", appointment: upcoming[0]!, customer }
      : ask("appointment", "missing");
  }
  const when = parseWhen(
    { text: args.start },
    { now, timeZone: ctx.company.timezone, locale: ctx.company.locale },
  );
  if ("error" in when) return ask("start", when.error === "unparseable" ? "invalid" : when.error);
  const onDay = upcoming.filter((a) => localDateOf(a.startAt, ctx.company.timezone) === when.date);
  const exact = when.start
    ? onDay.filter((a) => a.startAt === new Date(when.start!).toISOString())
    : onDay;
  if (exact.length === 1) return { kind: "found", appointment: exact[0]!, customer };
  return exact.length > 1 ? ask("time", "missing") : { kind: "not_found" };
}

export function upcomingOf(
  deps: { store: Pick<Store, "appointments"> },
  companyId: string,
  customerId: string,
  now: Date,
): Promise<Appointment[]> {
  return deps.store.appointments.list(companyId, {
    customerId,
    from: now.toISOString(),
    statuses: ["accepted", "pending"],
    limit: 20,
  });
}
