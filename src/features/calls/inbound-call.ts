import type { Company } from "../../domain/entities.ts";
import type { CustomerRepository } from "../../domain/ports/privacy.ts";
import { callerPhone } from "../voice/context.ts";
import type { PrefetchCall, SlotPrefetcher } from "../voice/prefetch-slots.ts";

/**
 * call_inbound, while the phone rings: starts fetching the company's free slots in the background
 * (it never waits for them), and gives the caller's name when this company knows their number.
 * The name is what a caller once said it was: the route hands it to the agent as data.
 */
export function makeInboundCall(deps: {
  customers: Pick<CustomerRepository, "findByPhone">;
  prefetch?: Pick<SlotPrefetcher, "ringing">;
}) {
  return async (company: Company, call: PrefetchCall): Promise<{ customerName: string | null }> => {
    deps.prefetch?.ringing(company, call);
    const phone = callerPhone(company, {
      fromNumber: call.fromNumber,
      toNumber: null,
      callId: null,
      agentId: null,
    });
    const customer = phone ? await deps.customers.findByPhone(company.id, phone) : null;
    return { customerName: customer?.name ?? null };
  };
}
