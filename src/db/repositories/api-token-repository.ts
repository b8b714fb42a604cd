import type { Kysely, Selectable } from "kysely";
import type {
  ApiAuditRepository,
  ApiToken,
  ApiTokenRepository,
  ApiTokenScope,
} from "../../domain/ports/api-tokens.ts";
import type { ApiTokenTable, DB } from "../tables.ts";
import { actorId, toActor } from "./actor-columns.ts";
import type { RepositoryDeps } from "./company-repository.ts";

// PostgreSQL answers timestamptz as Date, SQLite as the ISO text stored.
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/** A use is noted at most this often per token. */
const touchEveryMs = 60_000;

function toToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    scope: row.scope as ApiTokenScope,
    prefix: row.prefix,
    createdBy: toActor(row.created_by_type, row.created_by_id),
    createdAt: iso(row.created_at),
    expiresAt: isoOrNull(row.expires_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    revokedAt: isoOrNull(row.revoked_at),
  };
}

export function createApiTokenRepository(db: Kysely<DB>): ApiTokenRepository {
  const ofCompany = (companyId: string | null) =>
    companyId === null
      ? db.selectFrom("api_token").selectAll().where("company_id", "is", null)
      : db.selectFrom("api_token").selectAll().where("company_id", "=", companyId);

  return {
    async create(token) {
      const row = await db
        .insertInto("api_token")
        .values({
          id: token.id,
          company_id: token.companyId,
          name: token.name,
          scope: token.scope,
          secret_hash: token.secretHash,
          prefix: token.prefix,
          created_by_type: token.createdBy.type,
          created_by_id: actorId(token.createdBy),
          created_at: token.createdAt,
          expires_at: token.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toToken(row);
    },

    async findLive(secretHash, now) {
      const row = await db
        .selectFrom("api_token")
        .selectAll()
        .where("secret_hash", "=", secretHash)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        .executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async list(companyId) {
      const rows = await ofCompany(companyId).orderBy("created_at", "desc").orderBy("id").execute();
      return rows.map(toToken);
    },

    async find(companyId, tokenId) {
      const row = await ofCompany(companyId).where("id", "=", tokenId).executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async revoke(companyId, tokenId, at) {
      let query = db
        .updateTable("api_token")
        .set({ revoked_at: at })
        .where("id", "=", tokenId)
        .where("revoked_at", "is", null);
      query =
        companyId === null
          ? query.where("company_id", "is", null)
          : query.where("company_id", "=", companyId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async touch(companyId, tokenId, at) {
      const staleBefore = new Date(Date.parse(at) - touchEveryMs).toISOString();
      let query = db
        .updateTable("api_token")
        .set({ last_used_at: at })
        .where("id", "=", tokenId)
        .where((eb) =>
          eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", staleBefore)]),
        );
      query =
        companyId === null
          ? query.where("company_id", "is", null)
          : query.where("company_id", "=", companyId);
      await query.execute();
    },
  };
}

export function createApiAuditRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "newId">,
): ApiAuditRepository {
  return {
    async record(entry) {
      await db
        .insertInto("api_audit")
        .values({
          id: deps.newId(),
          company_id: entry.companyId,
          token_id: entry.tokenId,
          method: entry.method,
          route: entry.route,
          status: entry.status,
          created_at: entry.at,
        })
        .execute();
    },

    async list(companyId, limit) {
      const rows = await db
        .selectFrom("api_audit")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        companyId: row.company_id,
        tokenId: row.token_id,
        method: row.method,
        route: row.route,
        status: Number(row.status),
        at: iso(row.created_at),
      }));
    },
  };
}
