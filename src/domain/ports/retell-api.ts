/** Who spoke a turn, as Retell names them (`transfer_target`: the party a call was handed to). */
export type TranscriptRole = "agent" | "user" | "transfer_target";

export interface TranscriptTurn {
  role: TranscriptRole;
  content: string;
}

/** Why Retell gave no transcript: it does not know the call, refused our key, failed or was slow. */
export type RetellApiProblem = "not_found" | "unauthorized" | "failed" | "timeout";

export type RetellTranscriptResult =
  | { ok: true; turns: TranscriptTurn[] }
  | { ok: false; problem: RetellApiProblem; status: number | null };

/**
 * Retell's own records of a call, read at the moment a user asks. What comes back is shown and
 * dropped: no implementation may log, cache or store it.
 */
export interface RetellCalls {
  /** False without RETELL_API_KEY: then nothing is asked. */
  readonly configured: boolean;
  transcript(callId: string): Promise<RetellTranscriptResult>;
}

/** Retell's records `retell-agent provision` keeps: the LLM, the agent, the phone numbers. */
export type RetellRecordKind = "llm" | "agent" | "phone_number";

/** A Retell record's settings as JSON, in Retell's own field names. */
export type RetellFields = Readonly<Record<string, unknown>>;

/** What a company's agent should be in Retell, built from its settings and PUBLIC_URL. */
export interface RetellAgentBlueprint {
  llm: RetellFields;
  agent(llmId: string): RetellFields;
  /** What each of the company's numbers is set to: answered by this agent, routed by us. */
  phoneNumber(agentId: string): RetellFields;
  /** Set when a record is created, then the business's to change in Retell (e.g. the voice). */
  createOnly: readonly string[];
}

/**
 * Retell's configuration API (LLMs, agents, phone numbers). Any answer but a record or a 404
 * is thrown as an Error whose message says what Retell answered (never the key).
 */
export interface RetellAgentApi {
  /** False without RETELL_API_KEY: then nothing is asked. */
  readonly configured: boolean;
  /** The record, or null when Retell does not know the id. */
  retrieve(kind: RetellRecordKind, id: string): Promise<RetellFields | null>;
  /** Creates the record and returns its id (phone numbers are bought or imported in Retell). */
  create(kind: "llm" | "agent", fields: RetellFields): Promise<string>;
  update(kind: RetellRecordKind, id: string, fields: RetellFields): Promise<void>;
}
