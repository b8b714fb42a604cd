import type { AgentCreateParams } from "retell-sdk/resources/agent";
import type { LlmCreateParams } from "retell-sdk/resources/llm";
import type { PhoneNumberUpdateParams } from "retell-sdk/resources/phone-number";
import type { Company, Locale } from "../domain/entities.ts";
import type { RetellAgentBlueprint } from "../domain/ports/retell-api.ts";
import { germanBeginMessage, germanPrompt } from "./prompts/de.ts";
import { englishBeginMessage, englishPrompt } from "./prompts/en.ts";

/*
 * What `retell-agent provision` sends to Retell for a company, typed with retell-sdk's own
 * request types: the LLM (our prompt and tools), the agent on it, and each number bound to it.
 */

export type RetellTools = NonNullable<LlmCreateParams["general_tools"]>;

export const prompts: Record<Locale, { prompt: string; beginMessage: string }> = {
  de: { prompt: germanPrompt, beginMessage: germanBeginMessage },
  en: { prompt: englishPrompt, beginMessage: englishBeginMessage },
};

export const agentLanguage = { de: "de-DE", en: "en-US" } as const satisfies Record<
  Locale,
  AgentCreateParams["language"]
>;

/** A multilingual ElevenLabs voice Retell offers every workspace; the business may pick another. */
export const defaultVoiceId = "11labs-Adrian";

/**
 * Until call_inbound answers (or for a caller we do not know) the variables are empty, and
 * "false" for the transfer, rather than the literal "{{customer_name}}".
 */
const defaultVariables = {
  customer_name: "",
  last_staff_name: "",
  last_service: "",
  transfer_available: "false",
};

const endCall = {
  de: "Verabschieden Sie sich kurz und freundlich.",
  en: "Say a short, kind goodbye.",
} as const;

export function agentBlueprint(options: {
  company: Pick<Company, "name" | "locale">;
  publicUrl: string;
  /** The custom tools (and transfer_call when the company has a number for it). */
  tools: RetellTools;
}): RetellAgentBlueprint {
  const { company } = options;
  const base = options.publicUrl.replace(/\/+$/, "");
  const llm = {
    general_prompt: prompts[company.locale].prompt,
    begin_message: prompts[company.locale].beginMessage,
    start_speaker: "agent",
    default_dynamic_variables: defaultVariables,
    general_tools: [
      ...options.tools,
      {
        type: "end_call",
        name: "end_call",
        description: "Ends the call once the caller's request is handled and goodbyes are said.",
        execution_message_description: endCall[company.locale],
      },
    ],
  } satisfies LlmCreateParams;
  return {
    llm,
    agent: (llmId) =>
      ({
        agent_name: company.name,
        response_engine: { type: "retell-llm", llm_id: llmId },
        language: agentLanguage[company.locale],
        voice_id: defaultVoiceId,
        webhook_url: `${base}/webhooks/retell/events`,
      }) satisfies AgentCreateParams,
    phoneNumber: (agentId) =>
      ({
        inbound_agents: [{ agent_id: agentId, weight: 1 }],
        inbound_webhook_url: `${base}/webhooks/retell/inbound`,
      }) satisfies PhoneNumberUpdateParams,
    createOnly: ["voice_id"],
  };
}
