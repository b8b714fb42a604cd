import type { Kysely, Selectable } from "kysely";
import type { UserRole } from "../../domain/entities.ts";
import type {
  UserAuditEntry,
  UserAuditRepository,
  UserToken,
  UserTokenRepository,
} from "../../domain/ports/auth.ts";
import type { DB, UserTokenTable } from "../tables.ts";

const toToken = (row: Selectable<UserTokenTable>): UserToken => ({
  idHash: row.id_hash,
  kind: row.kind as UserToken["kind"],
  email: row.email,
  role: row.role as UserRole,
  companyId: row.company_id,
  userId: row.user_id,
  expiresAt: row.expires_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export function createUserTokenRepository(db: Kysely<DB>): UserTokenRepository {
  return {
    async create(token) {
      await db
        .insertInto("user_token")
        .values({
          id_hash: token.idHash,
          kind: token.kind,
          email: token.email,
          role: token.role,
          company_id: token.companyId,
          user_id: token.userId,
          expires_at: token.expiresAt,
          used_at: null,
          created_by: token.createdBy,
          created_at: token.createdAt,
        })
        .execute();
    },

    async findUsable(idHash, kind, now) {
      const row = await db
        .selectFrom("user_token")
        .selectAll()
        .where("id_hash", "=", idHash)
        .where("kind", "=", kind)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async consume(idHash, kind, now) {
      // One conditional update: of two parallel uses, exactly one gets the row back.
      const row = await db
        .updateTable("user_token")
        .set({ used_at: now })
        .where("id_hash", "=", idHash)
        .where("kind", "=", kind)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async deleteSpent(now) {
      const result = await db
        .deleteFrom("user_token")
        .where((eb) => eb.or([eb("used_at", "is not", null), eb("expires_at", "<=", now)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function createUserAuditRepository(db: Kysely<DB>): UserAuditRepository {
  return {
    async record(entry) {
      await db
        .insertInto("user_audit")
        .values({
          id: entry.id,
          actor_user_id: entry.actorUserId,
          actor_email: entry.actorEmail,
          action: entry.action,
          target_email: entry.targetEmail,
          at: entry.at,
        })
        .execute();
    },

    async list(limit) {
      const rows = await db
        .selectFrom("user_audit")
        .selectAll()
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        actorUserId: row.actor_user_id,
        actorEmail: row.actor_email,
        action: row.action as UserAuditEntry["action"],
        targetEmail: row.target_email,
        at: row.at,
      }));
    },
  };
}
