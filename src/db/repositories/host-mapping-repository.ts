import type { Kysely, Selectable } from "kysely";
import type {
  HostMapping,
  HostMappingSnapshot,
  MappingAuditAction,
  MappingAuditEntry,
  MappingSource,
  MappingStatus,
} from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import { isUniqueViolation } from "../errors.ts";
import type { DB, HostMappingTable, MappingAuditTable } from "../tables.ts";
import { actorId, toActor } from "./actor-columns.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toMapping = (row: Selectable<HostMappingTable>): HostMapping => ({
  id: row.id,
  companyId: row.company_id,
  calcomUserId: row.calcom_user_id,
  staffId: row.staff_id,
  status: row.status as MappingStatus,
  source: row.source as MappingSource,
  confidence: row.confidence,
  reasonCode: row.reason_code,
  reasonText: row.reason_text,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toAudit = (row: Selectable<MappingAuditTable>): MappingAuditEntry => ({
  id: row.id,
  companyId: row.company_id,
  calcomUserId: row.calcom_user_id,
  staffId: row.staff_id,
  action: row.action as MappingAuditAction,
  before: row.before_json ? (JSON.parse(row.before_json) as HostMappingSnapshot) : null,
  after: row.after_json ? (JSON.parse(row.after_json) as HostMappingSnapshot) : null,
  actor: toActor(row.actor_type, row.actor_id),
  reason: row.reason,
  createdAt: row.created_at,
});

const activeStaffTaken = (_companyId: string, staffId: string) =>
  new ConflictError(`staff member ${staffId} is already mapped to another Cal.com host`);

export function createHostMappingRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "clock" | "newId">,
): HostMappingRepository {
  return {
    async list(companyId) {
      const rows = await db
        .selectFrom("host_mapping")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("calcom_user_id")
        .execute();
      return rows.map(toMapping);
    },

    async find(companyId, calcomUserId) {
      const row = await db
        .selectFrom("host_mapping")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("calcom_user_id", "=", calcomUserId)
        .executeTakeFirst();
      return row ? toMapping(row) : null;
    },

    async findActiveByStaff(companyId, staffId) {
      const row = await db
        .selectFrom("host_mapping")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("staff_id", "=", staffId)
        .where("status", "=", "active")
        .executeTakeFirst();
      return row ? toMapping(row) : null;
    },

    async insert(companyId, m) {
      const now = deps.clock.now().toISOString();
      try {
        const row = await db
          .insertInto("host_mapping")
          .values({
            id: deps.newId(),
            company_id: companyId,
            calcom_user_id: m.calcomUserId,
            staff_id: m.staffId,
            status: m.status,
            source: m.source,
            confidence: m.confidence,
            reason_code: m.reasonCode,
            reason_text: m.reasonText,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toMapping(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw m.status === "active"
            ? activeStaffTaken(companyId, m.staffId)
            : new ConflictError(`Cal.com user ${m.calcomUserId} is already mapped`);
        }
        throw error;
      }
    },

    async update(companyId, calcomUserId, m) {
      try {
        const row = await db
          .updateTable("host_mapping")
          .set({
            staff_id: m.staffId,
            status: m.status,
            source: m.source,
            confidence: m.confidence,
            reason_code: m.reasonCode,
            reason_text: m.reasonText,
            updated_at: deps.clock.now().toISOString(),
          })
          .where("company_id", "=", companyId)
          .where("calcom_user_id", "=", calcomUserId)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`Cal.com user ${calcomUserId} has no mapping`);
        return toMapping(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw activeStaffTaken(companyId, m.staffId);
        throw error;
      }
    },

    async delete(companyId, calcomUserId) {
      await db
        .deleteFrom("host_mapping")
        .where("company_id", "=", companyId)
        .where("calcom_user_id", "=", calcomUserId)
        .execute();
    },

    async addAudit(companyId, entries) {
      if (entries.length === 0) return;
      const now = deps.clock.now().toISOString();
      for (let i = 0; i < entries.length; i += 500) {
        await db
          .insertInto("mapping_audit")
          .values(
            entries.slice(i, i + 500).map((e) => ({
              id: deps.newId(),
              company_id: companyId,
              calcom_user_id: e.calcomUserId,
              staff_id: e.staffId,
              action: e.action,
              before_json: e.before ? JSON.stringify(e.before) : null,
              after_json: e.after ? JSON.stringify(e.after) : null,
              actor_type: e.actor.type,
              actor_id: actorId(e.actor),
              reason: e.reason,
              created_at: now,
            })),
          )
          .execute();
      }
    },

    async listAudit(companyId, filter) {
      let query = db.selectFrom("mapping_audit").selectAll().where("company_id", "=", companyId);
      if (filter.calcomUserId !== undefined)
        query = query.where("calcom_user_id", "=", filter.calcomUserId);
      if (filter.staffId !== undefined) query = query.where("staff_id", "=", filter.staffId);
      const rows = await query
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(filter.limit)
        .execute();
      return rows.map(toAudit);
    },

    async countAudit(companyId) {
      const row = await db
        .selectFrom("mapping_audit")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("company_id", "=", companyId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
