import { z } from "zod";
import { testCallPrefix } from "../../domain/call-outcome.ts";
import type { TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import type { ProbeCall, ProbeExchange, VoiceProbe } from "../../domain/ports/calls.ts";
import type { PhoneNumberRepository } from "../../domain/ports/company.ts";
import { parseInput } from "../parse-input.ts";

/** A mobile number nobody answers, in the company's country, to prefill the panel with. */
export const testCallerNumber = (country: string) =>
  country.toUpperCase() === "GB" ? "+44 7911 123456" : "+49 151 00000000";

/** Test calls name no Retell agent: they are routed by the number dialled, as Retell's are. */
const testAgentId = "frontdesk_test_panel";

const callerNumber = z.string().trim().min(1, "is required").max(40);

export const startTestCallInput = z.object({
  callerNumber,
  /** What a caller would say, e.g. "Haarschnitt morgen um 10": the service and the time. */
  phrase: z.string().trim().min(1, "is required").max(200),
});

export const bookTestCallInput = startTestCallInput.extend({
  callId: z.string().regex(new RegExp(`^${testCallPrefix}[A-Za-z0-9-]{1,64}$`), "not a test call"),
  start: z.string().trim().min(1, "is required").max(60),
  name: z.string().trim().min(1, "is required").max(100),
});

export type TestCallOutcome =
  /** RETELL_API_KEY is not set: every Retell request is refused, so nothing was sent. */
  | { kind: "unsigned" }
  /** The company has no phone number a call could be routed by. */
  | { kind: "no_number" }
  | {
      kind: "ran";
      call: ProbeCall;
      phrase: string;
      exchanges: ProbeExchange[];
      /** The slots check_availability offered, to book one of. */
      offers: { start: string; label: string }[];
    };

type TestCallDeps = {
  phoneNumbers: Pick<PhoneNumberRepository, "list">;
  newId: () => string;
};

/** The call for this company: its first number dialled, from the number the operator typed. */
async function testCall(
  deps: TestCallDeps,
  ctx: TenantContext,
  probe: VoiceProbe,
  raw: { callerNumber: string },
  callId: string,
): Promise<ProbeCall | Exclude<TestCallOutcome, { kind: "ran" }>> {
  if (!probe.signed) return { kind: "unsigned" };
  const from = toE164(raw.callerNumber, ctx.company.country);
  if (!from.ok)
    throw new ValidationError(`invalid caller number: ${from.message}`, [
      {
        where: "callerNumber",
        message: from.message,
        code: "not_phone",
        params: { country: ctx.company.country },
      },
    ]);
  const [number] = await deps.phoneNumbers.list(ctx.company.id);
  if (!number) return { kind: "no_number" };
  return { callId, agentId: testAgentId, fromNumber: from.e164, toNumber: number.number };
}

/**
 * The console's test call, first half: the phone rings (call_inbound), the call starts, and the
 * agent lists the services and checks the time the phrase names — each through our own signed
 * webhooks, as Retell would send them. Only this company's numbers are ever dialled.
 */
export function makeStartTestCall(deps: TestCallDeps) {
  return async (
    ctx: TenantContext,
    probe: VoiceProbe,
    raw: z.input<typeof startTestCallInput>,
  ): Promise<TestCallOutcome> => {
    const input = parseInput(startTestCallInput, raw, "test call");
    const call = await testCall(deps, ctx, probe, input, `${testCallPrefix}${deps.newId()}`);
    if ("kind" in call) return call;
    const exchanges = [
      await probe.inbound(call),
      await probe.event("call_started", call),
      await probe.invoke("list_services", call, {}),
    ];
    // The phrase names both: the service is found in it, and so are the day and time.
    const check = await probe.invoke("check_availability", call, {
      service: input.phrase,
      date: input.phrase,
    });
    exchanges.push(check);
    return { kind: "ran", call, phrase: input.phrase, exchanges, offers: check.slots };
  };
}

/** Second half: books an offered slot under the name the operator typed, and hangs up. */
export function makeBookTestCall(deps: TestCallDeps) {
  return async (
    ctx: TenantContext,
    probe: VoiceProbe,
    raw: z.input<typeof bookTestCallInput>,
  ): Promise<TestCallOutcome> => {
    const input = parseInput(bookTestCallInput, raw, "test booking");
    const call = await testCall(deps, ctx, probe, input, input.callId);
    if ("kind" in call) return call;
    const booking = await probe.invoke("book_appointment", call, {
      service: input.phrase,
      start: input.start,
      customer_name: input.name,
    });
    const ended = await probe.event("call_ended", call);
    return {
      kind: "ran",
      call,
      phrase: input.phrase,
      exchanges: [booking, ended],
      offers: booking.slots,
    };
  };
}
