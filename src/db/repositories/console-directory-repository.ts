import type { Kysely } from "kysely";
import type { ConsoleDirectoryRepository, DirectoryHost } from "../../domain/auth.ts";
import type { DB } from "../tables.ts";

export function createConsoleDirectoryRepository(db: Kysely<DB>): ConsoleDirectoryRepository {
  return {
    async listHosts(companyId) {
      // Members carry the fuller profile; host rows cover anyone listed on an event type only.
      const rows = await db
        .selectFrom("calcom_member")
        .select(["calcom_user_id", "name", "username", "avatar_url"])
        .select((eb) => eb.val(0).as("rank"))
        .where("company_id", "=", companyId)
        .unionAll(
          db
            .selectFrom("calcom_event_type_host")
            .select(["calcom_user_id", "name", "username", "avatar_url"])
            .select((eb) => eb.val(1).as("rank"))
            .where("company_id", "=", companyId),
        )
        .orderBy("rank")
        .execute();
      const hosts = new Map<number, DirectoryHost>();
      for (const r of rows) {
        const known = hosts.get(r.calcom_user_id);
        hosts.set(r.calcom_user_id, {
          calcomUserId: r.calcom_user_id,
          name: known?.name || r.name || null,
          username: known?.username || r.username || null,
          avatarUrl: known?.avatarUrl || r.avatar_url || null,
        });
      }
      return [...hosts.values()];
    },
  };
}
