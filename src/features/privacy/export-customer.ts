import type { TenantContext } from "../../domain/entities.ts";
import type { Clock } from "../../platform/clock.ts";
import { collectPerson, type PersonRepositories, readPhone } from "./customer-data.ts";

export interface CustomerExport {
  company: string;
  phone: string;
  exportedAt: string;
  customer: { id: string; name: string | null; phone: string; email: string | null } | null;
  appointments: unknown[];
  calls: unknown[];
  bookingAttempts: unknown[];
  /** Raw deliveries that mention the caller; `payload` parsed when it is JSON. */
  inboxEvents: unknown[];
}

/** Everything stored about one caller (by phone) in the company, as one JSON document. */
export function makeExportCustomer(deps: PersonRepositories & { clock: Clock }) {
  return async (ctx: TenantContext, raw: { phone: string }): Promise<CustomerExport> => {
    const phone = readPhone(ctx, raw);
    const data = await collectPerson(deps, ctx.company.id, phone);
    return {
      company: ctx.company.slug,
      phone,
      exportedAt: deps.clock.now().toISOString(),
      customer: data.customer
        ? {
            id: data.customer.id,
            name: data.customer.name,
            phone: data.customer.phone,
            email: data.customer.email,
          }
        : null,
      appointments: data.appointments.map(({ companyId: _, ...a }) => a),
      calls: data.calls,
      bookingAttempts: data.bookingAttempts.map(({ companyId: _, ...a }) => a),
      inboxEvents: data.inboxEvents.map((e) => ({ ...e, payload: parsed(e.payload) })),
    };
  };
}

function parsed(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}
