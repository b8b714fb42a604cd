import { z } from "zod";
import { loginLimits, sessionLifetimeMs } from "../../domain/auth.ts";
import type { User } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { SessionRepository, UserAuditEntry } from "../../domain/ports/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { Notification } from "../../platform/notifier.ts";
import { hashToken, newToken, tokensEqual } from "./session-token.ts";

/** What the users use-cases share: who may use them, link lifetimes, the password rule. */

/** Only a platform admin manages users; to anyone else the place does not exist. */
export function assertPlatformAdmin(user: User) {
  if (user.role !== "platform_admin") throw new NotFoundError("no such page");
}

export const linkLifetimeMs = { invite: 7 * 24 * 60 * 60_000, reset: 60 * 60_000 } as const;

/** The rule `create-user` applies on the CLI, so a password set through a link is no weaker. */
export const newPasswordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(loginLimits.passwordChars, `must be at most ${loginLimits.passwordChars} characters`);

/** A link's token as typed into a URL: base64url of 32 bytes, nothing else is even looked up. */
export const isTokenShaped = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** A fresh one-time token and the hash that is stored. */
export function newLinkToken() {
  const token = newToken();
  return { token, idHash: hashToken(token) };
}

/**
 * The hash to look a link up by. The row is found by the hash; the stored hash is compared once
 * more in constant time so no byte-wise comparison of secrets depends on the database's.
 */
export const linkHash = (token: string) => hashToken(token);
export const sameHash = (stored: string, token: string) => tokensEqual(stored, hashToken(token));

export interface UserAdminDeps {
  clock: Clock;
  newId: IdGenerator;
}

export function auditEntry(
  deps: UserAdminDeps,
  actor: { id: string; email: string },
  action: UserAuditEntry["action"],
  targetEmail: string,
): UserAuditEntry {
  return {
    id: deps.newId(),
    actorUserId: actor.id,
    actorEmail: actor.email,
    action,
    targetEmail,
    at: deps.clock.now().toISOString(),
  };
}

/** Sends a link by email when SMTP is set; true only when it was sent. Never throws. */
export async function mailLink(
  notify: ((n: Notification) => Promise<unknown>) | undefined,
  to: string,
  subject: string,
  text: string,
): Promise<boolean> {
  if (!notify) return false;
  try {
    const outcome = (await notify({ emailTo: [to], webhookUrls: [], subject, text, json: null })) as
      | { email?: string }
      | undefined;
    return outcome?.email === "sent";
  } catch {
    return false;
  }
}

/** A new console session for a user who just set a password through a link (as a login makes). */
export async function startSession(
  sessions: Pick<SessionRepository, "create">,
  userId: string,
  now: Date,
) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
  await sessions.create({
    idHash: hashToken(token),
    userId,
    csrfToken: newToken(),
    expiresAt,
    createdAt: now.toISOString(),
  });
  return { token, expiresAt };
}
