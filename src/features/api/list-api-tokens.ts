import type { ApiToken, ApiTokenRepository } from "../../domain/ports/api-tokens.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import { assertMayManage, type TokenManager } from "./token-owner.ts";

/** The tokens of a company (null: the platform's), newest first, revoked ones included. */
export function makeListApiTokens(deps: {
  apiTokens: Pick<ApiTokenRepository, "list">;
  companies: Pick<CompanyRepository, "findById">;
}) {
  return async (manager: TokenManager, companyId: string | null): Promise<ApiToken[]> => {
    await assertMayManage(deps, manager, companyId);
    return deps.apiTokens.list(companyId);
  };
}
