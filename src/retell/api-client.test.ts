import { describe, expect, it } from "vitest";
import { transcriptTurns } from "./api-client.ts";

describe("transcriptTurns", () => {
  it("reads transcript_object's turns and skips what is not an utterance", () => {
    expect(
      transcriptTurns({
        transcript: "Agent: ignored",
        transcript_object: [
          { role: "agent", content: "Guten Tag", words: [] },
          { role: "tool_call_invocation", content: "{}" },
          { role: "user", content: 42 },
          { role: "transfer_target", content: "Hallo?", words: [] },
        ],
      }),
    ).toEqual([
      { role: "agent", content: "Guten Tag" },
      { role: "transfer_target", content: "Hallo?" },
    ]);
  });

  it("falls back to the plain transcript's Agent:/User: lines, continuing wrapped lines", () => {
    expect(
      transcriptTurns({ transcript: "Agent: Guten Tag\nUser: Ich hätte\ngern einen Termin" }),
    ).toEqual([
      { role: "agent", content: "Guten Tag" },
      { role: "user", content: "Ich hätte\ngern einen Termin" },
    ]);
  });

  it("has no turns for a call without a transcript", () => {
    expect(transcriptTurns({ call_id: "c" })).toEqual([]);
    expect(transcriptTurns(null)).toEqual([]);
  });
});
