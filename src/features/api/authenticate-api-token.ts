import type { ApiToken, ApiTokenRepository } from "../../domain/ports/api-tokens.ts";
import type { Clock } from "../../platform/clock.ts";
import { hashToken } from "../auth/session-token.ts";
import { apiTokenPattern } from "./create-api-token.ts";

/**
 * The live token a bearer secret belongs to, or null (unknown, revoked, expired, or not even
 * shaped like one: such a string is never looked up). The lookup is by the secret's hash, so no
 * comparison of secrets depends on timing.
 */
export function makeAuthenticateApiToken(deps: {
  apiTokens: Pick<ApiTokenRepository, "findLive" | "touch">;
  clock: Clock;
}) {
  return async (secret: string): Promise<ApiToken | null> => {
    if (!apiTokenPattern.test(secret)) return null;
    const now = deps.clock.now().toISOString();
    const token = await deps.apiTokens.findLive(hashToken(secret), now);
    // The repository notes a use at most once a minute; a use just noted costs no statement.
    if (token && !(token.lastUsedAt && Date.parse(now) - Date.parse(token.lastUsedAt) < 60_000))
      await deps.apiTokens.touch(token.companyId, token.id, now);
    return token;
  };
}
