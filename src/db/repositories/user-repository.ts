import type { Kysely, Selectable } from "kysely";
import type { Locale, User, UserRole } from "../../domain/entities.ts";
import { ConflictError } from "../../domain/errors.ts";
import type { UserRepository } from "../../domain/ports/auth.ts";
import { isUniqueViolation } from "../errors.ts";
import type { AppUserTable, DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toUser = (row: Selectable<AppUserTable>): User => ({
  id: row.id,
  email: row.email,
  role: row.role as UserRole,
  companyId: row.company_id,
  locale: row.locale as Locale | null,
  createdAt: row.created_at,
});

const toManaged = (row: Selectable<AppUserTable>) => ({
  user: toUser(row),
  disabledAt: row.disabled_at ?? null,
  lastLoginAt: row.last_login_at ?? null,
});

export function createUserRepository(
  db: Kysely<DB>,
  deps: Omit<RepositoryDeps, "secretBox">,
): UserRepository {
  return {
    async create(input) {
      const now = deps.clock.now().toISOString();
      try {
        const row = await db
          .insertInto("app_user")
          .values({
            id: deps.newId(),
            email: input.email,
            password_hash: input.passwordHash,
            role: input.role,
            company_id: input.companyId,
            locale: null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`a user ${input.email} already exists`);
        throw error;
      }
    },

    async findByEmail(email) {
      const row = await db
        .selectFrom("app_user")
        .selectAll()
        .where("email", "=", email)
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async findCredentials(email) {
      const row = await db
        .selectFrom("app_user")
        .selectAll()
        .where("email", "=", email)
        .executeTakeFirst();
      if (!row) return null;
      return {
        user: toUser(row),
        passwordHash: row.password_hash,
        disabledAt: row.disabled_at ?? null,
      };
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

    async setPasswordHash(userId, passwordHash) {
      await db
        .updateTable("app_user")
        .set({ password_hash: passwordHash, updated_at: deps.clock.now().toISOString() })
        .where("id", "=", userId)
        .execute();
    },

    async recordLogin(userId, at) {
      // Not updated_at: that says when the login's settings changed.
      await db
        .updateTable("app_user")
        .set({ last_login_at: at })
        .where("id", "=", userId)
        .execute();
    },

    async listAll() {
      const rows = await db.selectFrom("app_user").selectAll().orderBy("email").execute();
      return rows.map(toManaged);
    },

    async findManaged(userId) {
      const row = await db
        .selectFrom("app_user")
        .selectAll()
        .where("id", "=", userId)
        .executeTakeFirst();
      return row ? toManaged(row) : null;
    },

    async setDisabled(userId, disabledAt) {
      const result = await db
        .updateTable("app_user")
        .set({ disabled_at: disabledAt, updated_at: deps.clock.now().toISOString() })
        .where("id", "=", userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
