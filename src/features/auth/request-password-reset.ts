import type { User } from "../../domain/entities.ts";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import type {
  UserAuditRepository,
  UserRepository,
  UserTokenRepository,
} from "../../domain/ports/auth.ts";
import type { Notification } from "../../platform/notifier.ts";
import {
  assertPlatformAdmin,
  auditEntry,
  linkLifetimeMs,
  mailLink,
  newLinkToken,
  type UserAdminDeps,
} from "./user-admin.ts";

/**
 * A platform admin makes a one-time password-reset link for a user (valid 1 hour), shown once and
 * mailed when SMTP is set. A disabled user gets none: the link would log them in.
 */
export function makeRequestPasswordReset(
  deps: UserAdminDeps & {
    users: Pick<UserRepository, "findManaged">;
    userTokens: Pick<UserTokenRepository, "create">;
    userAudit: Pick<UserAuditRepository, "record">;
    notify?: (n: Notification) => Promise<unknown>;
  },
) {
  return async (viewer: User, userId: string, linkBase: string) => {
    assertPlatformAdmin(viewer);
    const found = userId.length <= 100 ? await deps.users.findManaged(userId) : null;
    if (!found) throw new NotFoundError("no such user");
    if (found.disabledAt)
      throw new ValidationError("the user is disabled", [
        { where: "user", message: "enable the user first", code: "user_disabled" },
      ]);
    const now = deps.clock.now();
    const { token, idHash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + linkLifetimeMs.reset).toISOString();
    await deps.userTokens.create({
      idHash,
      kind: "reset",
      email: found.user.email,
      role: found.user.role,
      companyId: found.user.companyId,
      userId: found.user.id,
      expiresAt,
      createdBy: viewer.id,
      createdAt: now.toISOString(),
    });
    await deps.userAudit.record(auditEntry(deps, viewer, "request_reset", found.user.email));
    const link = `${linkBase}${token}`;
    const mailed = await mailLink(
      deps.notify,
      found.user.email,
      "Frontdesk: reset your password",
      `Set a new password for the Frontdesk console here (valid for 1 hour, once):\n${link}\n`,
    );
    return { email: found.user.email, link, expiresAt, mailed };
  };
}
