import type { Staff, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

/** One staff member of the company; another company's id is not found, like an unknown one. */
export function makeGetStaff(deps: { staff: Pick<StaffRepository, "findById"> }) {
  return async (ctx: TenantContext, staffId: string): Promise<Staff> => {
    const staff = await deps.staff.findById(ctx.company.id, staffId);
    if (!staff) throw new NotFoundError(`staff member ${staffId} not found`);
    return staff;
  };
}
