import type { TenantContext } from "../../domain/entities.ts";
import type { UserRepository } from "../../domain/ports/auth.ts";
import type { CompanyAuditEntry, CompanyRepository } from "../../domain/ports/company.ts";

export interface SettingsAuditTrail {
  entries: CompanyAuditEntry[];
  userEmails: Map<string, string>;
}

/** The company's settings changes (which settings, never their values), newest first: two queries. */
export function makeListSettingsAudit(deps: {
  companies: Pick<CompanyRepository, "listAudit">;
  users: Pick<UserRepository, "listEmails">;
}) {
  return async (ctx: TenantContext, limit = 100): Promise<SettingsAuditTrail> => {
    const entries = await deps.companies.listAudit(ctx.company.id, Math.min(limit, 500));
    const userIds = [
      ...new Set(entries.flatMap((e) => (e.actor.type === "user" ? [e.actor.userId] : []))),
    ];
    const users = userIds.length > 0 ? await deps.users.listEmails(userIds) : [];
    return { entries, userEmails: new Map(users.map((u) => [u.id, u.email])) };
  };
}
