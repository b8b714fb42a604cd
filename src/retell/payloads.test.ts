import { describe, expect, it } from "vitest";
import {
  argsOnlyMessage,
  functionBaseName,
  parseCallEvent,
  parseCallInbound,
  parseFunctionCall,
  summaryLimit,
  trimmedCallEvent,
} from "./payloads.ts";

const call = {
  call_type: "phone_call",
  call_id: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
  agent_id: "agent_4f1c",
  agent_version: 3,
  call_status: "ongoing",
  direction: "inbound",
  from_number: "+4915123456789",
  to_number: "+49301234567",
  retell_llm_dynamic_variables: { company_name: "Salon Beispiel" },
  transcript: "Agent: Hallo …",
};

describe("parseFunctionCall", () => {
  it("reads the body Retell sends, keeping unknown fields", () => {
    const result = parseFunctionCall({
      name: "check_availability",
      call,
      args: { service: "Schnitt" },
    });
    expect(result).toEqual({
      ok: true,
      data: { name: "check_availability", call, args: { service: "Schnitt" } },
    });
  });

  it("strips a version suffix from the name", () => {
    const result = parseFunctionCall({ name: "book_appointment_v17", call, args: {} });
    expect(result).toMatchObject({ ok: true, data: { name: "book_appointment" } });
    expect(functionBaseName("list_services_V2")).toBe("list_services");
    expect(functionBaseName("reschedule_appointment")).toBe("reschedule_appointment");
  });

  it("takes missing or null args as none", () => {
    expect(parseFunctionCall({ name: "list_services", call })).toMatchObject({
      ok: true,
      data: { args: {} },
    });
    expect(parseFunctionCall({ name: "list_services", call, args: null })).toMatchObject({
      ok: true,
      data: { args: {} },
    });
  });

  it("reads null optional call fields as absent", () => {
    const result = parseFunctionCall({
      name: "list_services",
      call: { ...call, from_number: null },
      args: {},
    });
    expect(result.ok && result.data.call.from_number).toBeUndefined();
  });

  it.each([
    [{ call, args: {} }, "$.name", "is missing"],
    [{ name: "", call, args: {} }, "$.name", "is empty"],
    [{ name: "x", args: {} }, "$.call", undefined],
    [
      { name: "x", call: { ...call, call_id: undefined }, args: {} },
      "$.call.call_id",
      "is missing",
    ],
    [{ name: "x", call: { ...call, agent_id: 7 }, args: {} }, "$.call.agent_id", "must be text"],
    [{ name: "x", call, args: "service=Schnitt" }, "$.args", undefined],
    [
      { name: "x", call: { ...call, start_timestamp: "soon" }, args: {} },
      "$.call.start_timestamp",
      undefined,
    ],
    [null, "$", undefined],
    ["{}", "$", undefined],
  ])("refuses %j at %s", (body, path, message) => {
    const result = parseFunctionCall(body);
    expect(result).toMatchObject({ ok: false, path });
    if (message) expect(result).toMatchObject({ message });
  });
});

describe("a tool set to 'Payload: args only'", () => {
  it("is refused with a message that names the setting", () => {
    for (const body of [{ service: "Haarschnitt", date: "morgen" }, {}]) {
      expect(parseFunctionCall(body)).toEqual({ ok: false, path: "$", message: argsOnlyMessage });
    }
    expect(argsOnlyMessage).toContain("'Payload: args only'");
    // A body with a name but no call is an ordinary malformed call.
    expect(parseFunctionCall({ name: "x", args: {} })).toMatchObject({ path: "$.call" });
  });
});

describe("agent_version", () => {
  it("is a number or a tag such as 'prod', in call_inbound and in the call object", () => {
    for (const [sent, read] of [
      [3, 3],
      ["prod", "prod"],
      [" staging ", "staging"],
      ["7", 7],
    ] as const) {
      const inbound = parseCallInbound({
        event: "call_inbound",
        call_inbound: { to_number: "+49301234567", agent_version: sent },
      });
      expect(inbound.ok && inbound.data.call_inbound.agent_version).toBe(read);
      const fc = parseFunctionCall({
        name: "list_services",
        call: { ...call, agent_version: sent },
      });
      expect(fc.ok && fc.data.call.agent_version).toBe(read);
    }
    expect(
      parseCallInbound({
        event: "call_inbound",
        call_inbound: { to_number: "+1", agent_version: { v: 1 } },
      }),
    ).toMatchObject({ ok: false, path: "$.call_inbound.agent_version" });
  });
});

describe("parseCallInbound", () => {
  it("reads the documented body, with and without the optional fields", () => {
    const full = {
      event: "call_inbound",
      call_inbound: {
        agent_id: "agent_1",
        agent_version: 1,
        from_number: "+4915123456789",
        to_number: "+49301234567",
        call_id: "call_1",
      },
      event_timestamp: 1_764_000_000_000,
    };
    expect(parseCallInbound(full)).toEqual({ ok: true, data: full });
    const minimal = {
      event: "call_inbound",
      call_inbound: { from_number: "+1555", to_number: "+1666" },
    };
    const result = parseCallInbound(minimal);
    expect(result).toMatchObject({ ok: true, data: { call_inbound: { to_number: "+1666" } } });
    expect(
      result.ok && [result.data.call_inbound.agent_id, result.data.call_inbound.call_id],
    ).toEqual([undefined, undefined]);
  });

  it.each([
    [{ event: "call_inbound", call_inbound: { from_number: "+1" } }, "$.call_inbound.to_number"],
    [{ event: "call_started", call_inbound: { to_number: "+1" } }, "$.event"],
    [{ event: "call_inbound" }, "$.call_inbound"],
  ])("refuses %j at %s", (body, path) => {
    expect(parseCallInbound(body)).toMatchObject({ ok: false, path });
  });
});

describe("parseCallEvent", () => {
  it.each(["call_started", "call_ended"])("reads %s", (event) => {
    const body = { event, call: { ...call, start_timestamp: 1_764_000_000_000 } };
    expect(parseCallEvent(body)).toEqual({ ok: true, data: body });
  });

  it("reads call_analyzed with its analysis and timestamps sent as strings", () => {
    const body = {
      event: "call_analyzed",
      call: {
        ...call,
        call_status: "ended",
        start_timestamp: "1764000000000",
        end_timestamp: 1_764_000_090_000,
        duration_ms: 90_000,
        disconnection_reason: "user_hangup",
        call_analysis: {
          call_summary: "Booked a haircut.",
          user_sentiment: "Positive",
          call_successful: true,
          custom_analysis_data: { intent: "book" },
        },
      },
    };
    const result = parseCallEvent(body);
    expect(result).toMatchObject({
      ok: true,
      data: {
        call: {
          start_timestamp: 1_764_000_000_000,
          call_analysis: {
            call_summary: "Booked a haircut.",
            custom_analysis_data: { intent: "book" },
          },
        },
      },
    });
  });

  it("turns non-string dynamic variables into strings", () => {
    const body = {
      event: "call_started",
      call: { ...call, retell_llm_dynamic_variables: { visits: 3 } },
    };
    expect(parseCallEvent(body)).toMatchObject({
      ok: true,
      data: { call: { retell_llm_dynamic_variables: { visits: "3" } } },
    });
  });

  it.each([
    [{ event: "transcript_updated", call }, "$.event"],
    [{ call }, "$.event"],
    [{ event: "call_ended", data: call }, "$.call"],
    [
      { event: "call_ended", call: { ...call, call_analysis: { call_successful: "yes" } } },
      "$.call.call_analysis.call_successful",
    ],
  ])("refuses %j at %s", (body, path) => {
    expect(parseCallEvent(body)).toMatchObject({ ok: false, path });
  });
});

describe("trimmedCallEvent", () => {
  it("keeps who, when, how long and the analysis, never the transcript", () => {
    const words = Array.from({ length: 2_000 }, (_, i) => ({
      word: "Termin",
      start: i / 2,
      end: i / 2 + 0.4,
    }));
    const parsed = parseCallEvent({
      event: "call_analyzed",
      call: {
        ...call,
        agent_version: "prod",
        call_status: "ended",
        start_timestamp: 1_764_000_000_000,
        end_timestamp: 1_764_001_800_000,
        duration_ms: 1_800_000,
        disconnection_reason: "user_hangup",
        transcript_object: [{ role: "user", content: "…", words }],
        transcript_with_tool_calls: [{ role: "agent", content: "…", words }],
        recording_url: "https://example.test/rec.wav",
        call_analysis: {
          call_summary: "x".repeat(summaryLimit + 500),
          call_successful: true,
          user_sentiment: "Positive",
          custom_analysis_data: { anything: "y".repeat(10_000) },
        },
      },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const stored = trimmedCallEvent(parsed.data);
    expect(JSON.parse(stored)).toEqual({
      event: "call_analyzed",
      call: {
        call_type: "phone_call",
        call_id: call.call_id,
        agent_id: "agent_4f1c",
        agent_version: "prod",
        call_status: "ended",
        direction: "inbound",
        from_number: "+4915123456789",
        to_number: "+49301234567",
        start_timestamp: 1_764_000_000_000,
        end_timestamp: 1_764_001_800_000,
        duration_ms: 1_800_000,
        disconnection_reason: "user_hangup",
        call_analysis: {
          call_summary: "x".repeat(summaryLimit),
          call_successful: true,
          user_sentiment: "Positive",
        },
      },
    });
    expect(stored).not.toMatch(/transcript|Termin|Hallo|rec\.wav|dynamic/);
  });
});
