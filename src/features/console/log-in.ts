import {
  type ConsoleRepositories,
  emailKey,
  isLocked,
  lockoutPolicy,
  sessionLifetimeMs,
} from "../../domain/auth.ts";
import type { User } from "../../domain/entities.ts";
import type { Clock } from "../../platform/clock.ts";
import { hashToken, newToken } from "./session-token.ts";

export type LogInResult =
  | { status: "ok"; user: User; token: string; expiresAt: string }
  | { status: "invalid" }
  | { status: "locked"; until: string };

/**
 * Email and password → a new session. After five failures within 15 minutes the address is
 * locked for 15 minutes, whether or not an account exists for it; an unknown address costs
 * the same password hashing as a known one, so neither reveals who has an account.
 */
export function makeLogIn(deps: {
  consoleUsers: Pick<ConsoleRepositories["consoleUsers"], "findCredentials">;
  sessions: Pick<ConsoleRepositories["sessions"], "create" | "deleteExpired">;
  loginAttempts: ConsoleRepositories["loginAttempts"];
  verifyPassword: (password: string, hash: string) => Promise<boolean>;
  hashPassword: (password: string) => Promise<string>;
  clock: Clock;
}) {
  let decoyHash: Promise<string> | undefined;
  return async (input: { email: string; password: string }): Promise<LogInResult> => {
    const key = emailKey(input.email);
    const now = deps.clock.now();
    const attempt = await deps.loginAttempts.find(key);
    if (isLocked(attempt, now)) return { status: "locked", until: attempt!.lockedUntil! };

    const credentials = key ? await deps.consoleUsers.findCredentials(key) : null;
    decoyHash ??= deps.hashPassword(newToken());
    const valid = await deps.verifyPassword(
      input.password,
      credentials?.passwordHash ?? (await decoyHash),
    );
    if (!credentials || !valid) {
      const failures = await deps.loginAttempts.recordFailure(
        key,
        now.toISOString(),
        new Date(now.getTime() - lockoutPolicy.lockMs).toISOString(),
      );
      if (failures < lockoutPolicy.maxFailures) return { status: "invalid" };
      const until = new Date(now.getTime() + lockoutPolicy.lockMs).toISOString();
      await deps.loginAttempts.lock(key, until);
      return { status: "locked", until };
    }

    if (attempt) await deps.loginAttempts.clear(key);
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
