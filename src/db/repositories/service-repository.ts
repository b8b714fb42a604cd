import type { Kysely, Selectable } from "kysely";
import type { BookingRefusal, Service } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ServiceRepository } from "../../domain/ports.ts";
import { isUniqueViolation } from "../errors.ts";
import type { DB, ServiceTable } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

export const toService = (row: Selectable<ServiceTable>): Service => ({
  id: row.id,
  companyId: row.company_id,
  name: row.name,
  durationMinutes: row.duration_minutes,
  priceCents: row.price_cents,
  active: Boolean(row.active),
  calcomEventTypeId: row.calcom_event_type_id,
  bookingProblem:
    row.booking_problem_code && row.booking_problem_at
      ? {
          code: row.booking_problem_code as BookingRefusal,
          message: row.booking_problem_message ?? "",
          at: row.booking_problem_at,
        }
      : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createServiceRepository(
  db: Kysely<DB>,
  deps: Omit<RepositoryDeps, "secretBox">,
): ServiceRepository {
  return {
    async create(companyId, input) {
      const now = deps.clock.now().toISOString();
      try {
        const row = await db
          .insertInto("service")
          .values({
            id: deps.newId(),
            company_id: companyId,
            name: input.name,
            duration_minutes: input.durationMinutes,
            price_cents: input.priceCents,
            active: true,
            calcom_event_type_id: input.calcomEventTypeId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toService(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`a service named "${input.name}" already exists`);
        }
        throw error;
      }
    },

    async list(companyId) {
      const rows = await db
        .selectFrom("service")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("name")
        .execute();
      return rows.map(toService);
    },

    async findById(companyId, serviceId) {
      const row = await db
        .selectFrom("service")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("id", "=", serviceId)
        .executeTakeFirst();
      return row ? toService(row) : null;
    },

    async update(companyId, serviceId, patch) {
      try {
        const row = await db
          .updateTable("service")
          .set({
            name: patch.name,
            duration_minutes: patch.durationMinutes,
            price_cents: patch.priceCents,
            active: patch.active,
            calcom_event_type_id: patch.calcomEventTypeId,
            updated_at: deps.clock.now().toISOString(),
          })
          .where("company_id", "=", companyId)
          .where("id", "=", serviceId)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`service ${serviceId} not found`);
        return toService(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`a service named "${patch.name}" already exists`);
        throw error;
      }
    },

    async findByName(companyId, name) {
      const row = await db
        .selectFrom("service")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("name", "=", name)
        .executeTakeFirst();
      return row ? toService(row) : null;
    },
  };
}
