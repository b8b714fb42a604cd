import type { Company } from "../../domain/entities.ts";
import type { CallRef, CallRepository } from "../../domain/ports/calls.ts";
import type { Clock } from "../../platform/clock.ts";

/** Unknown services a call may ask for before the agent offers to connect to the team. */
const unknownServicesBeforeTransfer = 2;

/**
 * Whether a reply that cannot help the caller should offer to connect them to the team: only
 * when the company has a number to transfer to, and for an unknown service only from the second
 * one in the same call (counted on the call, of this company).
 */
export function makeSuggestTransfer(deps: {
  calls: Pick<CallRepository, "countUnknownService">;
  clock: Clock;
}) {
  return async (
    company: Company,
    call: CallRef | null,
    why: { unknownService: boolean },
  ): Promise<boolean> => {
    if (why.unknownService) {
      const count = call
        ? await deps.calls.countUnknownService(company.id, call, deps.clock.now().toISOString())
        : 1;
      if (count < unknownServicesBeforeTransfer) return false;
    }
    return Boolean(company.transferNumber);
  };
}
