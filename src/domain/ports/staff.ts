import type { Staff } from "../entities.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface StaffUpsert {
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface StaffRepository {
  list(companyId: string): Promise<Staff[]>;
  findById(companyId: string, staffId: string): Promise<Staff | null>;
  insert(companyId: string, rows: StaffUpsert[]): Promise<Staff[]>;
  update(companyId: string, staffId: string, patch: StaffUpsert): Promise<Staff>;
  /** Removes the staff member and, with them, any host mapping naming them. */
  delete(companyId: string, staffId: string): Promise<void>;
}
