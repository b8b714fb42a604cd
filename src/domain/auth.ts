import type { Locale, User } from "./entities.ts";

/**
 * The admin console's logins: ports for users, sessions and failed-login counting, and the pure
 * rules around them (lockout, who may see which company).
 */

export interface Credentials {
  user: User;
  passwordHash: string;
}

/** Logins as the console needs them (the foundation's UserRepository only creates and finds). */
export interface ConsoleUserRepository {
  findCredentials(email: string): Promise<Credentials | null>;
  setLocale(userId: string, locale: Locale | null): Promise<void>;
  /** Emails of the given users, for naming the actor of an audit row. */
  listEmails(userIds: string[]): Promise<{ id: string; email: string }[]>;
}

/** A console session. The cookie holds a random token; only its SHA-256 is stored. */
export interface ConsoleSession {
  idHash: string;
  userId: string;
  /** Sent back with every form and htmx request (synchronizer token). */
  csrfToken: string;
  expiresAt: string;
  createdAt: string;
}

export interface SessionRepository {
  create(session: ConsoleSession): Promise<void>;
  /** The unexpired session and its user, in one query. */
  findLive(idHash: string, now: string): Promise<{ session: ConsoleSession; user: User } | null>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: string): Promise<void>;
}

export interface LoginAttempt {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/**
 * Failed logins per email address, known or not, so that the lockout reveals nothing about
 * which accounts exist.
 */
export interface LoginAttemptRepository {
  find(emailKey: string): Promise<LoginAttempt | null>;
  /**
   * Counts one more failure atomically (concurrent guesses cannot slip past the limit); failures
   * older than `windowStart` no longer count. Returns the count including this one.
   */
  recordFailure(emailKey: string, now: string, windowStart: string): Promise<number>;
  lock(emailKey: string, until: string): Promise<void>;
  clear(emailKey: string): Promise<void>;
}

/** A Cal.com person as last mirrored, live or removed: names for audit rows and appointments. */
export interface DirectoryHost {
  calcomUserId: number;
  name: string | null;
  username: string | null;
  avatarUrl: string | null;
}

export interface ConsoleDirectoryRepository {
  /** Every Cal.com member or host the company's mirror has ever held. One query. */
  listHosts(companyId: string): Promise<DirectoryHost[]>;
}

export interface ConsoleRepositories {
  consoleUsers: ConsoleUserRepository;
  sessions: SessionRepository;
  loginAttempts: LoginAttemptRepository;
  directory: ConsoleDirectoryRepository;
}

export const lockoutPolicy = {
  maxFailures: 5,
  lockMs: 15 * 60_000,
} as const;

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
