import type { Kysely, Selectable } from "kysely";
import type { Customer } from "../../domain/entities.ts";
import type { CustomerRepository } from "../../domain/ports.ts";
import type { CustomerTable, DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toCustomer = (r: Selectable<CustomerTable>): Customer => ({
  id: r.id,
  companyId: r.company_id,
  name: r.name,
  phone: r.phone,
  email: r.email,
});

export function createCustomerRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "clock" | "newId">,
): CustomerRepository {
  const byPhone = (companyId: string, phone: string) =>
    db
      .selectFrom("customer")
      .selectAll()
      .where("company_id", "=", companyId)
      .where("phone", "=", phone)
      .executeTakeFirst();
  return {
    async findByPhone(companyId, phone) {
      const row = await byPhone(companyId, phone);
      return row ? toCustomer(row) : null;
    },
    async findById(companyId, id) {
      const row = await db
        .selectFrom("customer")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toCustomer(row) : null;
    },
    async listByIds(companyId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom("customer")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("id", "in", ids)
        .execute();
      return rows.map(toCustomer);
    },
    async upsertByPhone(companyId, input) {
      const now = deps.clock.now().toISOString();
      // Insert-or-ignore, then read: safe when two calls of the same caller race.
      await db
        .insertInto("customer")
        .values({
          id: deps.newId(),
          company_id: companyId,
          name: input.name,
          phone: input.phone,
          email: input.email,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["company_id", "phone"]).doNothing())
        .execute();
      const row = (await byPhone(companyId, input.phone))!;
      if ((!row.name && input.name) || (!row.email && input.email)) {
        const updated = await db
          .updateTable("customer")
          .set({ name: row.name ?? input.name, email: row.email ?? input.email, updated_at: now })
          .where("company_id", "=", companyId)
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCustomer(updated);
      }
      return toCustomer(row);
    },
  };
}
