import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  AgentCreateParams,
  AgentResponse,
  AgentUpdateParams,
} from "retell-sdk/resources/agent";
import type { PhoneCallResponse } from "retell-sdk/resources/call";
import type { LlmCreateParams, LlmResponse, LlmUpdateParams } from "retell-sdk/resources/llm";
import type {
  PhoneNumberResponse,
  PhoneNumberUpdateParams,
} from "retell-sdk/resources/phone-number";

/** What one request to the stand-in asked for. */
export interface RetellApiRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The JSON a create or update sent. */
  body?: unknown;
}

type Utterance = Pick<PhoneCallResponse.TranscriptObject, "role" | "content">;

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
};

/**
 * Retell's API on 127.0.0.1, answering with retell-sdk's own request and response types, so what
 * the clients read is what Retell sends: `GET /v2/get-call/{call_id}`, and the LLM, agent and
 * phone-number endpoints `retell-agent provision` uses (create, get, update). A test adds calls
 * and numbers, and makes the next answers fail (`status`, or `failOn` for one path) or hang
 * (`stall`).
 */
export async function startRetellApiStandIn(options: { apiKey: string }) {
  const calls = new Map<string, PhoneCallResponse>();
  const llms = new Map<string, LlmResponse>();
  const agents = new Map<string, AgentResponse>();
  const phoneNumbers = new Map<string, PhoneNumberResponse>();
  const requests: RetellApiRequest[] = [];
  const faults = {
    status: null as number | null,
    stallMs: 0,
    /** A status for requests whose path starts with this, e.g. "/create-agent". */
    failOn: null as { path: string; status: number } | null,
  };
  let created = 0;
  const now = () => Date.now();

  const route = (method: string, path: string, body: unknown): [number, unknown] => {
    const [, name, id = ""] = /^\/(?:v2\/)?([a-z-]+)(?:\/([^/]+))?$/.exec(path) ?? [];
    const key = decodeURIComponent(id);
    const missing: [number, unknown] = [404, { error_message: "Not Found" }];
    switch (`${method} ${name}`) {
      case "GET get-call": {
        const call = calls.get(key);
        return call ? [200, call] : [404, { error_message: "Call not found" }];
      }
      case "POST create-retell-llm": {
        const llm: LlmResponse = {
          ...(body as LlmCreateParams),
          llm_id: `llm_standin_${++created}`,
          version: 0,
          is_published: false,
          last_modification_timestamp: now(),
        } as LlmResponse;
        llms.set(llm.llm_id, llm);
        return [201, llm];
      }
      case "GET get-retell-llm":
        return llms.has(key) ? [200, llms.get(key)] : missing;
      case "PATCH update-retell-llm": {
        const llm = llms.get(key);
        if (!llm) return missing;
        const next = { ...llm, ...(body as LlmUpdateParams), last_modification_timestamp: now() };
        llms.set(key, next as LlmResponse);
        return [200, next];
      }
      case "POST create-agent": {
        const params = body as AgentCreateParams;
        const agent: AgentResponse = {
          ...params,
          agent_id: `agent_standin_${++created}`,
          version: 0,
          response_engine: { ...params.response_engine, version: 0 },
          last_modification_timestamp: now(),
        } as AgentResponse;
        agents.set(agent.agent_id, agent);
        return [201, agent];
      }
      case "GET get-agent":
        return agents.has(key) ? [200, agents.get(key)] : missing;
      case "PATCH update-agent": {
        const agent = agents.get(key);
        if (!agent) return missing;
        const next = {
          ...agent,
          ...(body as AgentUpdateParams),
          last_modification_timestamp: now(),
        };
        agents.set(key, next as AgentResponse);
        return [200, next];
      }
      case "GET get-phone-number":
        return phoneNumbers.has(key) ? [200, phoneNumbers.get(key)] : missing;
      case "PATCH update-phone-number": {
        const number = phoneNumbers.get(key);
        if (!number) return missing;
        const next = {
          ...number,
          ...(body as PhoneNumberUpdateParams),
          last_modification_timestamp: now(),
        } as PhoneNumberResponse;
        phoneNumbers.set(key, next);
        return [200, next];
      }
    }
    return missing;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "";
    const method = req.method ?? "";
    const body = method === "GET" ? undefined : await readBody(req);
    requests.push({
      method,
      path,
      authorization: req.headers.authorization,
      ...(body === undefined ? {} : { body }),
    });
    const reply = (status: number, answer: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    };
    if (faults.stallMs > 0) await new Promise((done) => setTimeout(done, faults.stallMs));
    if (res.destroyed) return;
    if (faults.status !== null) return reply(faults.status, { error_message: "stand-in fault" });
    if (faults.failOn && path.startsWith(faults.failOn.path))
      return reply(faults.failOn.status, { error_message: "stand-in fault" });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return reply(401, { error_message: "Unauthorized" });
    reply(...route(method, path.split("?")[0]!, body));
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
    llms,
    agents,
    phoneNumbers,
    /** A number bought in (or imported into) Retell, bound to no agent yet. */
    addPhoneNumber(number: string) {
      const record: PhoneNumberResponse = {
        phone_number: number,
        phone_number_type: "retell-twilio",
        last_modification_timestamp: now(),
        inbound_agents: null,
      };
      phoneNumbers.set(number, record);
      return record;
    },
    /** The requests that were not reads: creates and updates. */
    writes: () => requests.filter((r) => r.method !== "GET"),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export type RetellApiStandIn = Awaited<ReturnType<typeof startRetellApiStandIn>>;
