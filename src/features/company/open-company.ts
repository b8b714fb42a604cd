import { canSeeCompany } from "../../domain/auth.ts";
import type { Company, User } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/**
 * The company a console URL names, if this user may see it. Another tenant's company is "not
 * found", exactly like one that does not exist: the console never confirms that it exists.
 */
export function makeOpenCompany(deps: { companies: Pick<CompanyRepository, "findById"> }) {
  return async (user: User, companyId: string): Promise<Company> => {
    const company = canSeeCompany(user, companyId)
      ? await deps.companies.findById(companyId)
      : null;
    if (!company) throw new NotFoundError("no such company");
    return company;
  };
}
