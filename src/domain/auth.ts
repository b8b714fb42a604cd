import type { User } from "./entities.ts";
import type { LoginAttempt } from "./ports/auth.ts";

/**
 * The rules around console logins: lockout, session lifetime, who may see which company. The
 * storage ports for users, sessions and failed-login counting are in ports/auth.ts.
 */

export const lockoutPolicy = {
  maxFailures: 5,
  lockMs: 15 * 60_000,
} as const;

/** Per client address, across every email it tries. */
export const addressLockoutPolicy = {
  maxFailures: 30,
  lockMs: 15 * 60_000,
} as const;

/** Longest accepted input (RFC 5321's 254 for a path's address; no password needs more). */
export const loginLimits = { emailChars: 254, passwordChars: 1024 } as const;

/** Sessions end 12 hours after login; logging out ends them at once. */
export const sessionLifetimeMs = 12 * 60 * 60_000;

export function isLocked(attempt: LoginAttempt | null, now: Date): boolean {
  return attempt?.lockedUntil != null && new Date(attempt.lockedUntil) > now;
}

/** One key per address however it is typed. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/** A platform admin sees every company; a company admin only their own. */
export function canSeeCompany(user: User, companyId: string): boolean {
  return user.role === "platform_admin" || user.companyId === companyId;
}
