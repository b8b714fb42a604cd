import type { z } from "zod";
import { isTestCall } from "../../domain/call-outcome.ts";
import type { TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CallRepository } from "../../domain/ports/calls.ts";
import type {
  RetellApiProblem,
  RetellCalls,
  TranscriptTurn,
} from "../../domain/ports/retell-api.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import { parseInput } from "../parse-input.ts";
import { defaultRetentionDays } from "../privacy/purge-expired-data.ts";
import { getCallInput } from "./get-call.ts";

export type CallTranscript =
  | { kind: "shown"; turns: TranscriptTurn[] }
  /** Retell has none: the call is not over, or the agent keeps no transcripts. */
  | { kind: "empty" }
  /** Played by the console's test-call panel: Retell never heard of it. */
  | { kind: "test_call" }
  /** Started more than RETENTION_DAYS ago: no longer shown, whatever Retell still keeps. */
  | { kind: "expired"; retentionDays: number }
  /** RETELL_API_KEY is not set. */
  | { kind: "no_key" }
  | { kind: "unavailable"; problem: RetellApiProblem };

const dayMs = 86_400_000;

/**
 * A call's transcript, fetched from Retell when a user asks and returned only: we never store
 * transcripts (docs/privacy.md), so it is neither logged nor cached. Only for a call of this
 * company that is within the retention period.
 */
export function makeGetCallTranscript(deps: {
  calls: Pick<CallRepository, "find">;
  retell: RetellCalls;
  clock: Clock;
  retentionDays?: number;
  logger: Pick<Logger, "warn">;
}) {
  const retentionDays = deps.retentionDays ?? defaultRetentionDays;
  return async (ctx: TenantContext, raw: z.input<typeof getCallInput>): Promise<CallTranscript> => {
    const { callId } = parseInput(getCallInput, raw, "call");
    const call = await deps.calls.find(ctx.company.id, callId);
    if (!call) throw new NotFoundError("call not found");
    if (isTestCall(call.retellCallId)) return { kind: "test_call" };
    const at = Date.parse(call.startedAt ?? call.createdAt);
    if (deps.clock.now().getTime() - at > retentionDays * dayMs)
      return { kind: "expired", retentionDays };
    if (!deps.retell.configured) return { kind: "no_key" };
    const result = await deps.retell.transcript(call.retellCallId);
    if (!result.ok) {
      // Only what went wrong: the transcript itself never reaches a log line.
      deps.logger.warn(
        { companyId: ctx.company.id, callId, problem: result.problem, status: result.status },
        "console: Retell gave no transcript",
      );
      return { kind: "unavailable", problem: result.problem };
    }
    return result.turns.length === 0 ? { kind: "empty" } : { kind: "shown", turns: result.turns };
  };
}
