import type { z } from "zod";
import type { Locale } from "../domain/entities.ts";
import type { VoiceContext } from "../features/voice/context.ts";
import { jsonPath } from "../platform/json-path.ts";
import type { FunctionReply } from "../retell/reply.ts";
import type { Speaking } from "./speaking.ts";
import type { VoiceUseCases } from "./use-cases.ts";

/*
 * Retell waits 120 s by default and retries a failed request up to twice unless told otherwise;
 * a caller waits a few seconds at most. The timeouts sit above the longest our functions take
 * with a slow Cal.com (slots up to ~3 s, a booking up to ~5 s): reads answer within about 7 s
 * (one slots read of ≤ 6 s), writes within about 17 s (waiting ≤ 4 s for an earlier booking of
 * the call, Cal.com's write ≤ 10 s, then what follows). A write's answer lost on the way
 * therefore reaches the agent as our own "checking" reply, not as Retell's timeout.
 * Reads get one retry: they change nothing. book_appointment gets one as well: it is idempotent
 * by (call, service, start), so a retry returns the first request's booking (or "checking"),
 * never a second one. Cancel and reschedule get none: a repeat would no longer find the caller's
 * appointment and say so, which is confusing, not helpful.
 */
export const toolModes = {
  read: { timeout_ms: 10_000, max_retry: 1, speak_during_execution: false },
  book: { timeout_ms: 20_000, max_retry: 1, speak_during_execution: true },
  change: { timeout_ms: 20_000, max_retry: 0, speak_during_execution: true },
} as const;

/** A write speaks while it runs: what to say (a prompt for the LLM) per company language. */
export type ToolMode =
  | { mode: "read" }
  | { mode: "book" | "change"; filler: Record<Locale, string> };

/** The arguments' schema: an object of string arguments, as Retell's tool parameters are. */
type ArgsSchema = z.ZodType<Record<string, string | undefined>, Record<string, unknown>>;

/**
 * One voice function: what Retell is told (name, description, arguments, tool mode) and what
 * answers it (`run`, over the use-cases), in one place.
 */
export interface VoiceFunction<A extends ArgsSchema = ArgsSchema, M extends object = object> {
  name: string;
  /** The LLM's instructions, in English (its working language). */
  description: string;
  args: A;
  /**
   * Arguments the tool asks the LLM for although the schema lets them be missing: the use-case
   * checks them and asks the caller with its own reply.
   */
  alsoRequired?: readonly (keyof z.input<A> & string)[];
  tool: ToolMode;
  /** The lines this function speaks besides the shared ones, in every language. */
  messages: Record<Locale, M>;
  run(
    useCases: VoiceUseCases,
    ctx: VoiceContext,
    args: z.output<A>,
    say: Speaking<M>,
  ): Promise<FunctionReply>;
}

/** Infers a function's argument and message types from its definition. */
export const defineFunction = <A extends ArgsSchema, M extends object>(
  fn: VoiceFunction<A, M>,
): VoiceFunction<A, M> => fn;

/** A failed argument also names the field, so the agent can ask for exactly that one again. */
export type ArgsResult<T> =
  | { ok: true; data: T }
  | { ok: false; path: string; message: string; field: string };

export function parseArgs<A extends ArgsSchema>(
  fn: VoiceFunction<A, object>,
  args: unknown,
): ArgsResult<z.output<A>> {
  const result = fn.args.safeParse(args ?? {});
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const path = jsonPath(["args", ...(issue?.path ?? [])]);
  return {
    ok: false,
    path,
    message: issue?.message ?? "is invalid",
    field: /^\$\.args\.(\w+)/.exec(path)?.[1] ?? "args",
  };
}
