import type { Kysely, Selectable } from "kysely";
import type { PhoneNumber } from "../../domain/entities.ts";
import { ConflictError } from "../../domain/errors.ts";
import type { PhoneNumberRepository } from "../../domain/ports/company.ts";
import { isUniqueViolation } from "../errors.ts";
import type { DB, PhoneNumberTable } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toPhoneNumber = (row: Selectable<PhoneNumberTable>): PhoneNumber => ({
  id: row.id,
  companyId: row.company_id,
  number: row.number,
  label: row.label,
  createdAt: row.created_at,
});

export function createPhoneNumberRepository(
  db: Kysely<DB>,
  deps: Omit<RepositoryDeps, "secretBox">,
): PhoneNumberRepository {
  return {
    async add(companyId, number, label) {
      try {
        const row = await db
          .insertInto("phone_number")
          .values({
            id: deps.newId(),
            company_id: companyId,
            number,
            label,
            created_at: deps.clock.now().toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPhoneNumber(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`${number} is already routed`);
        throw error;
      }
    },

    async list(companyId) {
      const rows = await db
        .selectFrom("phone_number")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("number")
        .execute();
      return rows.map(toPhoneNumber);
    },

    async findByNumber(number) {
      const row = await db
        .selectFrom("phone_number")
        .selectAll()
        .where("number", "=", number)
        .executeTakeFirst();
      return row ? toPhoneNumber(row) : null;
    },

    async remove(companyId, number) {
      // The company id first, like every tenant write: another company's number is never touched.
      const result = await db
        .deleteFrom("phone_number")
        .where("company_id", "=", companyId)
        .where("number", "=", number)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
