/**
 * What a phone call achieved, as the console shows it. Only bookings and reschedulings leave a
 * trace of the call (the appointment keeps its call id); a cancellation or a look-up does not,
 * so a call Retell judged successful without an appointment is "resolved".
 */
export type CallOutcome = "booked" | "rescheduled" | "resolved" | "nothing" | "ongoing";

export function callOutcome(call: {
  status: string;
  /** Retell's judgement from call_analysis: "successful", "unsuccessful" or unknown (null). */
  outcome: string | null;
  /** The appointments the call made. */
  appointments: readonly { rescheduledFromUid: string | null }[];
}): CallOutcome {
  if (call.appointments.some((a) => a.rescheduledFromUid !== null)) return "rescheduled";
  if (call.appointments.length > 0) return "booked";
  if (call.outcome === "successful") return "resolved";
  if (call.status === "ongoing" || call.status === "registered") return "ongoing";
  return "nothing";
}
