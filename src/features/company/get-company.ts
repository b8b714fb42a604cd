import type { Company } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

export function makeGetCompany(deps: {
  companies: Pick<CompanyRepository, "findBySlug" | "findById">;
  /** A few seconds' copy (the call directory), read unless `fresh` is asked for. */
  recent?: Pick<CompanyRepository, "findBySlug">;
}) {
  return {
    async bySlug(slug: string, options: { fresh?: boolean } = {}): Promise<Company> {
      const source = options.fresh ? deps.companies : (deps.recent ?? deps.companies);
      const company = await source.findBySlug(slug.trim());
      if (!company)
        throw new NotFoundError(`no company with the slug "${slug}" (see: frontdesk company list)`);
      return company;
    },
    async byId(companyId: string): Promise<Company> {
      const company = await deps.companies.findById(companyId);
      if (!company) throw new NotFoundError(`no company with the id "${companyId}"`);
      return company;
    },
  };
}
