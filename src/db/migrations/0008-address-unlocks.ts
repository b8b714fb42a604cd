import type { Kysely } from "kysely";
import type { Engine } from "../connect.ts";

/**
 * Early unlocks of a client address beside those of an email address: the same audit table,
 * with `kind` saying which one `email_key` holds ("email", the rows before this migration, or
 * "address").
 */
export function addressUnlocksMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable("login_unlock_audit")
        .addColumn("kind", "text", (c) => c.notNull().defaultTo("email"))
        .execute();
    },
  };
}
