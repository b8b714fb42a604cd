import type { Kysely } from "kysely";
import type { RetellAgentRepository } from "../../domain/ports/company.ts";
import type { DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

export function createRetellAgentRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "clock" | "newId">,
): RetellAgentRepository {
  return {
    async findByAgentId(agentId) {
      const row = await db
        .selectFrom("retell_agent")
        .select("company_id")
        .where("agent_id", "=", agentId)
        .executeTakeFirst();
      return row ? { companyId: row.company_id } : null;
    },
    async add(companyId, agentId) {
      await db
        .insertInto("retell_agent")
        .values({
          id: deps.newId(),
          company_id: companyId,
          agent_id: agentId,
          created_at: deps.clock.now().toISOString(),
        })
        .execute();
    },
  };
}
