import { describe, expect, it } from "vitest";
import { agentBlueprint, defaultVoiceId, prompts } from "./agent-config.ts";

const tools = [
  {
    type: "custom" as const,
    name: "list_services",
    url: "https://frontdesk.example.com/webhooks/retell/functions",
  },
];

describe("agentBlueprint", () => {
  const german = agentBlueprint({
    company: { name: "Salon Beispiel", locale: "de" },
    publicUrl: "https://frontdesk.example.com/",
    tools,
  });

  it("gives the LLM the company language's prompt, our tools and end_call", () => {
    expect(german.llm).toMatchObject({
      general_prompt: prompts.de.prompt,
      begin_message: prompts.de.beginMessage,
      start_speaker: "agent",
    });
    expect((german.llm.general_tools as { name: string }[]).map((t) => t.name)).toEqual([
      "list_services",
      "end_call",
    ]);
    const english = agentBlueprint({
      company: { name: "Bright Smiles", locale: "en" },
      publicUrl: "https://x.example",
      tools,
    });
    expect(english.llm.general_prompt).toBe(prompts.en.prompt);
    expect(english.agent("llm_1")).toMatchObject({ language: "en-US" });
  });

  it("leaves what call_inbound may not give empty, and the transfer off", () => {
    expect(german.llm.default_dynamic_variables).toEqual({
      customer_name: "",
      last_staff_name: "",
      last_service: "",
      transfer_available: "false",
    });
  });

  it("builds the agent on the LLM, named after the company, with our call events URL", () => {
    expect(german.agent("llm_1")).toEqual({
      agent_name: "Salon Beispiel",
      response_engine: { type: "retell-llm", llm_id: "llm_1" },
      language: "de-DE",
      voice_id: defaultVoiceId,
      webhook_url: "https://frontdesk.example.com/webhooks/retell/events",
    });
    // The voice is the business's to change in Retell: a re-run leaves it.
    expect(german.createOnly).toEqual(["voice_id"]);
  });

  it("binds a number to the agent, with our call_inbound URL", () => {
    expect(german.phoneNumber("agent_1")).toEqual({
      inbound_agents: [{ agent_id: "agent_1", weight: 1 }],
      inbound_webhook_url: "https://frontdesk.example.com/webhooks/retell/inbound",
    });
  });
});
