import { z } from "zod";
import type { User } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type {
  UserAuditRepository,
  UserRepository,
  UserTokenRepository,
} from "../../domain/ports/auth.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { Notification } from "../../platform/notifier.ts";
import { emailSchema } from "../company/company-schemas.ts";
import { parseInput } from "../parse-input.ts";
import {
  assertPlatformAdmin,
  auditEntry,
  linkLifetimeMs,
  mailLink,
  newLinkToken,
  type UserAdminDeps,
} from "./user-admin.ts";

export const inviteUserInput = z.object({
  email: emailSchema.pipe(z.string().max(254)),
  companyId: z.string().trim().min(1, "choose a company").max(100),
});

/**
 * A platform admin invites a company admin: a one-time link (valid 7 days) that lets the invitee
 * set a password. The link is returned to be shown once, and mailed when SMTP is set; the user
 * exists only once the invite is accepted.
 */
export function makeInviteUser(
  deps: UserAdminDeps & {
    users: Pick<UserRepository, "findByEmail">;
    companies: Pick<CompanyRepository, "findById">;
    userTokens: Pick<UserTokenRepository, "create">;
    userAudit: Pick<UserAuditRepository, "record">;
    notify?: (n: Notification) => Promise<unknown>;
  },
) {
  return async (
    viewer: User,
    raw: { email: unknown; companyId: unknown },
    /** The absolute URL the token is appended to (…/admin/invite/). */
    linkBase: string,
  ) => {
    assertPlatformAdmin(viewer);
    const input = parseInput(inviteUserInput, raw, "invite");
    const company = await deps.companies.findById(input.companyId);
    if (!company)
      throw new ValidationError("unknown company", [
        { where: "companyId", message: "unknown company", code: "unknown_company" },
      ]);
    if (await deps.users.findByEmail(input.email))
      throw new ValidationError("a user with this email exists", [
        { where: "email", message: "already a user", code: "email_taken" },
      ]);
    const now = deps.clock.now();
    const { token, idHash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + linkLifetimeMs.invite).toISOString();
    await deps.userTokens.create({
      idHash,
      kind: "invite",
      email: input.email,
      role: "company_admin",
      companyId: company.id,
      userId: null,
      expiresAt,
      createdBy: viewer.id,
      createdAt: now.toISOString(),
    });
    await deps.userAudit.record(auditEntry(deps, viewer, "invite", input.email));
    const link = `${linkBase}${token}`;
    const mailed = await mailLink(
      deps.notify,
      input.email,
      `Frontdesk: your invitation (${company.name})`,
      `You have been invited to the Frontdesk console for ${company.name}.\n\nSet your password here (valid for 7 days, once):\n${link}\n`,
    );
    return { email: input.email, company, link, expiresAt, mailed };
  };
}
