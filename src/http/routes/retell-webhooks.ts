import { type Context, Hono, type MiddlewareHandler } from "hono";
import { speakableSlot, withZoneOffset } from "../../domain/datetime/index.ts";
import type { Company, Locale } from "../../domain/entities.ts";
import type { UpstreamMeter } from "../../domain/ports/calcom.ts";
import type { Features } from "../../features/index.ts";
import type { Ask, VoiceContext } from "../../features/voice/context.ts";
import type { Clock } from "../../platform/clock.ts";
import { parseJson } from "../../platform/json.ts";
import type { Logger } from "../../platform/logger.ts";
import { inboundReply } from "../../retell/inbound.ts";
import {
  type FunctionCall,
  isRetellFunctionName,
  parseCallEvent,
  parseCallInbound,
  parseFunctionArgs,
  parseFunctionCall,
  summaryLimit,
  trimmedCallEvent,
} from "../../retell/payloads.ts";
import { type AskField, functionReply, messages } from "../../retell/reply.ts";
import { verifyRetellSignature } from "../../retell/signature.ts";
import { type RawBodyVariables, rawBody, requestHeader } from "../raw-body.ts";

export interface RetellWebhookDeps {
  features: Pick<
    Features,
    | "routeCall"
    | "inboundCall"
    | "listVoiceServices"
    | "checkAvailability"
    | "bookAppointment"
    | "findAppointments"
    | "cancelAppointment"
    | "rescheduleAppointment"
    | "recordCallEvent"
  >;
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
        c.json(problem("payload_too_large", `the body is larger than ${sizeText(limit)}`), 413),
      {
        timeoutMs: deps.bodyTimeoutMs ?? 10_000,
        tooSlow: (c) => c.json(problem("timeout", "the body did not arrive in time"), 408),
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
        return c.json(problem("unauthorized", `x-retell-signature is ${check.reason}`), 401);
      // Nesting past 64 levels is refused; NULs in strings are dropped (PostgreSQL refuses them).
      const json = parseJson(raw);
      if (!json.ok) return c.json(problem("invalid_input", `$: ${json.message}`), 400);
      c.set("json", json.value);
      await next();
    },
  );

  app.post("/webhooks/retell/inbound", async (c) => {
    const parsed = parseCallInbound(c.get("json"));
    if (!parsed.ok) return invalid(c, parsed);
    // agent_version (a number or a tag such as "prod") is read but not needed for routing.
    const { to_number, from_number, agent_id, call_id } = parsed.data.call_inbound;
    const company = await deps.features.routeCall({
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
    const { customerName } = await deps.features.inboundCall(company, {
      callId: call_id ?? null,
      fromNumber: from_number ?? null,
      toNumber: to_number,
    });
    const reply = inboundReply({
      companyName: company.name,
      customerName,
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
    const company = await deps.features.routeCall({
      toNumber: call.to_number ?? null,
      agentId: call.agent_id,
    });
    if (!company) return c.body(null, 204);
    await deps.features.recordCallEvent(
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
    const company = await deps.features.routeCall({
      toNumber: fc.call.to_number ?? null,
      agentId: fc.call.agent_id,
    });
    if (!company) {
      const locale: Locale = fc.call.to_number?.startsWith("+49") ? "de" : "en";
      return c.json(functionReply(false, messages[locale].unknownNumber(), {}));
    }
    const meter: UpstreamMeter = { calcomMs: 0, calcomRequests: 0 };
    const started = performance.now();
    const reply = await runFunction(deps, company, fc, meter);
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

async function runFunction(
  deps: RetellWebhookDeps,
  company: Company,
  fc: FunctionCall,
  meter: UpstreamMeter,
) {
  const m = messages[company.locale];
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
  const now = deps.clock.now();
  const speak = (iso: string) =>
    speakableSlot(iso, { timeZone: company.timezone, locale: company.locale, now });
  const slotData = (slots: string[]) =>
    slots.map((start) => ({ start: withZoneOffset(start, company.timezone), label: speak(start) }));
  const askAgain = (a: Ask) =>
    functionReply(
      false,
      a.reason === "past"
        ? m.datePast()
        : a.reason === "weekday_mismatch"
          ? m.weekdayMismatch()
          : m.askAgain({ field: askField(a.field) }),
      {
        missing: askField(a.field),
      },
    );

  if (!isRetellFunctionName(fc.name)) {
    return functionReply(false, m.askAgain({ field: "service" }), { unknown_function: fc.name });
  }
  const args = parseFunctionArgs(fc.name, fc.args);
  if (!args.ok)
    return functionReply(false, m.askAgain({ field: askField(args.field) }), {
      missing: askField(args.field),
    });

  switch (fc.name) {
    case "list_services": {
      const { services } = await deps.features.listVoiceServices(ctx);
      return functionReply(
        true,
        m.servicesOffered({
          services: services.map((s) => ({ name: s.name, minutes: s.durationMinutes })),
        }),
        {
          services: services.map((s) => ({ name: s.name, duration: s.durationMinutes })),
        },
      );
    }
    case "check_availability": {
      const a = args.data as { service: string; date: string; time?: string; staff?: string };
      const r = await deps.features.checkAvailability(ctx, a);
      switch (r.kind) {
        case "ask":
          return askAgain(r);
        case "unknown_service":
          return functionReply(false, m.unknownService({ offered: r.services }), {
            available: false,
            services: r.services,
          });
        case "not_bookable":
          return functionReply(false, m.notBookableByPhone({ offered: r.services }), {
            available: false,
            bookable_by_phone: false,
            services: r.services,
          });
        case "staff_not_offering":
          return functionReply(
            false,
            m.staffNotOffering({ staff: r.staff, offeredBy: r.offeredBy }),
            {
              available: false,
              staff_offering: r.offeredBy,
            },
          );
        case "available":
          return functionReply(true, m.slotAvailable({ when: speak(r.start) }), {
            available: true,
            slots: slotData(r.slots),
          });
        case "alternatives":
          return functionReply(true, m.noSlot({ alternatives: r.slots.map(speak) }), {
            available: false,
            slots: slotData(r.slots),
          });
        case "no_slots":
          return functionReply(true, m.noSlot({ alternatives: [] }), {
            available: false,
            slots: [],
          });
        case "calcom_unavailable":
          return functionReply(false, m.calendarUnavailable(), { available: false });
      }
      break;
    }
    case "book_appointment": {
      const r = await deps.features.bookAppointment(
        ctx,
        args.data as Record<string, string | undefined>,
      );
      switch (r.kind) {
        case "ask":
          return askAgain(r);
        case "unknown_service":
          return functionReply(false, m.unknownService({ offered: r.services }), { booked: false });
        case "not_bookable":
          return functionReply(false, m.notBookableByPhone({ offered: r.services }), {
            booked: false,
            bookable_by_phone: false,
            services: r.services,
          });
        case "booked":
          return functionReply(
            true,
            r.status === "pending"
              ? m.bookedPending({ when: speak(r.start) })
              : m.booked({ when: speak(r.start), staffName: r.staffName }),
            {
              booked: true,
              status: r.status,
              appointment_id: r.appointment.id,
              staff_name: r.staffName,
              start: withZoneOffset(r.start, company.timezone),
            },
          );
        case "checking":
          // Not failed: Cal.com's answer is not in yet; the same request again says what it was.
          return functionReply(true, r.earlier ? m.earlierBookingChecking() : m.bookingChecking(), {
            booked: false,
            status: "checking",
            start: withZoneOffset(r.start, company.timezone),
            ...(r.earlier ? { waiting_for_earlier_booking: true } : {}),
          });
        case "slot_taken":
          return functionReply(false, m.noSlot({ alternatives: r.alternatives.map(speak) }), {
            booked: false,
            slots: slotData(r.alternatives),
          });
        case "refused":
          return functionReply(false, m.bookingRefused({ refusal: r.refusal, field: r.field }), {
            booked: false,
            ...(r.field ? { missing: r.field } : {}),
          });
        case "booking_failed":
          return functionReply(false, m.calendarUnavailable(), { booked: false });
      }
      break;
    }
    case "find_appointments": {
      const r = await deps.features.findAppointments(ctx);
      if (r.kind === "anonymous_caller" || r.appointments.length === 0)
        return functionReply(true, m.nothingFound(), { appointments: [] });
      return functionReply(
        true,
        m.appointmentsFound({
          appointments: r.appointments.map((a) => ({
            service: a.serviceName ?? "",
            when: speak(a.startAt),
          })),
        }),
        {
          appointments: r.appointments.map((a) => ({
            appointment_id: a.id,
            service: a.serviceName,
            start: withZoneOffset(a.startAt, company.timezone),
            label: speak(a.startAt),
          })),
        },
      );
    }
    case "cancel_appointment": {
      const r = await deps.features.cancelAppointment(
        ctx,
        args.data as { appointment_id?: string; start?: string; customer_name?: string },
      );
      switch (r.kind) {
        case "ask":
          return askAgain(r);
        case "cancelled":
          return functionReply(true, m.cancelled({ when: speak(r.appointment.startAt) }), {
            cancelled: true,
          });
        case "unconfirmed":
          return functionReply(false, m.changeUnconfirmed(), {
            cancelled: false,
            status: "checking",
          });
        case "calcom_unavailable":
          return functionReply(false, m.calendarUnavailable(), { cancelled: false });
        default:
          return functionReply(false, m.notYourAppointment(), { cancelled: false });
      }
    }
    case "reschedule_appointment": {
      const r = await deps.features.rescheduleAppointment(
        ctx,
        args.data as {
          appointment_id?: string;
          start?: string;
          new_start: string;
          customer_name?: string;
        },
      );
      switch (r.kind) {
        case "ask":
          return askAgain(r);
        case "rescheduled":
          return functionReply(true, m.rescheduled({ when: speak(r.appointment.startAt) }), {
            rescheduled: true,
            appointment_id: r.appointment.id,
            start: withZoneOffset(r.appointment.startAt, company.timezone),
          });
        case "slot_taken":
          return functionReply(false, m.noSlot({ alternatives: [] }), { rescheduled: false });
        case "refused":
          return functionReply(false, m.bookingRefused({ refusal: r.refusal }), {
            rescheduled: false,
          });
        case "unconfirmed":
          return functionReply(false, m.changeUnconfirmed(), {
            rescheduled: false,
            status: "checking",
          });
        case "calcom_unavailable":
          return functionReply(false, m.calendarUnavailable(), { rescheduled: false });
        default:
          return functionReply(false, m.notYourAppointment(), { rescheduled: false });
      }
    }
  }
  return functionReply(false, m.bookingFailed(), {});
}

const askFields = new Set<string>([
  "service",
  "date",
  "time",
  "start",
  "new_start",
  "staff",
  "customer_name",
  "customer_phone",
  "customer_email",
  "notes",
]);
function askField(field: string): AskField {
  return (askFields.has(field) ? field : "appointment_id") as AskField;
}

const problem = (code: string, message: string) => ({ error: { code, message } });
const invalid = (c: Context, p: { path: string; message: string }) =>
  c.json(problem("invalid_input", `${p.path}: ${p.message}`), 400);
