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
