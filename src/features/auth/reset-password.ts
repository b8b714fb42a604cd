import type { UserToken } from "../../domain/ports/auth.ts";
import type { Store } from "../../domain/ports/store.ts";
import { parseInput } from "../parse-input.ts";
import { findLink, type LinkResult } from "./accept-invite.ts";
import { auditEntry, newPasswordSchema, startSession, type UserAdminDeps } from "./user-admin.ts";

/** The reset behind a link, while it can still be used (for the new-password form). */
export function makeFindResetLink(deps: Pick<UserAdminDeps, "clock"> & Pick<Store, "userTokens">) {
  return async (token: string): Promise<UserToken | null> => findLink(deps, "reset", token);
}

/**
 * A new password through a reset link: the link is used up, the hash replaced, every other
 * session of the user ended (whoever knew the old password is out) and the change audited, in
 * one transaction; then the user is logged in. A disabled user's link is refused.
 */
export function makeResetPassword(
  deps: UserAdminDeps & {
    store: Pick<Store, "transaction" | "userTokens">;
    hashPassword: (password: string) => Promise<string>;
  },
) {
  return async (token: string, password: unknown): Promise<LinkResult> => {
    const checked = parseInput(newPasswordSchema, password, "password");
    const reset = await findLink(
      { clock: deps.clock, userTokens: deps.store.userTokens },
      "reset",
      token,
    );
    if (!reset?.userId) return { status: "invalid_link" };
    const userId = reset.userId;
    const passwordHash = await deps.hashPassword(checked);
    const now = deps.clock.now();
    const done = await deps.store.transaction(async (tx) => {
      const found = await tx.users.findManaged(userId);
      if (!found || found.disabledAt) return null;
      if (!(await tx.userTokens.consume(reset.idHash, "reset", now.toISOString()))) return null;
      await tx.users.setPasswordHash(userId, passwordHash);
      await tx.sessions.deleteForUser(userId);
      await tx.userAudit.record(auditEntry(deps, found.user, "reset_password", found.user.email));
      return { user: found.user, session: await startSession(tx.sessions, userId, now) };
    });
    if (!done) return { status: "invalid_link" };
    return { status: "ok", user: done.user, ...done.session };
  };
}
