import type { Company } from "../domain/entities.ts";
import type { CompanyRepository } from "../domain/ports.ts";

export function makeListCompanies(deps: { companies: Pick<CompanyRepository, "list"> }) {
  return (): Promise<Company[]> => deps.companies.list();
}
