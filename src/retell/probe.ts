import type { ProbeCall, ProbeExchange, VoiceProbe } from "../domain/ports/calls.ts";
import type { Clock } from "../platform/clock.ts";
import { signRetellBody } from "./signature.ts";

/** Never leaves the process: the Request goes straight to the HTTP app's own fetch. */
const origin = "http://frontdesk.internal";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The `{ok, message, data}` reply's sentence and offered slots, when it has them. */
function spokenParts(reply: unknown): Pick<ProbeExchange, "spoken" | "slots"> {
  if (!isRecord(reply)) return { spoken: null, slots: [] };
  const slots = isRecord(reply.data) && Array.isArray(reply.data.slots) ? reply.data.slots : [];
  return {
    spoken: typeof reply.message === "string" ? reply.message : null,
    slots: slots.filter(
      (s): s is { start: string; label: string } =>
        isRecord(s) && typeof s.start === "string" && typeof s.label === "string",
    ),
  };
}

/**
 * The console's test calls, signed as Retell signs (`x-retell-signature` over the raw body with
 * RETELL_API_KEY) and answered by `send`, the HTTP app's fetch. Without a key the requests go out
 * unsigned and are refused like anybody's.
 */
export function createVoiceProbe(deps: {
  apiKey: string | undefined;
  clock: Clock;
  send: (request: Request) => Response | Promise<Response>;
}): VoiceProbe {
  const post = async (
    webhook: ProbeExchange["webhook"],
    name: string,
    body: unknown,
  ): Promise<ProbeExchange> => {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (deps.apiKey)
      headers["x-retell-signature"] = signRetellBody(raw, deps.apiKey, deps.clock.now().getTime());
    const response = await deps.send(
      new Request(`${origin}/webhooks/retell/${webhook}`, { method: "POST", headers, body: raw }),
    );
    const text = await response.text();
    let reply: unknown = null;
    try {
      reply = text === "" ? null : JSON.parse(text);
    } catch {
      reply = text;
    }
    const parts = webhook === "functions" ? spokenParts(reply) : { spoken: null, slots: [] };
    return { webhook, name, request: body, status: response.status, reply, ...parts };
  };
  const callObject = (call: ProbeCall, status: string) => ({
    call_id: call.callId,
    agent_id: call.agentId,
    call_type: "phone_call",
    direction: "inbound",
    from_number: call.fromNumber,
    to_number: call.toNumber,
    call_status: status,
  });
  return {
    signed: Boolean(deps.apiKey),
    inbound: (call) =>
      post("inbound", "call_inbound", {
        event: "call_inbound",
        call_inbound: {
          to_number: call.toNumber,
          from_number: call.fromNumber,
          call_id: call.callId,
        },
      }),
    event: (event, call) => {
      const now = deps.clock.now().getTime();
      const status = event === "call_started" ? "ongoing" : "ended";
      const times = event === "call_started" ? { start_timestamp: now } : { end_timestamp: now };
      return post("events", event, { event, call: { ...callObject(call, status), ...times } });
    },
    invoke: (name, call, args) =>
      post("functions", name, { name, call: callObject(call, "ongoing"), args }),
  };
}
