import type { Company } from "../../domain/entities.ts";
import type { CustomerRepository } from "../../domain/ports.ts";
import { callerPhone } from "./context.ts";

/** call_inbound: the caller's name when this company knows their number. */
export function makeInboundCall(deps: { customers: Pick<CustomerRepository, "findByPhone"> }) {
  return async (
    company: Company,
    fromNumber: string | null,
  ): Promise<{ customerName: string | null }> => {
    const phone = callerPhone(company, { fromNumber, toNumber: null, callId: null, agentId: null });
    const customer = phone ? await deps.customers.findByPhone(company.id, phone) : null;
    return { customerName: customer?.name ?? null };
  };
}
