import type { Kysely, Selectable } from "kysely";
import type { Customer } from "../../domain/entities.ts";
import type { CustomerRepository } from "../../domain/ports/privacy.ts";
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
      // One statement, safe when two calls of the same caller race: a known caller keeps the name
      // and email on file, and only missing ones are filled in.
      const row = await db
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
        .onConflict((oc) =>
          oc.columns(["company_id", "phone"]).doUpdateSet((eb) => ({
            name: eb.fn.coalesce("customer.name", "excluded.name"),
            email: eb.fn.coalesce("customer.email", "excluded.email"),
            updated_at: eb
              .case()
              .when(
                eb.or([
                  eb.and([eb("customer.name", "is", null), eb("excluded.name", "is not", null)]),
                  eb.and([eb("customer.email", "is", null), eb("excluded.email", "is not", null)]),
                ]),
              )
              .then(eb.ref("excluded.updated_at"))
              .else(eb.ref("customer.updated_at"))
              .end(),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCustomer(row);
    },
    async delete(companyId, customerId) {
      await db
        .deleteFrom("customer")
        .where("company_id", "=", companyId)
        .where("id", "=", customerId)
        .execute();
    },
    async addErasureAudit(companyId, entry) {
      await db
        .insertInto("privacy_audit")
        .values({
          id: entry.id,
          company_id: companyId,
          action: "customer_erased",
          customer_id: entry.customerId,
          actor_type: entry.actorType,
          actor_id: entry.actorId,
          counts_json: JSON.stringify(entry.counts),
          created_at: entry.createdAt,
        })
        .execute();
    },
    async listErasureAudit(companyId, limit) {
      const rows = await db
        .selectFrom("privacy_audit")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("action", "=", "customer_erased")
        .orderBy("created_at", "desc")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        companyId: r.company_id,
        customerId: r.customer_id,
        actorType: r.actor_type,
        actorId: r.actor_id,
        counts: JSON.parse(r.counts_json) as Record<string, number>,
        createdAt: r.created_at,
      }));
    },
  };
}
