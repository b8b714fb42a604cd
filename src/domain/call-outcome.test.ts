import { describe, expect, it } from "vitest";
import { callOutcome } from "./call-outcome.ts";

const made = (rescheduledFromUid: string | null = null) => ({ rescheduledFromUid });

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
    expect(callOutcome({ status, outcome, appointments })).toBe(expected);
  });
});
