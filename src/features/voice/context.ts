import type { Company, TenantContext } from "../../domain/entities.ts";
import { toE164 } from "../../domain/phone.ts";
import type { UpstreamMeter } from "../../domain/ports/calcom.ts";
import type { CallRef } from "../../domain/ports/calls.ts";

export interface VoiceCall {
  callId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  agentId: string | null;
}

/** A function call from the voice agent: the routed company, the call, and the moment. */
export interface VoiceContext extends TenantContext {
  call: VoiceCall;
  /** Adds up the time spent waiting for Cal.com (reported as Server-Timing). */
  meter?: UpstreamMeter;
}

/** What the agent is told when it must ask the caller again. */
export type AskReason = "missing" | "invalid" | "past" | "weekday_mismatch" | "placeholder";
export type VoiceField =
  | "service"
  | "date"
  | "time"
  | "start"
  | "new_start"
  | "staff"
  | "customer_name"
  | "customer_phone"
  | "customer_email"
  | "appointment";

export interface Ask {
  kind: "ask";
  field: VoiceField;
  reason: AskReason;
}

export const ask = (field: VoiceField, reason: AskReason): Ask => ({ kind: "ask", field, reason });

/** The caller's number in E.164, or null for anonymous callers. */
export function callerPhone(company: Company, call: VoiceCall): string | null {
  if (!call.fromNumber) return null;
  const parsed = toE164(call.fromNumber, company.country);
  return parsed.ok ? parsed.e164 : null;
}

/** The call a function runs in, for noting what it did; null without a Retell call id. */
export function voiceCallRef(ctx: VoiceContext): CallRef | null {
  const { call } = ctx;
  return call.callId
    ? {
        retellCallId: call.callId,
        agentId: call.agentId,
        fromNumber: call.fromNumber,
        toNumber: call.toNumber,
      }
    : null;
}
