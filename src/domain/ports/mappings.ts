import type { HostMapping, MappingAuditEntry } from "../entities.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export type NewHostMapping = Omit<HostMapping, "id" | "companyId" | "createdAt" | "updatedAt">;

export interface HostMappingRepository {
  list(companyId: string): Promise<HostMapping[]>;
  find(companyId: string, calcomUserId: number): Promise<HostMapping | null>;
  /** The active mapping that holds this staff member, if any. */
  findActiveByStaff(companyId: string, staffId: string): Promise<HostMapping | null>;
  insert(companyId: string, mapping: NewHostMapping): Promise<HostMapping>;
  update(companyId: string, calcomUserId: number, mapping: NewHostMapping): Promise<HostMapping>;
  delete(companyId: string, calcomUserId: number): Promise<void>;
  addAudit(
    companyId: string,
    entries: Omit<MappingAuditEntry, "id" | "companyId" | "createdAt">[],
  ): Promise<void>;
  listAudit(
    companyId: string,
    filter: { calcomUserId?: number; staffId?: string; limit: number },
  ): Promise<MappingAuditEntry[]>;
  countAudit(companyId: string): Promise<number>;
}
