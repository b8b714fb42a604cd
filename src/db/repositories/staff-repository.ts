import type { Kysely, Selectable } from "kysely";
import type { Staff } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import { isUniqueViolation, unlessReferenced } from "../errors.ts";
import type { DB, StaffTable } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toStaff = (row: Selectable<StaffTable>): Staff => ({
  id: row.id,
  companyId: row.company_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  active: Boolean(row.active),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The key (company_id, email) refused a write: two staff members of a company share no email. */
const emailTaken = () => new ConflictError("another staff member already has this email address");

async function unlessEmailTaken<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

// SQLite allows 32,766 bound parameters per statement; 8 columns × 500 rows stays well below.
const insertChunk = 500;

export function createStaffRepository(
  db: Kysely<DB>,
  deps: Omit<RepositoryDeps, "secretBox">,
): StaffRepository {
  return {
    async list(companyId) {
      const rows = await db
        .selectFrom("staff")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("name")
        .orderBy("id")
        .execute();
      return rows.map(toStaff);
    },

    async delete(companyId, staffId) {
      // Host mappings go with the row (foreign key on delete cascade); appointments hold it.
      await unlessReferenced(
        db
          .deleteFrom("staff")
          .where("company_id", "=", companyId)
          .where("id", "=", staffId)
          .execute(),
        "the staff member has appointments on record",
      );
    },

    async findById(companyId, staffId) {
      const row = await db
        .selectFrom("staff")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("id", "=", staffId)
        .executeTakeFirst();
      return row ? toStaff(row) : null;
    },

    async insert(companyId, inputs) {
      const now = deps.clock.now().toISOString();
      const created: Staff[] = [];
      for (let i = 0; i < inputs.length; i += insertChunk) {
        const values = inputs.slice(i, i + insertChunk).map((s) => ({
          id: deps.newId(),
          company_id: companyId,
          name: s.name,
          email: s.email,
          phone: s.phone,
          active: s.active,
          created_at: now,
          updated_at: now,
        }));
        const rows = await unlessEmailTaken(
          db.insertInto("staff").values(values).returningAll().execute(),
        );
        created.push(...rows.map(toStaff));
      }
      return created;
    },

    async update(companyId, staffId, patch) {
      const row = await unlessEmailTaken(
        db
          .updateTable("staff")
          .set({
            name: patch.name,
            email: patch.email,
            phone: patch.phone,
            active: patch.active,
            updated_at: deps.clock.now().toISOString(),
          })
          .where("company_id", "=", companyId)
          .where("id", "=", staffId)
          .returningAll()
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError(`staff member ${staffId} not found`);
      return toStaff(row);
    },
  };
}
