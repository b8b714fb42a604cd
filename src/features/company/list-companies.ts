import type { Company, User } from "../../domain/entities.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/** Every company (the CLI and platform reads). */
export function makeListCompanies(deps: { companies: Pick<CompanyRepository, "list"> }) {
  return (): Promise<Company[]> => deps.companies.list();
}

/** The companies a user may switch between: all for a platform admin, else their own. */
export function makeListVisibleCompanies(deps: {
  companies: Pick<CompanyRepository, "list" | "findById">;
}) {
  return async (user: User): Promise<Company[]> => {
    if (user.role === "platform_admin") return deps.companies.list();
    const own = user.companyId ? await deps.companies.findById(user.companyId) : null;
    return own ? [own] : [];
  };
}
