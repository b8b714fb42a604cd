import { describe, expect, it } from "vitest";
import {
  type CallOutcome,
  callOutcome,
  callOutcomes,
  callSignals,
  isTestCall,
  type OutcomeFacts,
  outcomeCriteria,
} from "./call-outcome.ts";

const made = (rescheduledFromUid: string | null = null) => ({ rescheduledFromUid });
const at = "2030-03-01T09:01:00.000Z";

describe("callOutcome", () => {
  it.each([
    ["a moved booking wins over a new one", "ended", null, [made(), made("old")], "rescheduled"],
    ["a booking, whatever Retell judged", "ended", "unsuccessful", [made()], "booked"],
    ["a booking while the call still runs", "ongoing", null, [made()], "booked"],
    ["successful without an appointment", "ended", "successful", [], "resolved"],
    ["unsuccessful without an appointment", "ended", "unsuccessful", [], "nothing"],
    ["ended, not analysed yet", "ended", null, [], "nothing"],
    ["still running", "ongoing", null, [], "ongoing"],
    ["registered, not yet answered", "registered", null, [], "ongoing"],
    ["failed", "error", null, [], "nothing"],
  ] as const)("%s", (_, status, outcome, appointments, expected) => {
    expect(callOutcome({ status, outcome, appointments, foundAt: null, cancelledAt: null })).toBe(
      expected,
    );
  });

  const facts = (over: Partial<OutcomeFacts>): OutcomeFacts => ({
    status: "ended",
    outcome: null,
    foundAt: null,
    cancelledAt: null,
    appointments: [],
    ...over,
  });

  it.each([
    ["found appointments, nothing else", facts({ foundAt: at }), "found"],
    ["found while the call still runs", facts({ foundAt: at, status: "ongoing" }), "found"],
    [
      "found, and Retell judged it successful",
      facts({ foundAt: at, outcome: "successful" }),
      "found",
    ],
    ["cancelled (after finding it)", facts({ foundAt: at, cancelledAt: at }), "cancelled"],
    ["cancelled one, booked another", facts({ cancelledAt: at, appointments: [made()] }), "booked"],
    [
      "cancelled, and a reschedule",
      facts({ cancelledAt: at, appointments: [made("x")] }),
      "rescheduled",
    ],
  ] as const)("%s", (_, call, expected) => {
    expect(callOutcome(call)).toBe(expected);
  });
});

describe("outcomeCriteria", () => {
  // Every combination of the six signals: the filter storage applies picks exactly the calls
  // callOutcome names so, so the list's filter and its badges cannot disagree.
  const combinations: OutcomeFacts[] = [];
  for (let bits = 0; bits < 64; bits++) {
    const on = (n: number) => (bits & (1 << n)) !== 0;
    // "moved" implies "made": a rescheduling is an appointment the call made.
    const appointments = on(0) ? [made("old")] : on(1) ? [made()] : [];
    combinations.push({
      appointments,
      cancelledAt: on(2) ? at : null,
      foundAt: on(3) ? at : null,
      outcome: on(4) ? "successful" : "unsuccessful",
      status: on(5) ? "ongoing" : "ended",
    });
  }

  it.each(callOutcomes)(
    "%s selects exactly the calls with that outcome",
    (outcome: CallOutcome) => {
      const { holds, lacks } = outcomeCriteria(outcome);
      for (const call of combinations) {
        const s = callSignals(call);
        const selected = (holds === null || s[holds]) && lacks.every((l) => !s[l]);
        expect(selected).toBe(callOutcome(call) === outcome);
      }
    },
  );
});

describe("isTestCall", () => {
  it("tells the panel's calls from Retell's", () => {
    expect(isTestCall("frontdesk_test_01HX")).toBe(true);
    expect(isTestCall("call_a1b2c3")).toBe(false);
  });
});
