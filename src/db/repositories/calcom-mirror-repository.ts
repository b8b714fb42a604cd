import type { Kysely, Selectable } from "kysely";
import type { CalcomEventType, SchedulingType } from "../../domain/entities.ts";
import type { CalcomMirrorRepository } from "../../domain/ports.ts";
import type { CalcomEventTypeTable, DB } from "../tables.ts";

const toEventType = (row: Selectable<CalcomEventTypeTable>): CalcomEventType => ({
  companyId: row.company_id,
  eventTypeId: row.event_type_id,
  title: row.title,
  slug: row.slug,
  lengthInMinutes: row.length_in_minutes,
  schedulingType: row.scheduling_type as SchedulingType,
  hidden: Boolean(row.hidden),
  removedAt: row.removed_at,
  syncedAt: row.synced_at,
});

export function createCalcomMirrorRepository(db: Kysely<DB>): CalcomMirrorRepository {
  return {
    async listEventTypes(companyId) {
      const rows = await db
        .selectFrom("calcom_event_type")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("title")
        .execute();
      return rows.map(toEventType);
    },

    async findEventType(companyId, eventTypeId) {
      const row = await db
        .selectFrom("calcom_event_type")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("event_type_id", "=", eventTypeId)
        .executeTakeFirst();
      return row ? toEventType(row) : null;
    },
  };
}
