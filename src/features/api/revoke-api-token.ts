import { NotFoundError } from "../../domain/errors.ts";
import type { ApiTokenRepository } from "../../domain/ports/api-tokens.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { Clock } from "../../platform/clock.ts";
import { assertMayManage, type TokenManager } from "./token-owner.ts";

/** Revokes a token at once (the next request with it is refused); revoking twice is not found. */
export function makeRevokeApiToken(deps: {
  apiTokens: Pick<ApiTokenRepository, "revoke">;
  companies: Pick<CompanyRepository, "findById">;
  clock: Clock;
}) {
  return async (manager: TokenManager, companyId: string | null, tokenId: string) => {
    await assertMayManage(deps, manager, companyId);
    const revoked = await deps.apiTokens.revoke(companyId, tokenId, deps.clock.now().toISOString());
    if (!revoked) throw new NotFoundError(`no live token ${tokenId}`);
  };
}
