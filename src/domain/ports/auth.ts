import type { Locale, User, UserRole } from "../entities.ts";

/*
 * Logins (`app_user`, not tenant rows: a platform admin has no company), console sessions and
 * failed-login counting.
 */

export interface NewUser {
  email: string;
  passwordHash: string;
  role: UserRole;
  companyId: string | null;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  findByEmail(email: string): Promise<User | null>;
  findCredentials(email: string): Promise<Credentials | null>;
  setLocale(userId: string, locale: Locale | null): Promise<void>;
  /** Emails of the given users, for naming the actor of an audit row. */
  listEmails(userIds: string[]): Promise<{ id: string; email: string }[]>;
  /** A new hash at the current cost, after a login verified the old one. */
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** A login succeeded at `at`. */
  recordLogin(userId: string, at: string): Promise<void>;
  /** Every login with its disabled mark, for the platform admin's users page. */
  listAll(): Promise<ManagedUser[]>;
  findManaged(userId: string): Promise<ManagedUser | null>;
  /** Sets or clears the disabled mark; false when there is no such user. */
  setDisabled(userId: string, disabledAt: string | null): Promise<boolean>;
}

export interface ManagedUser {
  user: User;
  disabledAt: string | null;
  /** Null until the first login. */
  lastLoginAt: string | null;
}

export interface Credentials {
  user: User;
  passwordHash: string;
  /** A disabled login is refused like a wrong password. */
  disabledAt?: string | null;
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
  /** Ends every session of a user at once (disabled, or a new password). */
  deleteForUser(userId: string): Promise<void>;
}

export interface LoginAttempt {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** What reserving one password check returned: `count` includes this one. */
export interface LoginReservation {
  count: number;
  lockedUntil: string | null;
}

/**
 * Password checks per key (an email address, known or not, so that the lockout reveals nothing
 * about which accounts exist; or a client address). A check is reserved before the password is
 * verified, in one statement, so parallel guesses cannot slip past the limit.
 */
export interface LoginAttemptRepository {
  find(key: string): Promise<LoginAttempt | null>;
  /**
   * Counts one more check atomically and returns the count including this one. A count from before
   * `windowStart` (or a lock that has run out) starts again at 1; the check that reaches
   * `maxFailures` locks the key until `lockUntil`.
   */
  reserve(
    key: string,
    options: { now: string; windowStart: string; lockUntil: string; maxFailures: number },
  ): Promise<LoginReservation>;
  /** Gives one reserved check back (it was a right password), lifting a lock it set. */
  release(key: string, maxFailures: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** Deletes the rows whose count and lock no longer matter; returns how many. */
  purgeExpired(now: string, windowStart: string): Promise<number>;
}

/** An early unlock by a platform admin, kept for the audit trail. */
export interface LoginUnlock {
  id: string;
  /** What was unlocked: an email address's count or a client address's count. */
  kind: "email" | "address";
  /** The email key, or the client address when `kind` is "address". */
  emailKey: string;
  actorUserId: string;
  actorEmail: string;
  unlockedAt: string;
}

export interface LoginLockoutRepository {
  /** Email addresses locked at `now`, soonest unlock first. */
  listLocked(now: string): Promise<{ emailKey: string; lockedUntil: string }[]>;
  /** Deletes the address's count and writes the audit row, in one transaction; false when nothing was locked. */
  unlock(entry: LoginUnlock): Promise<boolean>;
  /** Client addresses locked at `now`, soonest unlock first. */
  listLockedAddresses(now: string): Promise<{ address: string; lockedUntil: string }[]>;
  listUnlocks(limit: number): Promise<LoginUnlock[]>;
}

/** A one-time link: an invite (the user does not exist yet) or a password reset. */
export interface UserToken {
  /** SHA-256 of the token in the link; the token itself is never stored. */
  idHash: string;
  kind: "invite" | "reset";
  email: string;
  role: UserRole;
  companyId: string | null;
  /** The user a reset is for; null for an invite. */
  userId: string | null;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
}

export interface UserTokenRepository {
  create(token: UserToken): Promise<void>;
  /** The unused, unexpired token of this kind, without using it. */
  findUsable(idHash: string, kind: UserToken["kind"], now: string): Promise<UserToken | null>;
  /** Marks it used in one conditional statement (so it works once); null when it was not usable. */
  consume(idHash: string, kind: UserToken["kind"], now: string): Promise<UserToken | null>;
  /** Deletes used and expired links (retention); returns how many. */
  deleteSpent(now: string): Promise<number>;
}

/** One change to a login, for the audit trail (who, when, what). */
export interface UserAuditEntry {
  id: string;
  actorUserId: string;
  actorEmail: string;
  action: "invite" | "accept_invite" | "request_reset" | "reset_password" | "disable" | "enable";
  targetEmail: string;
  at: string;
}

export interface UserAuditRepository {
  record(entry: UserAuditEntry): Promise<void>;
  list(limit: number): Promise<UserAuditEntry[]>;
}
