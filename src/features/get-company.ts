import type { Company } from "../domain/entities.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { CompanyRepository } from "../domain/ports.ts";

export function makeGetCompany(deps: {
  companies: Pick<CompanyRepository, "findBySlug" | "findById">;
}) {
  return {
    async bySlug(slug: string): Promise<Company> {
      const company = await deps.companies.findBySlug(slug.trim());
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
