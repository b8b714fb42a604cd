import Retell from "retell-sdk";
import type { AgentCreateParams, AgentUpdateParams } from "retell-sdk/resources/agent";
import type { LlmCreateParams, LlmUpdateParams } from "retell-sdk/resources/llm";
import type { PhoneNumberUpdateParams } from "retell-sdk/resources/phone-number";
import type { RetellAgentApi, RetellFields } from "../domain/ports/retell-api.ts";

/** Setting up an agent is an operator's command: Retell may take its time, once retried. */
const timeoutMs = 20_000;

/** What Retell answered, for the error the use-case names its step with (never the key). */
function describe(error: unknown): Error {
  if (error instanceof Retell.APIConnectionTimeoutError)
    return new Error(`no answer within ${timeoutMs / 1000} s`);
  if (error instanceof Retell.APIConnectionError) return new Error("not reachable");
  if (error instanceof Retell.APIError) {
    const body = error.error as { error_message?: unknown } | undefined;
    const said = typeof body?.error_message === "string" ? `: ${body.error_message}` : "";
    return new Error(`HTTP ${error.status}${said}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Retell's LLM, agent and phone-number endpoints through retell-sdk. */
export function createRetellAgentApi(options: {
  apiKey: string | undefined;
  baseUrl?: string;
}): RetellAgentApi {
  const client = options.apiKey
    ? new Retell({
        apiKey: options.apiKey,
        baseURL: options.baseUrl,
        timeout: timeoutMs,
        maxRetries: 1,
      })
    : null;
  const sdk = () => {
    // The use-case asks `configured` first: this is never reached without a key.
    if (!client) throw new Error("RETELL_API_KEY is not set");
    return client;
  };
  const asFields = (record: object): RetellFields => record as RetellFields;
  return {
    configured: client !== null,
    async retrieve(kind, id) {
      try {
        const c = sdk();
        if (kind === "llm") return asFields(await c.llm.retrieve(id));
        if (kind === "agent") return asFields(await c.agent.retrieve(id));
        return asFields(await c.phoneNumber.retrieve(id));
      } catch (error) {
        if (error instanceof Retell.NotFoundError) return null;
        throw describe(error);
      }
    },
    async create(kind, fields) {
      try {
        const c = sdk();
        if (kind === "llm") return (await c.llm.create(fields as LlmCreateParams)).llm_id;
        return (await c.agent.create(fields as unknown as AgentCreateParams)).agent_id;
      } catch (error) {
        throw describe(error);
      }
    },
    async update(kind, id, fields) {
      try {
        const c = sdk();
        if (kind === "llm") await c.llm.update(id, fields as LlmUpdateParams);
        else if (kind === "agent") await c.agent.update(id, fields as AgentUpdateParams);
        else await c.phoneNumber.update(id, fields as PhoneNumberUpdateParams);
      } catch (error) {
        throw describe(error);
      }
    },
  };
}
