import type { Staff, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";
import { planStaffImport, readStaffFile, type StaffFile } from "../../domain/staff-import.ts";
import { staffFileDigest } from "./preview-staff-import.ts";

export type ImportStaffInput = StaffFile & {
  /** The digest a preview showed: the import refuses any other file (see preview-staff-import.ts). */
  sha256?: string;
};

export interface ImportStaffResult {
  created: number;
  updated: number;
  unchanged: number;
  staff: Staff[];
}

/**
 * Imports staff all or nothing: the file is decoded (UTF-8 or Windows-1252) and every row
 * validated first, and the writes run in one transaction. Which row updates whom is
 * `planStaffImport`'s rule, the same one the preview shows.
 */
export function makeImportStaff(deps: { store: Pick<Store, "transaction"> }) {
  return async (ctx: TenantContext, input: ImportStaffInput): Promise<ImportStaffResult> => {
    const file = readStaffFile(input, ctx.company.country);
    if (file.issues.length > 0) {
      const n = file.issues.length;
      throw new ValidationError(
        `the file has ${n} problem${n === 1 ? "" : "s"}; nothing was imported`,
        file.issues,
      );
    }
    if (input.sha256 !== undefined && staffFileDigest(file.text ?? "") !== input.sha256) {
      throw new ValidationError("the file is not the one previewed; nothing was imported", [
        { where: "file", message: "upload it again and check the new preview" },
      ]);
    }

    return deps.store.transaction(async (tx) => {
      const companyId = ctx.company.id;
      const plan = planStaffImport(await tx.staff.list(companyId), file.rows);
      const result: ImportStaffResult = { created: 0, updated: 0, unchanged: 0, staff: [] };
      for (const { row, change, current } of plan) {
        if (change === "unchanged" && current) {
          result.unchanged++;
          result.staff.push(current);
        } else if (change === "changed" && current) {
          result.updated++;
          result.staff.push(await tx.staff.update(companyId, current.id, row));
        }
      }
      const created = await tx.staff.insert(
        companyId,
        plan.filter((p) => p.change === "new").map((p) => p.row),
      );
      result.created = created.length;
      result.staff.push(...created);
      return result;
    });
  };
}
