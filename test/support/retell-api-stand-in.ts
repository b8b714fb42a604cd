import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PhoneCallResponse } from "retell-sdk/resources/call";

/** What one request to the stand-in asked for. */
export interface RetellApiRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

type Utterance = Pick<PhoneCallResponse.TranscriptObject, "role" | "content">;

/**
 * Retell's `GET /v2/get-call/{call_id}` on 127.0.0.1, answering with retell-sdk's own response
 * type (`PhoneCallResponse`), so what the client reads is what Retell sends. A test adds calls,
 * and makes the next answers fail (`status`) or hang (`stall`).
 */
export async function startRetellApiStandIn(options: { apiKey: string }) {
  const calls = new Map<string, PhoneCallResponse>();
  const requests: RetellApiRequest[] = [];
  const faults = { status: null as number | null, stallMs: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path, authorization: req.headers.authorization });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (faults.stallMs > 0) await new Promise((done) => setTimeout(done, faults.stallMs));
    if (res.destroyed) return;
    if (faults.status !== null) return reply(faults.status, { error_message: "stand-in fault" });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return reply(401, { error_message: "Unauthorized" });
    const match = /^\/v2\/get-call\/([^/?]+)$/.exec(path);
    if (req.method !== "GET" || !match) return reply(404, { error_message: "Not Found" });
    const call = calls.get(decodeURIComponent(match[1]!));
    if (!call) return reply(404, { error_message: "Call not found" });
    reply(200, call);
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    faults,
    /** An ended inbound phone call with these turns, as get-call returns it. */
    addCall(callId: string, turns: Utterance[], extra: Partial<PhoneCallResponse> = {}) {
      const call: PhoneCallResponse = {
        call_id: callId,
        agent_id: "agent_salon",
        agent_version: 1,
        call_type: "phone_call",
        call_status: "ended",
        direction: "inbound",
        from_number: "+4915112345678",
        to_number: "+493012345670",
        start_timestamp: Date.now() - 120_000,
        end_timestamp: Date.now(),
        duration_ms: 120_000,
        transcript: turns
          .map((t) => `${t.role === "agent" ? "Agent" : "User"}: ${t.content}`)
          .join("\n"),
        transcript_object: turns.map((t) => ({
          ...t,
          words: t.content
            .split(" ")
            .map((word, i) => ({ word, start: i * 0.4, end: i * 0.4 + 0.3 })),
        })),
        ...extra,
      };
      calls.set(callId, call);
      return call;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export type RetellApiStandIn = Awaited<ReturnType<typeof startRetellApiStandIn>>;
