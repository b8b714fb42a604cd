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
}

export interface CallRepository {
  /** Creates the call or fills in what this event adds; never erases known values. */
  upsert(companyId: string, call: CallRecord): Promise<void>;
  find(companyId: string, retellCallId: string): Promise<StoredCall | null>;
  /** Newest first (by when we first heard of the call), strictly after the cursor when given. */
  listPage(companyId: string, page: { after?: CallCursor; limit: number }): Promise<StoredCall[]>;
  /** The appointments these calls made (booked or rescheduled by the phone agent), by start. */
  listAppointmentsOf(companyId: string, retellCallIds: string[]): Promise<CallAppointment[]>;
  /** Calls from or to the person's number (or linked to their customer id). */
  listForPerson(companyId: string, person: PersonKeys): Promise<StoredCall[]>;
  /** Blanks those calls' numbers that are the person's, their summaries and outcomes. */
  eraseForPerson(companyId: string, person: PersonKeys, at: string): Promise<number>;
}

export interface StoredCall extends CallRecord {
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
