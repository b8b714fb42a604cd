import type { Staff, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import { checkStaffValues } from "../../domain/staff-import.ts";

export interface StaffFields {
  name?: unknown;
  email?: unknown;
  phone?: unknown;
  active?: unknown;
}

/** Checks one staff member's fields by the staff file's rules; every problem at once. */
export function checkStaffFields(ctx: TenantContext, fields: StaffFields) {
  const { row, issues } = checkStaffValues("form", fields, ctx.company.country);
  if (!row) throw new ValidationError("the staff member was not saved", issues);
  const { where: _, ...values } = row;
  return values;
}

/**
 * Adds one staff member. An email another staff member of the company has is a conflict (the
 * unique key decides, so two parallel submits create one).
 */
export function makeAddStaff(deps: { staff: Pick<StaffRepository, "insert"> }) {
  return async (ctx: TenantContext, fields: StaffFields): Promise<Staff> => {
    const [created] = await deps.staff.insert(ctx.company.id, [checkStaffFields(ctx, fields)]);
    return created!;
  };
}
