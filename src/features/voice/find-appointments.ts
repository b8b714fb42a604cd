import type { Appointment } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { upcomingOf } from "./caller-appointments.ts";
import { callerPhone, type VoiceContext, voiceCallRef } from "./context.ts";

/** What the agent may hear of an appointment: its id, service and time, nothing personal. */
export interface FoundAppointment {
  id: string;
  bookingUid: string;
  serviceName: string | null;
  startAt: string;
  endAt: string;
  status: Appointment["status"];
}

export type FindAppointmentsOutcome =
  | { kind: "appointments"; appointments: FoundAppointment[] }
  | { kind: "anonymous_caller" };

/**
 * The caller's upcoming appointments (by their phone number, in this company only): service and
 * time only. A caller ID can be spoofed, so no staff names, attendee names, emails or notes.
 */
export function makeFindAppointments(deps: {
  store: Pick<Store, "customers" | "appointments" | "services" | "calls">;
  clock: Clock;
}) {
  return async (ctx: VoiceContext): Promise<FindAppointmentsOutcome> => {
    const phone = callerPhone(ctx.company, ctx.call);
    if (!phone) return { kind: "anonymous_caller" };
    const customer = await deps.store.customers.findByPhone(ctx.company.id, phone);
    if (!customer) return { kind: "appointments", appointments: [] };
    const [list, services] = await Promise.all([
      upcomingOf(deps, ctx.company.id, customer.id, deps.clock.now()),
      deps.store.services.list(ctx.company.id),
    ]);
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    // The calls list shows that this call found the caller's appointments: one small write.
    const call = voiceCallRef(ctx);
    if (list.length > 0 && call)
      await deps.store.calls.noteAction(
        ctx.company.id,
        call,
        "found",
        deps.clock.now().toISOString(),
      );
    return {
      kind: "appointments",
      appointments: list.map((a) => ({
        id: a.id,
        bookingUid: a.bookingUid,
        serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
        startAt: a.startAt,
        endAt: a.endAt,
        status: a.status,
      })),
    };
  };
}
