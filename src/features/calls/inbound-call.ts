import type { Company } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports/store.ts";
import { callerPhone } from "../voice/context.ts";
import type { PrefetchCall, SlotPrefetcher } from "../voice/prefetch-slots.ts";

/** What call_inbound tells the agent about a caller this company knows by their number. */
export interface KnownCaller {
  customerName: string | null;
  /** Who did the caller's latest appointment with a staff member, and which service it was. */
  lastStaffName: string | null;
  lastService: string | null;
}

/** Appointments of the caller read to find their latest one with a staff member. */
const recentLimit = 20;

/**
 * call_inbound, while the phone rings: starts fetching the company's free slots in the background
 * (it never waits for them; those of the caller's last staff member among them), and gives the
 * caller's name and their last staff member and service when this company knows their number.
 * The names are what callers and the team once typed: the route hands them to the agent as data.
 */
export function makeInboundCall(deps: {
  store: Pick<Store, "customers" | "appointments" | "staff" | "services">;
  prefetch?: Pick<SlotPrefetcher, "ringing">;
}) {
  return async (company: Company, call: PrefetchCall): Promise<KnownCaller> => {
    const companyId = company.id;
    const phone = callerPhone(company, {
      fromNumber: call.fromNumber,
      toNumber: null,
      callId: null,
      agentId: null,
    });
    const customer = phone ? await deps.store.customers.findByPhone(companyId, phone) : null;
    // The latest (past or upcoming) of the verified caller's appointments that has staff.
    const last = customer
      ? (
          await deps.store.appointments.search(companyId, {
            phone: customer.phone,
            statuses: ["accepted", "pending"],
            order: "desc",
            limit: recentLimit,
          })
        ).find((a) => a.staffId !== null && a.customerId === customer.id)
      : undefined;
    // After the two reads, so the caller's last staff member's times are fetched among the first.
    deps.prefetch?.ringing(company, { ...call, preferredStaffId: last?.staffId ?? null });
    const [staff, service] = last
      ? await Promise.all([
          deps.store.staff.findById(companyId, last.staffId!),
          last.serviceId ? deps.store.services.findById(companyId, last.serviceId) : null,
        ])
      : [null, null];
    return {
      customerName: customer?.name ?? null,
      lastStaffName: staff?.name ?? null,
      lastService: staff ? (service?.name ?? null) : null,
    };
  };
}
