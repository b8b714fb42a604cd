import type { TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { ApiToken } from "../../domain/ports/api-tokens.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/**
 * The tenant a `/companies/{companyId}/…` request works in, acting as its token. A company
 * token naming another company gets the same "not found" as an id that does not exist, so a
 * token never learns which other companies there are.
 */
export function makeOpenApiCompany(deps: { companies: Pick<CompanyRepository, "findById"> }) {
  return async (token: ApiToken, companyId: string): Promise<TenantContext> => {
    const company =
      token.companyId === null || token.companyId === companyId
        ? await deps.companies.findById(companyId)
        : null;
    if (!company) throw new NotFoundError(`no company ${companyId}`);
    return { company, actor: { type: "token", tokenId: token.id } };
  };
}
