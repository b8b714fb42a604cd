import { createHash } from "node:crypto";
import type { TenantContext } from "../../domain/entities.ts";
import type { InputIssue } from "../../domain/errors.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import {
  type PlannedStaffRow,
  planStaffImport,
  readStaffFile,
  type StaffFile,
} from "../../domain/staff-import.ts";
import type { TextEncoding } from "../../domain/text-encoding.ts";

/** The digest that ties an import to the file its preview showed. */
export const staffFileDigest = (text: string) =>
  createHash("sha256").update(text, "utf8").digest("hex");

export interface StaffImportPreview {
  format: "csv" | "json";
  /** The decoded file (null when its encoding was refused): what an import must send back. */
  text: string | null;
  sha256: string | null;
  encoding: TextEncoding | null;
  rows: PlannedStaffRow[];
  /** Problems with line numbers; an import of this file is refused while there are any. */
  issues: InputIssue[];
}

/**
 * What importing a file would do, without doing it: each valid row as new, changed or unchanged
 * (the import's own rule), and every problem. One query.
 */
export function makePreviewStaffImport(deps: { staff: Pick<StaffRepository, "list"> }) {
  return async (ctx: TenantContext, input: StaffFile): Promise<StaffImportPreview> => {
    const file = readStaffFile(input, ctx.company.country);
    const existing = file.rows.length > 0 ? await deps.staff.list(ctx.company.id) : [];
    return {
      format: input.format,
      text: file.text,
      sha256: file.text === null ? null : staffFileDigest(file.text),
      encoding: file.encoding,
      rows: planStaffImport(existing, file.rows),
      issues: file.issues,
    };
  };
}
