import type { ConsoleRepositories } from "../../domain/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../connect.ts";
import { createConsoleDirectoryRepository } from "./console-directory-repository.ts";
import {
  createLoginAttemptRepository,
  createLoginLockoutRepository,
} from "./console-login-attempt-repository.ts";
import { createConsoleUserRepository } from "./console-user-repository.ts";
import { createSessionRepository } from "./session-repository.ts";

/** The admin console's repositories over the same database as the store. */
export function createConsoleStore(
  database: Pick<Database, "db">,
  deps: { clock: Clock },
): ConsoleRepositories {
  const { db } = database;
  return {
    consoleUsers: {
      ...createConsoleUserRepository(db, deps),
      async setPasswordHash(userId, passwordHash) {
        await db
          .updateTable("app_user")
          .set({ password_hash: passwordHash, updated_at: deps.clock.now().toISOString() })
          .where("id", "=", userId)
          .execute();
      },
    },
    sessions: createSessionRepository(db),
    loginAttempts: createLoginAttemptRepository(db),
    addressAttempts: createLoginAttemptRepository(db, {
      table: "login_address_attempt",
      key: "address",
    }),
    lockouts: createLoginLockoutRepository(db),
    directory: createConsoleDirectoryRepository(db),
  };
}
