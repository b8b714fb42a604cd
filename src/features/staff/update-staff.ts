import type { Staff, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import { checkStaffFields, type StaffFields } from "./add-staff.ts";

/**
 * Changes a staff member's details or active flag; a field left out keeps its value, so
 * deactivating sends only `active`. Another company's staff id is not found.
 */
export function makeUpdateStaff(deps: { staff: Pick<StaffRepository, "findById" | "update"> }) {
  return async (ctx: TenantContext, staffId: string, fields: StaffFields): Promise<Staff> => {
    const current = await deps.staff.findById(ctx.company.id, staffId);
    if (!current) throw new NotFoundError(`staff member ${staffId} not found`);
    const keep = <K extends keyof StaffFields>(k: K, v: unknown) =>
      fields[k] === undefined ? v : fields[k];
    const values = checkStaffFields(ctx, {
      name: keep("name", current.name),
      email: keep("email", current.email),
      phone: keep("phone", current.phone),
      active: keep("active", current.active),
    });
    return deps.staff.update(ctx.company.id, staffId, values);
  };
}
