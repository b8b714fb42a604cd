import type { Appointment } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";
import { upcomingOf } from "./caller-appointments.ts";
import { callerPhone, type VoiceContext } from "./context.ts";

export type FindAppointmentsOutcome =
  | {
      kind: "appointments";
      appointments: (Appointment & { serviceName: string | null; staffName: string | null })[];
    }
  | { kind: "anonymous_caller" };

/** The caller's upcoming appointments (by their phone number, in this company only). */
export function makeFindAppointments(deps: {
  store: Pick<Store, "customers" | "appointments" | "services" | "staff">;
  clock: Clock;
}) {
  return async (ctx: VoiceContext): Promise<FindAppointmentsOutcome> => {
    const phone = callerPhone(ctx.company, ctx.call);
    if (!phone) return { kind: "anonymous_caller" };
    const customer = await deps.store.customers.findByPhone(ctx.company.id, phone);
    if (!customer) return { kind: "appointments", appointments: [] };
    const [list, services, staff] = await Promise.all([
      upcomingOf(deps, ctx.company.id, customer.id, deps.clock.now()),
      deps.store.services.list(ctx.company.id),
      deps.store.staff.list(ctx.company.id),
    ]);
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    const staffName = new Map(staff.map((s) => [s.id, s.name]));
    return {
      kind: "appointments",
      appointments: list.map((a) => ({
        ...a,
        serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
        staffName: a.staffId ? (staffName.get(a.staffId) ?? null) : null,
      })),
    };
  };
}
