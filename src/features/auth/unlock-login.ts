import { emailKey } from "../../domain/auth.ts";
import type { User } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { LoginLockoutRepository, LoginUnlock } from "../../domain/ports/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";

/** Only a platform admin sees lockouts; to anyone else the place does not exist. */
function assertPlatformAdmin(user: User) {
  if (user.role !== "platform_admin") throw new NotFoundError("no such page");
}

/** Locked email addresses and the latest early unlocks, for the platform admin's lockouts page. */
export function makeListLockouts(deps: { lockouts: LoginLockoutRepository; clock: Clock }) {
  return async (user: User) => {
    assertPlatformAdmin(user);
    const now = deps.clock.now().toISOString();
    const [locked, lockedAddresses, unlocks] = await Promise.all([
      deps.lockouts.listLocked(now),
      deps.lockouts.listLockedAddresses(now),
      deps.lockouts.listUnlocks(50),
    ]);
    return { locked, lockedAddresses, unlocks };
  };
}

/**
 * Lifts an email address's (or a client address's) lockout before it runs out: a platform admin's action, written with
 * its audit row (who unlocked which address when) in one transaction. False when the address
 * was not locked (or not counted) any more.
 */
export function makeUnlockLogin(deps: {
  lockouts: LoginLockoutRepository;
  clock: Clock;
  newId: IdGenerator;
}) {
  return async (
    user: User,
    email: string,
    /** "address": `email` is a client address whose lock (all emails from it) is lifted. */
    kind: LoginUnlock["kind"] = "email",
  ): Promise<{ unlocked: boolean; entry: LoginUnlock }> => {
    assertPlatformAdmin(user);
    const entry: LoginUnlock = {
      id: deps.newId(),
      kind,
      // A client address is stored as the login counted it (clientAddress), so it is kept as sent.
      emailKey: kind === "address" ? email.trim() : emailKey(email),
      actorUserId: user.id,
      actorEmail: user.email,
      unlockedAt: deps.clock.now().toISOString(),
    };
    return { unlocked: await deps.lockouts.unlock(entry), entry };
  };
}
