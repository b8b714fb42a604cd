import type { Customer } from "../entities.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

/** What identifies one person within a company: their E.164 phone, customer id, known emails. */
export interface PersonKeys {
  phone: string;
  customerId: string | null;
  /** Lower-case. */
  emails: string[];
}

/** One erasure as the audit keeps it: who, which customer id, when, and how many rows. */
export interface ErasureAuditEntry {
  id: string;
  companyId: string;
  customerId: string | null;
  actorType: string;
  actorId: string | null;
  counts: Record<string, number>;
  createdAt: string;
}

export interface CustomerRepository {
  findByPhone(companyId: string, phone: string): Promise<Customer | null>;
  findById(companyId: string, customerId: string): Promise<Customer | null>;
  listByIds(companyId: string, customerIds: string[]): Promise<Customer[]>;
  /** Creates the customer or fills in a missing name/email; the phone is the key. */
  upsertByPhone(
    companyId: string,
    input: { phone: string; name: string | null; email: string | null },
  ): Promise<Customer>;
  /** Removes the customer row (callers first unlink appointments and calls). */
  delete(companyId: string, customerId: string): Promise<void>;
  /** Writes the audit row of an erasure (no personal data in it). */
  addErasureAudit(companyId: string, entry: Omit<ErasureAuditEntry, "companyId">): Promise<void>;
  listErasureAudit(companyId: string, limit: number): Promise<ErasureAuditEntry[]>;
}
