import type { Kysely } from "kysely";
import type { ConsoleUserRepository } from "../../domain/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import type { DB } from "../tables.ts";
import { toUser } from "./user-repository.ts";

export function createConsoleUserRepository(
  db: Kysely<DB>,
  deps: { clock: Clock },
): ConsoleUserRepository {
  return {
    async findCredentials(email) {
      const row = await db
        .selectFrom("app_user")
        .selectAll()
        .where("email", "=", email)
        .executeTakeFirst();
      if (!row) return null;
      return { user: toUser(row), passwordHash: row.password_hash };
    },

    async setLocale(userId, locale) {
      await db
        .updateTable("app_user")
        .set({ locale, updated_at: deps.clock.now().toISOString() })
        .where("id", "=", userId)
        .execute();
    },

    async listEmails(userIds) {
      if (userIds.length === 0) return [];
      return db.selectFrom("app_user").select(["id", "email"]).where("id", "in", userIds).execute();
    },
  };
}
