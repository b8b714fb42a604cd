import type { Actor, Company } from "../../domain/entities.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/**
 * Something saved that works but is likely a mistake. `calcom_team_shared`: another company is
 * wired to the same Cal.com team (base URL and team id), so both mirror, book and hear the
 * webhooks of one team.
 */
export interface CompanyWarning {
  code: "calcom_team_shared";
  baseUrl: string;
  teamId: number;
  /** The other companies' slugs, for the operator (CLI) only: a company admin never sees them. */
  otherCompanies?: string[];
}

/** What a create or update of a company returns: the company, and what deserves a second look. */
export type SavedCompany = Company & { warnings: CompanyWarning[] };

/** The warnings for a company wired (now) to this Cal.com team. */
export async function calcomTeamWarnings(
  companies: Pick<CompanyRepository, "findByCalcomTeam">,
  wiring: { companyId: string; baseUrl: string; teamId: number | null },
  actor: Actor,
): Promise<CompanyWarning[]> {
  const { baseUrl, teamId } = wiring;
  if (!teamId) return [];
  const others = await companies.findByCalcomTeam(baseUrl, teamId, wiring.companyId);
  if (others.length === 0) return [];
  const warning: CompanyWarning = { code: "calcom_team_shared", baseUrl, teamId };
  if (actor.type === "cli") warning.otherCompanies = others.map((c) => c.slug);
  return [warning];
}
