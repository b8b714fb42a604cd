import type { Actor, User } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/**
 * Who manages API tokens: the operator at the CLI (every token), a platform admin in the
 * console (every token), a company admin (only their company's tokens; the platform's and other
 * companies' do not exist for them).
 */
export type TokenManager = { type: "cli" } | { type: "user"; user: User };

export const managerActor = (manager: TokenManager): Actor =>
  manager.type === "cli" ? { type: "cli" } : { type: "user", userId: manager.user.id };

/** Throws not found unless the manager may see the tokens of `companyId` (null: platform tokens). */
export async function assertMayManage(
  deps: { companies: Pick<CompanyRepository, "findById"> },
  manager: TokenManager,
  companyId: string | null,
): Promise<void> {
  if (
    manager.type === "user" &&
    manager.user.role !== "platform_admin" &&
    (companyId === null || manager.user.companyId !== companyId)
  )
    throw new NotFoundError("no such company");
  if (companyId !== null && !(await deps.companies.findById(companyId)))
    throw new NotFoundError(`no company ${companyId}`);
}
