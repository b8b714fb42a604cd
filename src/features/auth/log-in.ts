import {
  addressLockoutPolicy,
  emailKey,
  lockoutPolicy,
  loginLimits,
  sessionLifetimeMs,
} from "../../domain/auth.ts";
import type { User } from "../../domain/entities.ts";
import type {
  LoginAttemptRepository,
  SessionRepository,
  UserRepository,
} from "../../domain/ports/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import { hashToken, newToken } from "./session-token.ts";

export type LogInResult =
  | { status: "ok"; user: User; token: string; expiresAt: string }
  | { status: "invalid" }
  | { status: "too_long"; field: "email" | "password" }
  | { status: "locked"; until: string };

/** How often expired counts are purged (at most; on a login). */
const purgeEveryMs = 60_000;

/**
 * Email and password → a new session. Every password check is reserved before the password is
 * verified, atomically, per email address (known or not) and per client address: the check that
 * reaches five within 15 minutes locks the email for 15 minutes, so however many logins run in
 * parallel at most five passwords are ever verified per email and window (thirty per client
 * address, across emails). A right password clears the email's count and gives the address's
 * reservation back. An unknown address costs the same password hashing as a known one, so
 * neither reveals who has an account. A hash made at a lower cost is replaced after a login.
 */
export function makeLogIn(deps: {
  users: Pick<UserRepository, "findCredentials" | "setPasswordHash" | "recordLogin">;
  sessions: Pick<SessionRepository, "create" | "deleteExpired">;
  loginAttempts: LoginAttemptRepository;
  addressAttempts: LoginAttemptRepository;
  verifyPassword: (password: string, hash: string) => Promise<boolean>;
  hashPassword: (password: string) => Promise<string>;
  /** True for a stored hash below the current cost; without it, hashes are never upgraded. */
  needsRehash?: (hash: string) => boolean;
  clock: Clock;
}) {
  let decoyHash: Promise<string> | undefined;
  let nextPurgeAt = 0;
  const windowOf = (now: Date, policy: { lockMs: number; maxFailures: number }) => ({
    now: now.toISOString(),
    windowStart: new Date(now.getTime() - policy.lockMs).toISOString(),
    lockUntil: new Date(now.getTime() + policy.lockMs).toISOString(),
    maxFailures: policy.maxFailures,
  });

  return async (input: {
    email: string;
    password: string;
    /** The client's address (the socket's, or a trusted proxy's word); null when unknown. */
    address?: string | null;
  }): Promise<LogInResult> => {
    // Before anything else: nothing oversized is hashed, looked up or stored.
    if (input.email.length > loginLimits.emailChars) return { status: "too_long", field: "email" };
    if (input.password.length > loginLimits.passwordChars)
      return { status: "too_long", field: "password" };
    const key = emailKey(input.email);
    const now = deps.clock.now();

    if (now.getTime() >= nextPurgeAt) {
      nextPurgeAt = now.getTime() + purgeEveryMs;
      const email = windowOf(now, lockoutPolicy);
      const address = windowOf(now, addressLockoutPolicy);
      await deps.loginAttempts.purgeExpired(email.now, email.windowStart);
      await deps.addressAttempts.purgeExpired(address.now, address.windowStart);
    }

    const address = input.address ?? null;
    const addressWindow = windowOf(now, addressLockoutPolicy);
    const byAddress = address ? await deps.addressAttempts.reserve(address, addressWindow) : null;
    if (byAddress && byAddress.count > addressLockoutPolicy.maxFailures)
      return { status: "locked", until: byAddress.lockedUntil ?? addressWindow.lockUntil };
    const emailWindow = windowOf(now, lockoutPolicy);
    const reserved = await deps.loginAttempts.reserve(key, emailWindow);
    if (reserved.count > lockoutPolicy.maxFailures) {
      // No password was checked: the address's reservation is not a failure.
      if (address) await deps.addressAttempts.release(address, addressLockoutPolicy.maxFailures);
      return { status: "locked", until: reserved.lockedUntil ?? emailWindow.lockUntil };
    }

    const credentials = key ? await deps.users.findCredentials(key) : null;
    decoyHash ??= deps.hashPassword(newToken());
    const valid = await deps.verifyPassword(
      input.password,
      credentials?.passwordHash ?? (await decoyHash),
    );
    // A disabled login fails exactly like a wrong password: nothing says the account exists.
    if (!credentials || !valid || credentials.disabledAt) {
      // This failure reached a limit: the email or the address is locked from now on.
      if (reserved.count >= lockoutPolicy.maxFailures)
        return { status: "locked", until: reserved.lockedUntil ?? emailWindow.lockUntil };
      if (byAddress && byAddress.count >= addressLockoutPolicy.maxFailures)
        return { status: "locked", until: byAddress.lockedUntil ?? addressWindow.lockUntil };
      return { status: "invalid" };
    }

    await deps.loginAttempts.clear(key);
    if (address) await deps.addressAttempts.release(address, addressLockoutPolicy.maxFailures);
    if (deps.needsRehash?.(credentials.passwordHash)) {
      await deps.users.setPasswordHash(
        credentials.user.id,
        await deps.hashPassword(input.password),
      );
    }
    await deps.users.recordLogin(credentials.user.id, now.toISOString());
    await deps.sessions.deleteExpired(now.toISOString());
    const token = newToken();
    const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
    await deps.sessions.create({
      idHash: hashToken(token),
      userId: credentials.user.id,
      csrfToken: newToken(),
      expiresAt,
      createdAt: now.toISOString(),
    });
    return { status: "ok", user: credentials.user, token, expiresAt };
  };
}
