import type { CallOutcome } from "../call-outcome.ts";
import type { AppointmentStatus } from "../entities.ts";
import type { PersonKeys } from "./privacy.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface CallRecord {
  retellCallId: string;
  agentId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  direction: string | null;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  summary: string | null;
  outcome: string | null;
  /** Retell's user_sentiment ("Positive", "Neutral", …): only call_analyzed carries it. */
  sentiment?: string | null;
}

/** What a voice function did that the call list shows: found the caller's appointments, cancelled one. */
export type CallAction = "found" | "cancelled";

/** The call a voice function runs in, as far as its request tells. */
export interface CallRef {
  retellCallId: string;
  agentId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
}

export interface CallRepository {
  /** Creates the call or fills in what this event adds; never erases known values. */
  upsert(companyId: string, call: CallRecord): Promise<void>;
  /**
   * Notes the first time the call did this (one statement; creates the call row when no call
   * event arrived yet). Never changes what the call events wrote.
   */
  noteAction(companyId: string, call: CallRef, action: CallAction, at: string): Promise<void>;
  find(companyId: string, retellCallId: string): Promise<StoredCall | null>;
  /**
   * Notes a customer name the call's booking refused as a placeholder (normalised; the last one
   * counts; creates the call row when no call event arrived yet).
   */
  noteRefusedName(companyId: string, call: CallRef, name: string, at: string): Promise<void>;
  /** The name noted by noteRefusedName for this call of this company, or null. */
  findRefusedName(companyId: string, retellCallId: string): Promise<string | null>;
  /** Counts one more unknown service asked for in the call; the call's count so far. */
  countUnknownService(companyId: string, call: CallRef, at: string): Promise<number>;
  /**
   * Newest first (by when we first heard of the call), strictly after the cursor when given; only
   * the calls with this outcome when given.
   */
  listPage(
    companyId: string,
    page: { after?: CallCursor; limit: number; outcome?: CallOutcome },
  ): Promise<StoredCall[]>;
  /** The appointments these calls made (booked or rescheduled by the phone agent), by start. */
  listAppointmentsOf(companyId: string, retellCallIds: string[]): Promise<CallAppointment[]>;
  /** Calls from or to the person's number (or linked to their customer id). */
  listForPerson(companyId: string, person: PersonKeys): Promise<StoredCall[]>;
  /** Blanks those calls' numbers that are the person's, their summaries and outcomes. */
  eraseForPerson(companyId: string, person: PersonKeys, at: string): Promise<number>;
}

export interface StoredCall extends CallRecord {
  sentiment: string | null;
  foundAt: string | null;
  cancelledAt: string | null;
  customerId: string | null;
  createdAt: string;
}

/** Where a page of calls ends: the last call's creation time and id (unique per company). */
export interface CallCursor {
  createdAt: string;
  retellCallId: string;
}

/** What the call pages show of an appointment a call made. */
export interface CallAppointment {
  id: string;
  retellCallId: string;
  bookingUid: string;
  serviceId: string | null;
  staffId: string | null;
  startAt: string;
  status: AppointmentStatus;
  rescheduledFromUid: string | null;
}

/** The call the console's test panel plays, as Retell would describe it. */
export interface ProbeCall {
  callId: string;
  agentId: string;
  fromNumber: string;
  toNumber: string;
}

/** One request the test panel sent through our own Retell webhooks, and what came back. */
export interface ProbeExchange {
  webhook: "inbound" | "events" | "functions";
  /** The event or the function's name. */
  name: string;
  request: unknown;
  status: number;
  reply: unknown;
  /** A function's sentence for the caller; null for the inbound webhook and call events. */
  spoken: string | null;
  /** The free slots a function offered (start as sent back to book, and its spoken label). */
  slots: { start: string; label: string }[];
}

/**
 * Sends Retell-signed requests to this server's own webhook routes (in-process), so a test call
 * passes the same signature check, routing and functions a real call does.
 */
export interface VoiceProbe {
  /** False without RETELL_API_KEY: then Retell's requests, and the probe's, are refused. */
  readonly signed: boolean;
  inbound(call: ProbeCall): Promise<ProbeExchange>;
  event(event: "call_started" | "call_ended", call: ProbeCall): Promise<ProbeExchange>;
  invoke(name: string, call: ProbeCall, args: Record<string, string>): Promise<ProbeExchange>;
}
