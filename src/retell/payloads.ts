import { z } from "zod";
import { jsonPath } from "../platform/json-path.ts";

/*
 * Request bodies Retell sends. Envelopes are tolerant: unknown keys
 * are kept, missing optional fields are `undefined`, so a new Retell field never breaks a call.
 * A function's own arguments are read by its definition (voice-functions/).
 */

export type ParseResult<T> = { ok: true; data: T } | { ok: false; path: string; message: string };

function parseWith<T>(schema: z.ZodType<T>, body: unknown): ParseResult<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    path: jsonPath(issue?.path ?? []),
    message: issue?.message ?? "is invalid",
  };
}

const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const textError = (issue: { input?: unknown }) =>
  issue.input === undefined ? "is missing" : "must be text";
/** A string Retell always sends. */
const present = () => z.string({ error: textError }).min(1, "is empty");

/** Epoch milliseconds, also when sent as a string of digits. */
const millis = z.preprocess(
  (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
  // Past 8.64e15 ms (year 275760) no Date can hold it: refused here, not a 500 later.
  z.number().int().nonnegative().max(8.64e15, "is outside the range of dates"),
);

/**
 * An agent version: a number, or a tag such as "prod". A string of digits is read
 * as the number it spells, so "3" and 3 are the same version.
 */
const agentVersion = z.union([
  z.number(),
  z
    .string()
    .trim()
    .min(1, "is empty")
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v)),
]);
export type AgentVersion = z.output<typeof agentVersion>;

/** Dynamic variables are strings for Retell; a number slipped in is turned into one. */
const stringRecord = z
  .record(z.string(), z.unknown())
  .transform((vars) =>
    Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ),
  );

const CallSchema = z.looseObject({
  call_id: present(),
  agent_id: present(),
  agent_version: opt(agentVersion),
  call_type: opt(z.string()),
  direction: opt(z.string()),
  from_number: opt(z.string()),
  to_number: opt(z.string()),
  call_status: opt(z.string()),
  retell_llm_dynamic_variables: opt(stringRecord),
  start_timestamp: opt(millis),
  end_timestamp: opt(millis),
  duration_ms: opt(millis),
  disconnection_reason: opt(z.string()),
  call_analysis: opt(
    z.looseObject({
      call_summary: opt(z.string()),
      user_sentiment: opt(z.string()),
      call_successful: opt(z.boolean()),
      in_voicemail: opt(z.boolean()),
    }),
  ),
});
export type RetellCall = z.output<typeof CallSchema>;

/** "book_appointment_v17" → "book_appointment": agents renamed tools per version. */
export const functionBaseName = (name: string) => name.replace(/_v\d+$/i, "");

const FunctionCallSchema = z.looseObject({
  name: present().transform((name) => functionBaseName(name.trim())),
  call: CallSchema,
  args: opt(z.record(z.string(), z.unknown())).transform((args) => args ?? {}),
});
export type FunctionCall = z.output<typeof FunctionCallSchema>;

/** What a tool set to "Payload: args only" (`args_at_root`) sends: the arguments, nothing else. */
export const argsOnlyMessage =
  "this looks like a tool set to 'Payload: args only'; switch it off in the Retell tool " +
  "settings so the call and name are sent";

/**
 * `POST /webhooks/retell/functions`: `{name, call, args}`. A body with neither `name` nor `call`
 * is a tool set to "Payload: args only": without the call we cannot tell the company or the
 * caller, so it is refused with a message naming that setting.
 */
export function parseFunctionCall(body: unknown): ParseResult<FunctionCall> {
  if (
    body !== null &&
    typeof body === "object" &&
    !Array.isArray(body) &&
    !Object.hasOwn(body, "name") &&
    !Object.hasOwn(body, "call")
  ) {
    return { ok: false, path: "$", message: argsOnlyMessage };
  }
  return parseWith(FunctionCallSchema, body);
}

const CallInboundSchema = z.looseObject({
  event: z.literal("call_inbound"),
  call_inbound: z.looseObject({
    to_number: present(),
    from_number: opt(z.string()),
    agent_id: opt(z.string()),
    agent_version: opt(agentVersion),
    // The SDK documents it for de-duplicating retries; older docs say there is none yet.
    call_id: opt(z.string()),
  }),
});
export type CallInbound = z.output<typeof CallInboundSchema>;

/** `POST /webhooks/retell/inbound`, sent while the caller hears ringing. */
export const parseCallInbound = (body: unknown) => parseWith(CallInboundSchema, body);

export const callEventNames = ["call_started", "call_ended", "call_analyzed"] as const;

const CallEventSchema = z.looseObject({
  event: z.enum(callEventNames),
  call: CallSchema,
});
export type CallEvent = z.output<typeof CallEventSchema>;

/**
 * `POST /webhooks/retell/events`. Only the three default events parse; an opt-in event
 * (`transcript_updated`, `transfer_*`) fails at `$.event`, which the route may acknowledge and drop.
 */
export const parseCallEvent = (body: unknown) => parseWith(CallEventSchema, body);

/** Longest call summary kept (Retell's are a few sentences). */
export const summaryLimit = 4_000;

/**
 * The part of a call event worth storing, as the JSON kept in the inbox: who, when, how long, how
 * it ended and the analysis. Never the transcript — `transcript`, `transcript_object` (every word
 * with its timestamps) and `transcript_with_tool_calls` make a 30-minute call several MB — nor
 * recordings, costs, latencies or variables. An allow-list, so a field Retell adds later is not
 * stored by accident.
 */
export function trimmedCallEvent(e: CallEvent): string {
  const c = e.call;
  const a = c.call_analysis;
  // JSON.stringify leaves out the fields that are undefined.
  return JSON.stringify({
    event: e.event,
    call: {
      call_id: c.call_id,
      agent_id: c.agent_id,
      agent_version: c.agent_version,
      call_type: c.call_type,
      call_status: c.call_status,
      direction: c.direction,
      from_number: c.from_number,
      to_number: c.to_number,
      start_timestamp: c.start_timestamp,
      end_timestamp: c.end_timestamp,
      duration_ms: c.duration_ms,
      disconnection_reason: c.disconnection_reason,
      call_analysis: a && {
        call_summary: a.call_summary?.slice(0, summaryLimit),
        call_successful: a.call_successful,
        user_sentiment: a.user_sentiment,
        in_voicemail: a.in_voicemail,
      },
    },
  });
}
