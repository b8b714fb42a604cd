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
  find(companyId: string, retellCallId: string): Promise<CallRecord | null>;
  /** Calls from or to the person's number (or linked to their customer id). */
  listForPerson(companyId: string, person: PersonKeys): Promise<StoredCall[]>;
  /** Blanks those calls' numbers that are the person's, their summaries and outcomes. */
  eraseForPerson(companyId: string, person: PersonKeys, at: string): Promise<number>;
}

export interface StoredCall extends CallRecord {
  customerId: string | null;
  createdAt: string;
}
