import type { Staff, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";
import { parseStaffFile, type StaffRow } from "../../domain/staff-import.ts";

export interface ImportStaffInput {
  text: string;
  format: "csv" | "json";
}

export interface ImportStaffResult {
  created: number;
  updated: number;
  unchanged: number;
  staff: Staff[];
}

/**
 * Imports staff all or nothing: every row is validated first, and the writes run in one
 * transaction. A row updates the existing staff member with the same email, or, for rows
 * without email, the one with the same name; everything else is created.
 */
export function makeImportStaff(deps: { store: Pick<Store, "transaction"> }) {
  return async (ctx: TenantContext, input: ImportStaffInput): Promise<ImportStaffResult> => {
    const parsed = parseStaffFile(input.text, input.format, ctx.company.country);
    if (!parsed.ok) {
      const n = parsed.issues.length;
      throw new ValidationError(
        `the file has ${n} problem${n === 1 ? "" : "s"}; nothing was imported`,
        parsed.issues,
      );
    }

    return deps.store.transaction(async (tx) => {
      const companyId = ctx.company.id;
      const existing = await tx.staff.list(companyId);
      const byEmail = new Map(existing.filter((s) => s.email).map((s) => [s.email, s]));
      const byName = new Map(
        existing.filter((s) => !s.email).map((s) => [s.name.toLowerCase(), s]),
      );
      const claimed = new Set<string>();

      const toCreate: StaffRow[] = [];
      const result: ImportStaffResult = { created: 0, updated: 0, unchanged: 0, staff: [] };
      for (const row of parsed.rows) {
        const match =
          (row.email ? byEmail.get(row.email) : undefined) ?? byName.get(row.name.toLowerCase());
        if (!match || claimed.has(match.id)) {
          toCreate.push(row);
          continue;
        }
        claimed.add(match.id);
        const same =
          match.name === row.name &&
          match.email === row.email &&
          match.phone === row.phone &&
          match.active === row.active;
        if (same) {
          result.unchanged++;
          result.staff.push(match);
        } else {
          result.updated++;
          result.staff.push(await tx.staff.update(companyId, match.id, row));
        }
      }
      const created = await tx.staff.insert(companyId, toCreate);
      result.created = created.length;
      result.staff.push(...created);
      return result;
    });
  };
}
