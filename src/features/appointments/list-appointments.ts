import { z } from "zod";
import type { Appointment, TenantContext } from "../../domain/entities.ts";
import type { AppointmentRepository } from "../../domain/ports/appointments.ts";
import type { CustomerRepository } from "../../domain/ports/privacy.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import { parseInput } from "../parse-input.ts";

export const listAppointmentsInput = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export interface AppointmentView extends Appointment {
  serviceName: string | null;
  staffName: string | null;
  /**
   * The attendee of this booking as Cal.com has it, not whoever last used the phone number; the
   * phone only for our own voice bookings, from the verified caller's customer record.
   */
  customer: { name: string | null; phone: string | null; email: string | null };
  /** The Cal.com host is not mapped to staff: an admin should fix the mapping. */
  needsMapping: boolean;
}

/** A company's appointments with names resolved, in start order (at most four queries). */
export function makeListAppointments(deps: {
  appointments: Pick<AppointmentRepository, "list">;
  services: Pick<ServiceRepository, "list">;
  staff: Pick<StaffRepository, "list">;
  customers: Pick<CustomerRepository, "listByIds">;
}) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof listAppointmentsInput> = {},
  ): Promise<AppointmentView[]> => {
    const input = parseInput(listAppointmentsInput, raw, "filter");
    const companyId = ctx.company.id;
    const [appointments, services, staff] = await Promise.all([
      deps.appointments.list(companyId, {
        from: input.from ? new Date(input.from).toISOString() : undefined,
        to: input.to ? new Date(input.to).toISOString() : undefined,
        limit: input.limit,
      }),
      deps.services.list(companyId),
      deps.staff.list(companyId),
    ]);
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    const staffName = new Map(staff.map((s) => [s.id, s.name]));
    const own = (a: Appointment) => a.source === "voice" && a.customerId !== null;
    const customerIds = [...new Set(appointments.filter(own).map((a) => a.customerId!))];
    const customers = new Map(
      (await deps.customers.listByIds(companyId, customerIds)).map((c) => [c.id, c]),
    );
    return appointments.map((a) => {
      const customer = own(a) ? customers.get(a.customerId!) : undefined;
      return {
        ...a,
        serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
        staffName: a.staffId ? (staffName.get(a.staffId) ?? null) : null,
        customer: {
          name: a.attendeeName ?? customer?.name ?? null,
          phone: customer?.phone ?? null,
          email: a.attendeeEmail ?? customer?.email ?? null,
        },
        needsMapping: a.staffId === null && a.calcomUserId !== null,
      };
    });
  };
}
