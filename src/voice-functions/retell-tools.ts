import type { LlmCreateParams } from "retell-sdk/resources/llm";
import { z } from "zod";
import type { Locale } from "../domain/entities.ts";
import { examples } from "./arguments.ts";
import { toolModes, type VoiceFunction } from "./define-function.ts";
import { voiceFunctions } from "./registry.ts";

/*
 * The Retell custom tools for the voice functions (the published tool contract), as
 * `frontdesk retell-tools` prints them to paste into an agent. Generated from each function's
 * definition: its arguments' JSON Schema (descriptions from the zod schema) with the company's
 * language filled into the examples, and its tool mode. With a transfer number, Retell's own
 * transfer_call tool follows.
 */

interface JsonSchemaProperty {
  type: "string";
  description: string;
}

export interface RetellCustomTool {
  type: "custom";
  name: string;
  description: string;
  url: string;
  method: "POST";
  parameters: {
    type: "object";
    properties: Record<string, JsonSchemaProperty>;
    required: string[];
  };
  speak_during_execution: boolean;
  speak_after_execution: boolean;
  execution_message_description?: string;
  /** `prompt`: the description tells the LLM what to say (in the company's language). */
  execution_message_type?: "prompt";
  timeout_ms: number;
  max_retry: number;
}

export type RetellTransferTool = LlmCreateParams.TransferCallTool;
export type RetellTool = RetellCustomTool | RetellTransferTool;

export function retellTools(options: {
  publicUrl: string;
  locale: Locale;
  /** The company's transfer number (E.164); without one there is no transfer_call tool. */
  transferNumber?: string | null;
}): RetellTool[] {
  const url = `${options.publicUrl.replace(/\/+$/, "")}/webhooks/retell/functions`;
  const tools: RetellTool[] = voiceFunctions.map((fn) => retellTool(fn, url, options.locale));
  if (options.transferNumber) tools.push(transferTool(options.transferNumber, options.locale));
  return tools;
}

const transferLine = {
  de: "Sagen Sie dem Anrufer kurz, dass Sie ihn jetzt mit einem Mitarbeiter verbinden.",
  en: "Tell the caller briefly that you are connecting them to a member of staff now.",
} as const;

/**
 * A cold transfer to the company's number: the caller is handed over and the agent leaves the
 * call (a warm one would need Retell to brief the person first, which we have nothing for).
 */
function transferTool(number: string, locale: Locale): RetellTransferTool {
  return {
    type: "transfer_call",
    name: "transfer_call",
    description:
      'Hands the call to a person at the business. Only when transfer_available is "true", and the caller asks for a person or a function reply has transfer_suggested true; say so before.',
    transfer_destination: { type: "predefined", number },
    transfer_option: { type: "cold_transfer" },
    speak_during_execution: true,
    execution_message_description: transferLine[locale],
    execution_message_type: "prompt",
  };
}

function retellTool(fn: VoiceFunction, url: string, locale: Locale): RetellCustomTool {
  const { tool } = fn;
  return {
    type: "custom",
    name: fn.name,
    description: fn.description,
    url,
    method: "POST",
    parameters: toolParameters(fn, locale),
    speak_after_execution: true,
    ...toolModes[tool.mode],
    ...(tool.mode === "read"
      ? {}
      : { execution_message_description: tool.filler[locale], execution_message_type: "prompt" }),
  };
}

/**
 * The arguments as Retell takes them: an object of described strings. zod's JSON Schema of the
 * input side is cut down to type and description (no length caps, no `$schema`), and a schema
 * that is not an object of strings is a programming error, refused here rather than published.
 */
export function toolParameters(fn: VoiceFunction, locale: Locale): RetellCustomTool["parameters"] {
  const schema = z.toJSONSchema(fn.args, { io: "input" }) as {
    type?: unknown;
    properties?: Record<string, { type?: unknown; description?: unknown }>;
    required?: string[];
  };
  if (schema.type !== "object") throw new Error(`${fn.name}: the arguments are not an object`);
  const properties: Record<string, JsonSchemaProperty> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.type !== "string" || typeof property.description !== "string")
      throw new Error(`${fn.name}.${key}: an argument must be a described string`);
    properties[key] = { type: "string", description: withExamples(property.description, locale) };
  }
  return {
    type: "object",
    properties,
    required: [...(schema.required ?? []), ...(fn.alsoRequired ?? [])],
  };
}

const withExamples = (description: string, locale: Locale) =>
  description.replace(
    /\{(date|time|start)\}/g,
    (_, key: "date" | "time" | "start") => examples[locale][key],
  );
