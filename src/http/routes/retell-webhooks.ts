import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { Company, Locale } from "../../domain/entities.ts";
import type { UpstreamMeter } from "../../domain/ports/calcom.ts";
import type { UseCases } from "../../features/use-cases.ts";
import type { VoiceContext } from "../../features/voice/context.ts";
import type { Clock } from "../../platform/clock.ts";
import { parseJson } from "../../platform/json.ts";
import type { Logger } from "../../platform/logger.ts";
import { inboundReply } from "../../retell/inbound.ts";
import {
  type FunctionCall,
  parseCallEvent,
  parseCallInbound,
  parseFunctionCall,
  summaryLimit,
  trimmedCallEvent,
} from "../../retell/payloads.ts";
import { type FunctionReply, functionReply, messages } from "../../retell/reply.ts";
import { verifyRetellSignature } from "../../retell/signature.ts";
import { parseArgs } from "../../voice-functions/define-function.ts";
import { functionByName } from "../../voice-functions/registry.ts";
import { askFor, speaking } from "../../voice-functions/speaking.ts";
import type { VoiceUseCases } from "../../voice-functions/use-cases.ts";
import { problemResponse } from "../problem.ts";
import { type RawBodyVariables, rawBody, requestHeader } from "../raw-body.ts";

export interface RetellWebhookDeps {
  /** Only what these routes call: routing and call records, and the voice functions' use-cases. */
  useCases: {
    calls: UseCases["calls"];
    voice: VoiceUseCases;
  };
  retellApiKey: string | undefined;
  clock: Clock;
  logger: Logger;
  /** How long a request body may take to arrive (default 10 s, Retell's own webhook timeout). */
  bodyTimeoutMs?: number;
}

/**
 * Body limits per route. A call object carries the transcript three times (`transcript`,
 * `transcript_object` with every word's timestamps, `transcript_with_tool_calls`): measured with
 * test/support/retell-calls.ts, a 30-minute call is about 0.55–0.7 MiB (15 minutes: 0.27 MiB,
 * 90 minutes of fast talk: 2 MiB). Call events get room for long calls and fields Retell adds; a
 * function call late in a long call carries the call so far; call_inbound carries no call at all.
 */
export const retellBodyLimits = {
  "/webhooks/retell/events": 8 * 1024 * 1024,
  "/webhooks/retell/functions": 2 * 1024 * 1024,
  "/webhooks/retell/inbound": 64 * 1024,
} as const;
const otherRetellLimit = 64 * 1024;

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;

type Variables = RawBodyVariables & { json: unknown };

/**
 * Retell's three webhooks. Every request's `x-retell-signature` is checked on the raw body before
 * anything is parsed: bad, stale or missing → 401, nothing stored, nothing called. Business
 * outcomes are 200 with a short sentence in the company's language; a malformed body is 400.
 */
export function retellWebhookRoutes(deps: RetellWebhookDeps): Hono<{ Variables: Variables }> {
  const app = new Hono<{ Variables: Variables }>();
  if (!deps.retellApiKey)
    deps.logger.warn("RETELL_API_KEY is not set: every Retell webhook is refused");

  const readBody = (limit: number) =>
    rawBody<{ Variables: Variables }>(
      limit,
      (c) =>
        problemResponse(c, 413, "payload_too_large", `the body is larger than ${sizeText(limit)}`),
      {
        timeoutMs: deps.bodyTimeoutMs ?? 10_000,
        tooSlow: (c) => problemResponse(c, 408, "timeout", "the body did not arrive in time"),
      },
    );
  const readers = new Map<string, MiddlewareHandler<{ Variables: Variables }>>(
    Object.entries(retellBodyLimits).map(([path, limit]) => [path, readBody(limit)]),
  );
  const readOther: MiddlewareHandler<{ Variables: Variables }> = readBody(otherRetellLimit);

  app.use(
    "/webhooks/retell/*",
    (c, next) => (readers.get(c.req.path) ?? readOther)(c, next),
    async (c, next) => {
      const raw = c.get("rawBody");
      const check = deps.retellApiKey
        ? verifyRetellSignature(
            raw,
            requestHeader(c, "x-retell-signature"),
            deps.retellApiKey,
            deps.clock.now().getTime(),
          )
        : ({ ok: false, reason: "missing" } as const);
      if (!check.ok)
        return problemResponse(c, 401, "unauthorized", `x-retell-signature is ${check.reason}`);
      // Nesting past 64 levels is refused; NULs in strings are dropped (PostgreSQL refuses them).
      const json = parseJson(raw);
      if (!json.ok) return problemResponse(c, 400, "invalid_input", `$: ${json.message}`);
      c.set("json", json.value);
      await next();
    },
  );

  app.post("/webhooks/retell/inbound", async (c) => {
    const parsed = parseCallInbound(c.get("json"));
    if (!parsed.ok) return invalid(c, parsed);
    // agent_version (a number or a tag such as "prod") is read but not needed for routing.
    const { to_number, from_number, agent_id, call_id } = parsed.data.call_inbound;
    const company = await deps.useCases.calls.routeCall({
      toNumber: to_number,
      agentId: agent_id ?? null,
    });
    const now = deps.clock.now();
    if (!company) {
      // The agent learns the number is not ours and says so; no company's data is involved.
      return c.json({
        call_inbound: { dynamic_variables: { company_known: "false", company_name: "" } },
      });
    }
    // Starts fetching the company's free slots in the background; the reply does not wait.
    const known = await deps.useCases.calls.inboundCall(company, {
      callId: call_id ?? null,
      fromNumber: from_number ?? null,
      toNumber: to_number,
    });
    const reply = inboundReply({
      companyName: company.name,
      ...known,
      transferAvailable: Boolean(company.transferNumber),
      now,
      timeZone: company.timezone,
      locale: company.locale,
    });
    reply.call_inbound.dynamic_variables.company_known = "true";
    return c.json(reply);
  });

  app.post("/webhooks/retell/events", async (c) => {
    const parsed = parseCallEvent(c.get("json"));
    // Opt-in events we do not use (transcript_updated, transfer_*) are acknowledged and dropped.
    if (!parsed.ok) return parsed.path === "$.event" ? c.body(null, 204) : invalid(c, parsed);
    const { event, call } = parsed.data;
    const company = await deps.useCases.calls.routeCall({
      toNumber: call.to_number ?? null,
      agentId: call.agent_id,
    });
    if (!company) return c.body(null, 204);
    await deps.useCases.calls.recordCallEvent(
      { company, actor: { type: "voice", callId: call.call_id } },
      event,
      {
        retellCallId: call.call_id,
        agentId: call.agent_id,
        fromNumber: call.from_number ?? null,
        toNumber: call.to_number ?? null,
        direction: call.direction ?? null,
        status: call.call_status ?? (event === "call_started" ? "ongoing" : "ended"),
        startedAt: call.start_timestamp ? new Date(call.start_timestamp).toISOString() : null,
        endedAt: call.end_timestamp ? new Date(call.end_timestamp).toISOString() : null,
        durationMs: call.duration_ms ?? null,
        summary: call.call_analysis?.call_summary?.slice(0, summaryLimit) ?? null,
        outcome:
          call.call_analysis?.call_successful === undefined
            ? null
            : call.call_analysis.call_successful
              ? "successful"
              : "unsuccessful",
        sentiment: call.call_analysis?.user_sentiment?.slice(0, 100) ?? null,
      },
      // The inbox keeps a trimmed copy: never the transcript of a long call, three times over.
      trimmedCallEvent(parsed.data),
    );
    return c.body(null, 204);
  });

  app.post("/webhooks/retell/functions", async (c) => {
    const parsed = parseFunctionCall(c.get("json"));
    if (!parsed.ok) return invalid(c, parsed);
    const fc = parsed.data;
    const company = await deps.useCases.calls.routeCall({
      toNumber: fc.call.to_number ?? null,
      agentId: fc.call.agent_id,
    });
    if (!company) {
      const locale: Locale = fc.call.to_number?.startsWith("+49") ? "de" : "en";
      return c.json(functionReply(false, messages[locale].unknownNumber(), {}));
    }
    const meter: UpstreamMeter = { calcomMs: 0, calcomRequests: 0 };
    const started = performance.now();
    const reply = await withTransferOffer(
      deps,
      company,
      fc,
      await runFunction(deps, company, fc, meter),
    );
    // Cal.com's share of the reply time, and ours: what Retell and the benchmark can tell apart.
    c.header(
      "Server-Timing",
      `calcom;dur=${meter.calcomMs.toFixed(2)};desc="Cal.com requests: ${meter.calcomRequests}", ` +
        `total;dur=${(performance.now() - started).toFixed(2)}`,
    );
    return c.json(reply);
  });

  return app;
}

/** The call's function, from the registry: its arguments read leniently, then its use-case. */
async function runFunction(
  deps: RetellWebhookDeps,
  company: Company,
  fc: FunctionCall,
  meter: UpstreamMeter,
): Promise<FunctionReply> {
  const m = messages[company.locale];
  const fn = functionByName(fc.name);
  if (!fn)
    return functionReply(false, m.askAgain({ field: "service" }), { unknown_function: fc.name });
  const args = parseArgs(fn, fc.args);
  if (!args.ok) return askFor(m, args.field);
  const ctx: VoiceContext = {
    company,
    meter,
    actor: { type: "voice", callId: fc.call.call_id },
    call: {
      callId: fc.call.call_id,
      fromNumber: fc.call.from_number ?? null,
      toNumber: fc.call.to_number ?? null,
      agentId: fc.call.agent_id,
    },
  };
  return fn.run(
    deps.useCases.voice,
    ctx,
    args.data,
    speaking(company, deps.clock.now(), fn.messages),
  );
}

/**
 * The reply as sent: one that cannot help the caller offers, where the business has a number to
 * transfer to, to connect them to the team (data.transfer_suggested), decided here for every
 * function alike. The marker itself is never sent.
 */
async function withTransferOffer(
  deps: RetellWebhookDeps,
  company: Company,
  fc: FunctionCall,
  reply: FunctionReply,
): Promise<FunctionReply> {
  const { cannotHelp: why, ...sent } = reply;
  if (!why) return sent;
  const call = {
    retellCallId: fc.call.call_id,
    agentId: fc.call.agent_id,
    fromNumber: fc.call.from_number ?? null,
    toNumber: fc.call.to_number ?? null,
  };
  const suggest = await deps.useCases.calls.suggestTransfer(company, call, {
    unknownService: why === "unknown_service",
  });
  if (!suggest) return sent;
  return {
    ...sent,
    message: `${sent.message} ${messages[company.locale].transferOffer()}`,
    data: { ...sent.data, transfer_suggested: true },
  };
}

const invalid = (c: Context, p: { path: string; message: string }) =>
  problemResponse(c, 400, "invalid_input", `${p.path}: ${p.message}`);
