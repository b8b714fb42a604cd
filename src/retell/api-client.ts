import type {
  RetellCalls,
  RetellTranscriptResult,
  TranscriptRole,
  TranscriptTurn,
} from "../domain/ports/retell-api.ts";

export const defaultRetellApiBaseUrl = "https://api.retellai.com";

/** A user waits for the page: past this, Retell counts as unavailable. */
export const retellApiTimeoutMs = 5000;

const roles: ReadonlySet<string> = new Set<TranscriptRole>(["agent", "user", "transfer_target"]);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The turns of Retell's call response (retell-sdk's `CallResponse`): `transcript_object`, else
 * the plain `transcript`, whose lines start "Agent: " or "User: ".
 */
export function transcriptTurns(call: unknown): TranscriptTurn[] {
  if (!isRecord(call)) return [];
  if (Array.isArray(call.transcript_object))
    return call.transcript_object.flatMap((u) =>
      isRecord(u) &&
      typeof u.role === "string" &&
      roles.has(u.role) &&
      typeof u.content === "string"
        ? [{ role: u.role as TranscriptRole, content: u.content }]
        : [],
    );
  if (typeof call.transcript !== "string") return [];
  const turns: TranscriptTurn[] = [];
  for (const line of call.transcript.split("\n")) {
    const head = /^(Agent|User): ?/.exec(line);
    const last = turns.at(-1);
    if (head)
      turns.push({
        role: head[1] === "Agent" ? "agent" : "user",
        content: line.slice(head[0].length),
      });
    else if (last) last.content += `\n${line}`;
  }
  return turns;
}

/**
 * Retell's API (`GET /v2/get-call/{call_id}`, as retell-sdk's `call.retrieve`), asked only when a
 * user opens a transcript. The answer is returned, never logged or kept.
 */
export function createRetellApiClient(options: {
  apiKey: string | undefined;
  baseUrl?: string;
  timeoutMs?: number;
}): RetellCalls {
  const base = (options.baseUrl ?? defaultRetellApiBaseUrl).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? retellApiTimeoutMs;
  return {
    configured: Boolean(options.apiKey),
    async transcript(callId): Promise<RetellTranscriptResult> {
      // Never a request without a key (the use-case asks `configured` first).
      if (!options.apiKey) return { ok: false, problem: "unauthorized", status: null };
      let response: Response;
      try {
        response = await fetch(`${base}/v2/get-call/${encodeURIComponent(callId)}`, {
          headers: { authorization: `Bearer ${options.apiKey}`, accept: "application/json" },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const slow = (error as Error).name === "TimeoutError";
        return { ok: false, problem: slow ? "timeout" : "failed", status: null };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const { status } = response;
        const problem =
          status === 404
            ? "not_found"
            : status === 401 || status === 403
              ? "unauthorized"
              : "failed";
        return { ok: false, problem, status };
      }
      try {
        return { ok: true, turns: transcriptTurns(await response.json()) };
      } catch (error) {
        // The body may stall after the headers, or not be JSON.
        const slow = (error as Error).name === "TimeoutError";
        return { ok: false, problem: slow ? "timeout" : "failed", status: response.status };
      }
    },
  };
}
