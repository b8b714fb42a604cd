import type { Actor } from "../entities.ts";

/*
 * Bearer tokens of the JSON API. A platform token (`companyId` null) reaches every company, a
 * company token only its own; `read` tokens only read, `write` tokens also change. Only the
 * secret's SHA-256 is stored.
 */

export type ApiTokenScope = "read" | "write";

export interface ApiToken {
  id: string;
  /** Null for a platform token. */
  companyId: string | null;
  name: string;
  scope: ApiTokenScope;
  /** The first characters of the secret, to tell tokens apart in a list. */
  prefix: string;
  createdBy: Actor;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  id: string;
  companyId: string | null;
  name: string;
  scope: ApiTokenScope;
  secretHash: string;
  prefix: string;
  createdBy: Actor;
  createdAt: string;
  expiresAt: string | null;
}

export interface ApiTokenRepository {
  create(token: NewApiToken): Promise<ApiToken>;
  /** The token whose secret has this hash, unless revoked or expired at `now`. */
  findLive(secretHash: string, now: string): Promise<ApiToken | null>;
  /** A company's tokens (null: the platform tokens), newest first, revoked ones included. */
  list(companyId: string | null): Promise<ApiToken[]>;
  find(companyId: string | null, tokenId: string): Promise<ApiToken | null>;
  /** Marks the token revoked; false when it does not exist here or was revoked already. */
  revoke(companyId: string | null, tokenId: string, at: string): Promise<boolean>;
  /** Notes a use, at most once a minute per token (a write per request would cost more). */
  touch(companyId: string | null, tokenId: string, at: string): Promise<void>;
}

export interface ApiWrite {
  companyId: string | null;
  tokenId: string;
  method: string;
  route: string;
  status: number;
  at: string;
}

export interface ApiAuditEntry extends ApiWrite {
  id: string;
}

export interface ApiAuditRepository {
  record(entry: ApiWrite): Promise<void>;
  /** Newest first. */
  list(companyId: string, limit: number): Promise<ApiAuditEntry[]>;
}
