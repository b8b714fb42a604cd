import { z } from "zod";
import type { TenantContext } from "../../domain/entities.ts";
import { ConflictError } from "../../domain/errors.ts";
import type { RetellAgentRepository } from "../../domain/ports/company.ts";
import { parseInput } from "../parse-input.ts";

export const addRetellAgentInput = z.object({
  agentId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,128}$/, "is not a Retell agent id such as agent_1a2b3c"),
});

/**
 * Routes calls of a Retell agent to the company when the dialled number is not known (the second
 * route). An agent answers for one company only; another company's is refused
 * without saying whose it is.
 */
export function makeAddRetellAgent(deps: {
  retellAgents: Pick<RetellAgentRepository, "findByAgentId" | "add">;
}) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof addRetellAgentInput>,
  ): Promise<{ created: boolean }> => {
    const { agentId } = parseInput(addRetellAgentInput, raw, "Retell agent");
    const existing = await deps.retellAgents.findByAgentId(agentId);
    if (existing?.companyId === ctx.company.id) return { created: false };
    if (existing) throw new ConflictError(`${agentId} already answers for another company`);
    await deps.retellAgents.add(ctx.company.id, agentId);
    return { created: true };
  };
}
