/**
 * A Retell call object as long calls really carry it: the transcript as text, as
 * `transcript_object` (every word with its start and end in seconds) and again as
 * `transcript_with_tool_calls` (the same utterances, words included, with each tool call's
 * arguments and result in between), plus latency figures per turn. Deterministic, so sizes can be
 * measured and asserted.
 */
export interface LongCallOptions {
  minutes: number;
  /** Words spoken per minute by both sides together (conversational German/English: 140–170). */
  wordsPerMinute?: number;
  /** Tool calls made, spread over the call. */
  toolCalls?: number;
  /** Leave out the fields only ended calls carry (a function call's call in progress). */
  inProgress?: boolean;
}

const vocabulary = (
  "Guten Tag hier ist der Salon Beispiel was kann ich für Sie tun ich hätte gern einen Termin " +
  "für einen Haarschnitt am Donnerstag Nachmittag wäre gut um vierzehn Uhr dreißig ist frei " +
  "soll ich den Termin für Sie buchen ja gerne auf welchen Namen Maria Muster vielen Dank"
).split(" ");

export function longCall(base: Record<string, unknown>, options: LongCallOptions) {
  const wpm = options.wordsPerMinute ?? 160;
  const totalWords = Math.round(options.minutes * wpm);
  const seconds = options.minutes * 60;
  const toolCalls = options.toolCalls ?? Math.max(1, Math.round(options.minutes));
  const wordsPerTurn = 18;
  const turns = Math.ceil(totalWords / wordsPerTurn);
  const utterances: { role: string; content: string; words: object[] }[] = [];
  let w = 0;
  for (let t = 0; t < turns; t++) {
    const words: { word: string; start: number; end: number }[] = [];
    for (let i = 0; i < wordsPerTurn && w < totalWords; i++, w++) {
      const start = Math.round(((w * seconds) / totalWords) * 1000) / 1000;
      words.push({
        word: vocabulary[w % vocabulary.length]!,
        start,
        end: Math.round((start + 0.31) * 1000) / 1000,
      });
    }
    utterances.push({
      role: t % 2 === 0 ? "agent" : "user",
      content: words.map((x) => x.word).join(" "),
      words,
    });
  }
  const transcript = utterances.map(
    (u) => `${u.role === "agent" ? "Agent" : "User"}: ${u.content}`,
  );
  const withTools: object[] = [];
  const every = Math.max(1, Math.floor(utterances.length / toolCalls));
  utterances.forEach((u, i) => {
    withTools.push(u);
    if (i % every === every - 1 && withTools.length < utterances.length * 3) {
      const id = `tool_${i}`;
      withTools.push({
        role: "tool_call_invocation",
        tool_call_id: id,
        name: "check_availability",
        arguments: JSON.stringify({ service: "Haarschnitt", date: "Donnerstag", time: "14:30" }),
      });
      withTools.push({
        role: "tool_call_result",
        tool_call_id: id,
        content: JSON.stringify({
          ok: true,
          message: "Donnerstag, 14:30 Uhr ist frei. Soll ich den Termin für Sie buchen?",
          data: {
            available: true,
            slots: [{ start: "2026-12-03T14:30:00+01:00", label: "Donnerstag um 14:30 Uhr" }],
          },
        }),
      });
    }
  });
  const perTurn = (n: number) => Array.from({ length: turns }, (_, i) => 400 + ((i * 37) % n));
  const latency = Object.fromEntries(
    ["e2e", "llm", "tts", "asr", "knowledge_base", "s2s"].map((k) => {
      const values = perTurn(600);
      return [
        k,
        {
          p50: 800,
          p90: 1200,
          p95: 1300,
          p99: 1500,
          min: 400,
          max: 1900,
          num: values.length,
          values,
        },
      ];
    }),
  );
  return {
    ...base,
    call_type: "phone_call",
    call_status: options.inProgress ? "ongoing" : "ended",
    direction: "inbound",
    retell_llm_dynamic_variables: {
      company_name: "Salon Beispiel",
      customer_name: '"Maria Muster"',
    },
    transcript: transcript.join("\n"),
    transcript_object: utterances,
    transcript_with_tool_calls: withTools,
    ...(options.inProgress
      ? {}
      : {
          latency,
          llm_token_usage: { values: perTurn(3000), average: 1900, num_requests: turns },
          recording_url: "https://dxc03zgurdly9.cloudfront.net/recording.wav",
          public_log_url: "https://dxc03zgurdly9.cloudfront.net/public.log",
          call_cost: { combined_cost: 412.5, total_duration_seconds: seconds },
        }),
  };
}
