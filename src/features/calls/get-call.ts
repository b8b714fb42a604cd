import { z } from "zod";
import type { TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CallRepository } from "../../domain/ports/calls.ts";
import { parseInput } from "../parse-input.ts";
import { type CallView, type CallViewDeps, toCallViews } from "./list-calls.ts";

export const getCallInput = z.object({ callId: z.string().min(1).max(200) });

/** One call of the company by its Retell call id, with the appointments it made. */
export function makeGetCall(deps: CallViewDeps & { calls: Pick<CallRepository, "find"> }) {
  return async (ctx: TenantContext, raw: z.input<typeof getCallInput>): Promise<CallView> => {
    const { callId } = parseInput(getCallInput, raw, "call");
    const call = await deps.calls.find(ctx.company.id, callId);
    if (!call) throw new NotFoundError("call not found");
    const [view] = await toCallViews(deps, ctx.company.id, [call]);
    return view!;
  };
}
