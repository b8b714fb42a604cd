import type { Kysely, Selectable } from "kysely";
import type {
  BookabilityNotice,
  BookabilityProblem,
  BookingRefusal,
  Service,
} from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { isUniqueViolation, unlessReferenced } from "../errors.ts";
import type { DB, ServiceTable } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

/** The linked event type's bookability, read along with the service (null: not mirrored). */
export interface EventTypeBookabilityColumns {
  e_id: number | null;
  e_problems_json: string | null;
  e_notices_json: string | null;
}

export const toService = (
  row: Selectable<ServiceTable> & EventTypeBookabilityColumns,
): Service => ({
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
  bookability:
    row.e_id === null
      ? null
      : {
          problems: JSON.parse(row.e_problems_json ?? "[]") as BookabilityProblem[],
          notices: JSON.parse(row.e_notices_json ?? "[]") as BookabilityNotice[],
        },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createServiceRepository(
  db: Kysely<DB>,
  deps: Omit<RepositoryDeps, "secretBox">,
): ServiceRepository {
  /** Services with their event type's bookability: still one query. */
  const selectServices = (companyId: string) =>
    db
      .selectFrom("service as s")
      .leftJoin("calcom_event_type as e", (join) =>
        join
          .onRef("e.company_id", "=", "s.company_id")
          .onRef("e.event_type_id", "=", "s.calcom_event_type_id"),
      )
      .selectAll("s")
      .select([
        "e.event_type_id as e_id",
        "e.problems_json as e_problems_json",
        "e.notices_json as e_notices_json",
      ])
      .where("s.company_id", "=", companyId);

  /** After a write, which returns the service row alone. */
  async function withBookability(row: Selectable<ServiceTable>): Promise<Service> {
    const eventType =
      row.calcom_event_type_id === null
        ? undefined
        : await db
            .selectFrom("calcom_event_type")
            .select(["event_type_id", "problems_json", "notices_json"])
            .where("company_id", "=", row.company_id)
            .where("event_type_id", "=", row.calcom_event_type_id)
            .executeTakeFirst();
    return toService({
      ...row,
      e_id: eventType?.event_type_id ?? null,
      e_problems_json: eventType?.problems_json ?? null,
      e_notices_json: eventType?.notices_json ?? null,
    });
  }

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
        return await withBookability(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`a service named "${input.name}" already exists`);
        }
        throw error;
      }
    },

    async list(companyId) {
      const rows = await selectServices(companyId).orderBy("s.name").execute();
      return rows.map(toService);
    },

    async findById(companyId, serviceId) {
      const row = await selectServices(companyId).where("s.id", "=", serviceId).executeTakeFirst();
      return row ? toService(row) : null;
    },

    async delete(companyId, serviceId) {
      // Its booking attempts go with the row (foreign key on delete cascade); appointments hold it.
      await unlessReferenced(
        db
          .deleteFrom("service")
          .where("company_id", "=", companyId)
          .where("id", "=", serviceId)
          .execute(),
        "the service has appointments on record",
      );
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
        return await withBookability(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`a service named "${patch.name}" already exists`);
        throw error;
      }
    },

    async findByName(companyId, name) {
      const row = await selectServices(companyId).where("s.name", "=", name).executeTakeFirst();
      return row ? toService(row) : null;
    },

    async recordBookingProblem(companyId, serviceId, problem) {
      // Not a change an admin made: `updated_at` stays as it is. Clearing touches only a service
      // that has a problem, so the booking that clears it costs no write otherwise.
      let update = db
        .updateTable("service")
        .set({
          booking_problem_code: problem?.code ?? null,
          booking_problem_message: problem?.message ?? null,
          booking_problem_at: problem?.at ?? null,
        })
        .where("company_id", "=", companyId)
        .where("id", "=", serviceId);
      if (!problem) update = update.where("booking_problem_code", "is not", null);
      await update.execute();
    },
  };
}
