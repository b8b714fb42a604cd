import { localDateOf, parseWhen } from "../../domain/datetime/index.ts";
import type { Appointment } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";
import { type Ask, ask, callerPhone, type VoiceContext } from "./context.ts";

export type CallerAppointment =
  | { kind: "found"; appointment: Appointment }
  | Ask
  | { kind: "anonymous_caller" }
  | { kind: "not_found" };

/**
 * The caller's own upcoming appointment, by id or by its start. Someone else's appointment is
 * "not found" (the same words as a wrong id), so a caller learns nothing about other customers.
 */
export async function findCallerAppointment(
  deps: { store: Pick<Store, "customers" | "appointments">; clock: Clock },
  ctx: VoiceContext,
  args: { appointment_id?: string | null; start?: string | null },
): Promise<CallerAppointment> {
  const phone = callerPhone(ctx.company, ctx.call);
  if (!phone) return { kind: "anonymous_caller" };
  const customer = await deps.store.customers.findByPhone(ctx.company.id, phone);
  if (!customer) return { kind: "not_found" };
  const now = deps.clock.now();
  const upcoming = await upcomingOf(deps, ctx.company.id, customer.id, now);

  if (args.appointment_id?.trim()) {
    const found = upcoming.find((a) => a.id === args.appointment_id!.trim());
    return found ? { kind: "found", appointment: found } : { kind: "not_found" };
  }
  if (!args.start?.trim()) {
    // One upcoming appointment is unambiguous; otherwise the agent asks which one.
    return upcoming.length === 1
      ? { kind: "found", appointment: upcoming[0]! }
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
  if (exact.length === 1) return { kind: "found", appointment: exact[0]! };
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
