import { z } from "zod";

/*
 * Request bodies Retell sends. Envelopes are tolerant: unknown keys
 * are kept, missing optional fields are `undefined`, so a new Retell field never breaks a call.
 * Function arguments come from an LLM and are read leniently: numbers for
 * strings, "" or "null" for nothing, extra keys dropped.
 */

export type ParseResult<T> = { ok: true; data: T } | { ok: false; path: string; message: string };

/** A zod issue path as a JSON path: `$.call.call_id`, `$.args.items[0]`. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, "$");
}

function parseWith<T>(
  schema: z.ZodType<T>,
  body: unknown,
  prefix: PropertyKey[] = [],
): ParseResult<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    path: jsonPath([...prefix, ...(issue?.path ?? [])]),
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

// --- Function arguments ---------------------------------------------------------------------

/** What LLMs write for "nothing". */
const nothing = new Set(["", "null", "undefined", "none", "n/a"]);

function cleanText(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return nothing.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

/**
 * Longest value each argument may have. An LLM can be talked into passing a whole paragraph; an
 * over-long value is refused like a missing one (the agent asks for that field again), before
 * anything is stored or sent to Cal.com.
 */
export const argLimits = {
  customer_name: 100,
  customer_phone: 40,
  customer_email: 254,
  notes: 500,
  service: 100,
  staff: 100,
  date: 100,
  time: 100,
  start: 100,
  new_start: 100,
  appointment_id: 64,
} as const;

const tooLong = "is too long";
const required = (max: number) =>
  z.preprocess(cleanText, z.string({ error: textError }).max(max, tooLong));
const optional = (max: number) =>
  z.preprocess(cleanText, z.string({ error: textError }).max(max, tooLong).optional());
const email = () =>
  optional(argLimits.customer_email).refine(
    (v) => v === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    "is not an email address",
  );

const appointmentRef = {
  appointment_id: optional(argLimits.appointment_id),
  start: optional(argLimits.start),
  // Required by the tool; checked by the use-case, which asks for it when it is missing.
  customer_name: optional(argLimits.customer_name),
};
const needsAppointment = {
  message: "needs appointment_id or start",
  path: ["appointment_id"],
};

const argSchemas = {
  list_services: z.object({}),
  check_availability: z.object({
    service: required(argLimits.service),
    date: required(argLimits.date),
    time: optional(argLimits.time),
    staff: optional(argLimits.staff),
  }),
  book_appointment: z.object({
    service: required(argLimits.service),
    start: required(argLimits.start),
    customer_name: required(argLimits.customer_name),
    customer_phone: optional(argLimits.customer_phone),
    customer_email: email(),
    notes: optional(argLimits.notes),
  }),
  find_appointments: z.object({}),
  cancel_appointment: z
    .object(appointmentRef)
    .refine((a) => a.appointment_id !== undefined || a.start !== undefined, needsAppointment),
  reschedule_appointment: z
    .object({ ...appointmentRef, new_start: required(argLimits.new_start) })
    .refine((a) => a.appointment_id !== undefined || a.start !== undefined, needsAppointment),
} as const;

export type RetellFunctionName = keyof typeof argSchemas;
export type FunctionArgs = { [N in RetellFunctionName]: z.output<(typeof argSchemas)[N]> };

/** The tool contract published to Retell (retell/tools.ts). */
export const retellFunctionNames = Object.keys(argSchemas) as RetellFunctionName[];

export const isRetellFunctionName = (name: string): name is RetellFunctionName =>
  Object.hasOwn(argSchemas, name);

/** A failed argument also names the field, so the agent can ask for exactly that one again. */
export type ArgsResult<T> =
  | { ok: true; data: T }
  | { ok: false; path: string; message: string; field: string };

export function parseFunctionArgs<N extends RetellFunctionName>(
  name: N,
  args: unknown,
): ArgsResult<FunctionArgs[N]> {
  const schema = argSchemas[name] as unknown as z.ZodType<FunctionArgs[N]>;
  const result = parseWith(schema, args ?? {}, ["args"]);
  if (result.ok) return result;
  return { ...result, field: /^\$\.args\.(\w+)/.exec(result.path)?.[1] ?? "args" };
}
