import { z } from "zod";
import type { Appointment, TenantContext } from "../domain/entities.ts";
import type {
  AppointmentRepository,
  CustomerRepository,
  ServiceRepository,
  StaffRepository,
} from "../domain/ports.ts";
import { parseInput } from "./validate.ts";

export const listAppointmentsInput = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export interface AppointmentView extends Appointment {
  serviceName: string | null;
  staffName: string | null;
  customer: { name: string | null; phone: string } | null;
  /** The Cal.com host is not mapped to staff: an admin should fix the mapping. */
  needsMapping: boolean;
}

/** A company's appointments with names resolved, in start order (four queries in all). */
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
    const customerIds = [
      ...new Set(appointments.map((a) => a.customerId).filter((id): id is string => id !== null)),
    ];
    const customers = new Map(
      (await deps.customers.listByIds(companyId, customerIds)).map((c) => [c.id, c]),
    );
    return appointments.map((a) => {
      const customer = a.customerId ? customers.get(a.customerId) : undefined;
      return {
        ...a,
        serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
        staffName: a.staffId ? (staffName.get(a.staffId) ?? null) : null,
        customer: customer ? { name: customer.name, phone: customer.phone } : null,
        needsMapping: a.staffId === null && a.calcomUserId !== null,
      };
    });
  };
}
