import type { TenantContext } from "../../domain/entities.ts";
import type { ApiAuditEntry, ApiAuditRepository } from "../../domain/ports/api-tokens.ts";

/** The writes made with tokens in the company (refused ones too), newest first: one query. */
export function makeListApiAudit(deps: { apiAudit: Pick<ApiAuditRepository, "list"> }) {
  return (ctx: TenantContext, limit = 100): Promise<ApiAuditEntry[]> =>
    deps.apiAudit.list(ctx.company.id, Math.min(limit, 500));
}
