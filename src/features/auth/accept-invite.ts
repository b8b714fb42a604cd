import type { User } from "../../domain/entities.ts";
import { ConflictError } from "../../domain/errors.ts";
import type { UserToken } from "../../domain/ports/auth.ts";
import type { Store } from "../../domain/ports/store.ts";
import { parseInput } from "../parse-input.ts";
import {
  auditEntry,
  isTokenShaped,
  linkHash,
  newPasswordSchema,
  sameHash,
  startSession,
  type UserAdminDeps,
} from "./user-admin.ts";

export type LinkResult =
  | { status: "ok"; user: User; token: string; expiresAt: string }
  | { status: "invalid_link" };

/** The invite behind a link, while it can still be used (for the set-password form). */
export function makeFindInvite(deps: Pick<UserAdminDeps, "clock"> & Pick<Store, "userTokens">) {
  return async (token: string): Promise<UserToken | null> => findLink(deps, "invite", token);
}

export async function findLink(
  deps: Pick<UserAdminDeps, "clock"> & Pick<Store, "userTokens">,
  kind: UserToken["kind"],
  token: string,
) {
  if (!isTokenShaped(token)) return null;
  const found = await deps.userTokens.findUsable(
    linkHash(token),
    kind,
    deps.clock.now().toISOString(),
  );
  return found && sameHash(found.idHash, token) ? found : null;
}

/**
 * The invitee sets a password: the link is used up, the company admin created and the acceptance
 * audited in one transaction (an email taken meanwhile leaves the link unused), then they are
 * logged in. A link used before, expired or unknown is refused alike.
 */
export function makeAcceptInvite(
  deps: UserAdminDeps & {
    store: Pick<Store, "transaction" | "userTokens">;
    hashPassword: (password: string) => Promise<string>;
  },
) {
  return async (token: string, password: unknown): Promise<LinkResult> => {
    const checked = parseInput(newPasswordSchema, password, "password");
    const invite = await findLink(
      { clock: deps.clock, userTokens: deps.store.userTokens },
      "invite",
      token,
    );
    if (!invite) return { status: "invalid_link" };
    const passwordHash = await deps.hashPassword(checked);
    const now = deps.clock.now();
    const user = await deps.store.transaction(async (tx) => {
      const used = await tx.userTokens.consume(invite.idHash, "invite", now.toISOString());
      if (!used) return null;
      if (await tx.users.findByEmail(used.email))
        throw new ConflictError(`a user ${used.email} already exists`);
      const created = await tx.users.create({
        email: used.email,
        passwordHash,
        role: used.role,
        companyId: used.companyId,
      });
      await tx.userAudit.record(auditEntry(deps, created, "accept_invite", created.email));
      const session = await startSession(tx.sessions, created.id, now);
      return { created, session };
    });
    if (!user) return { status: "invalid_link" };
    return { status: "ok", user: user.created, ...user.session };
  };
}
