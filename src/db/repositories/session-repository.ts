import type { Kysely } from "kysely";
import type { Locale, UserRole } from "../../domain/entities.ts";
import type { SessionRepository } from "../../domain/ports/auth.ts";
import type { DB } from "../tables.ts";

export function createSessionRepository(db: Kysely<DB>): SessionRepository {
  return {
    async create(session) {
      await db
        .insertInto("session")
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          expires_at: session.expiresAt,
          created_at: session.createdAt,
        })
        .execute();
    },

    async findLive(idHash, now) {
      const row = await db
        .selectFrom("session as s")
        .innerJoin("app_user as u", "u.id", "s.user_id")
        .select([
          "s.id_hash",
          "s.user_id",
          "s.csrf_token",
          "s.expires_at",
          "s.created_at",
          "u.email",
          "u.role",
          "u.company_id",
          "u.locale",
          "u.created_at as user_created_at",
        ])
        .where("s.id_hash", "=", idHash)
        .where("s.expires_at", ">", now)
        // A disabled login has no live session, even one made while it was being disabled.
        .where("u.disabled_at", "is", null)
        .executeTakeFirst();
      if (!row) return null;
      return {
        session: {
          idHash: row.id_hash,
          userId: row.user_id,
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
          createdAt: row.created_at,
        },
        user: {
          id: row.user_id,
          email: row.email,
          role: row.role as UserRole,
          companyId: row.company_id,
          locale: row.locale as Locale | null,
          createdAt: row.user_created_at,
        },
      };
    },

    async delete(idHash) {
      await db.deleteFrom("session").where("id_hash", "=", idHash).execute();
    },

    async deleteExpired(now) {
      await db.deleteFrom("session").where("expires_at", "<=", now).execute();
    },

    async deleteForUser(userId) {
      await db.deleteFrom("session").where("user_id", "=", userId).execute();
    },
  };
}
