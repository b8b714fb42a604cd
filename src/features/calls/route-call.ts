import type { Company } from "../../domain/entities.ts";
import { toE164 } from "../../domain/phone.ts";
import type {
  CompanyRepository,
  PhoneNumberRepository,
  RetellAgentRepository,
} from "../../domain/ports/company.ts";

/** How a call reaches us: the number dialled and the Retell agent that answered. */
export type CallRoute = { toNumber: string | null; agentId: string | null };

/**
 * Which company a call is for: the dialled number (E.164), else the Retell agent. Null for an
 * unknown number: the caller then hears a polite refusal, never another company's data.
 */
export function makeRouteCall(deps: {
  phoneNumbers: Pick<PhoneNumberRepository, "findByNumber">;
  retellAgents: Pick<RetellAgentRepository, "findByAgentId">;
  companies: Pick<CompanyRepository, "findById">;
}) {
  return async (call: CallRoute): Promise<Company | null> => {
    // Our numbers are stored in E.164; "+49…" parses in any country, national forms only in DE.
    const dialled = call.toNumber ? toE164(call.toNumber, "DE") : null;
    const byNumber = dialled?.ok ? await deps.phoneNumbers.findByNumber(dialled.e164) : null;
    const companyId =
      byNumber?.companyId ??
      (call.agentId ? (await deps.retellAgents.findByAgentId(call.agentId))?.companyId : null);
    return companyId ? deps.companies.findById(companyId) : null;
  };
}
