/**
 * What a phone call achieved, as the console shows it. Bookings and reschedulings leave their
 * trace on the appointment (it keeps the call id); a look-up that found appointments and a
 * cancellation are noted on the call itself by the voice functions. A call Retell judged
 * successful without any of these is "resolved".
 */
export const callOutcomes = [
  "booked",
  "rescheduled",
  "cancelled",
  "found",
  "resolved",
  "ongoing",
  "nothing",
] as const;
export type CallOutcome = (typeof callOutcomes)[number];

/** Retell's call statuses of a call not over yet. */
export const liveCallStatuses = ["ongoing", "registered"] as const;

/** What storage knows about a call, one yes/no each; `callOutcome` names the first that holds. */
export type CallSignal = "moved" | "made" | "cancelled" | "found" | "successful" | "live";

/** Strongest first: a call that cancelled one appointment and booked another "booked". */
const precedence: readonly (readonly [Exclude<CallOutcome, "nothing">, CallSignal])[] = [
  ["rescheduled", "moved"],
  ["booked", "made"],
  ["cancelled", "cancelled"],
  ["found", "found"],
  ["resolved", "successful"],
  ["ongoing", "live"],
];

export interface OutcomeFacts {
  status: string;
  /** Retell's judgement from call_analysis: "successful", "unsuccessful" or unknown (null). */
  outcome: string | null;
  /** When the call's look-up first found appointments of the caller. */
  foundAt: string | null;
  /** When the call first cancelled an appointment. */
  cancelledAt: string | null;
  /** The appointments the call made. */
  appointments: readonly { rescheduledFromUid: string | null }[];
}

export function callSignals(call: OutcomeFacts): Record<CallSignal, boolean> {
  return {
    moved: call.appointments.some((a) => a.rescheduledFromUid !== null),
    made: call.appointments.length > 0,
    cancelled: call.cancelledAt !== null,
    found: call.foundAt !== null,
    successful: call.outcome === "successful",
    live: (liveCallStatuses as readonly string[]).includes(call.status),
  };
}

export function callOutcome(call: OutcomeFacts): CallOutcome {
  const signals = callSignals(call);
  return precedence.find(([, signal]) => signals[signal])?.[0] ?? "nothing";
}

/**
 * The calls with this outcome, as a condition storage can check (the list's filter): the signal
 * that names it holds and every stronger one does not.
 */
export function outcomeCriteria(outcome: CallOutcome): {
  holds: CallSignal | null;
  lacks: CallSignal[];
} {
  const at = precedence.findIndex(([o]) => o === outcome);
  const stronger = at < 0 ? precedence : precedence.slice(0, at);
  return { holds: at < 0 ? null : precedence[at]![1], lacks: stronger.map(([, s]) => s) };
}

/**
 * Calls the console's test panel places carry this prefix in their call id (Retell's own ids
 * start with "call_"), so they are told apart from real callers without another column.
 */
export const testCallPrefix = "frontdesk_test_";

export const isTestCall = (retellCallId: string) => retellCallId.startsWith(testCallPrefix);
