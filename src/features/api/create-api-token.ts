import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ApiToken, ApiTokenRepository } from "../../domain/ports/api-tokens.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import { hashToken } from "../auth/session-token.ts";
import { parseInput } from "../parse-input.ts";
import { assertMayManage, managerActor, type TokenManager } from "./token-owner.ts";

export const createApiTokenInput = z.object({
  /** Null or absent: a platform token (every company). */
  companyId: z.string().trim().min(1).max(100).nullable().default(null),
  name: z.string().trim().min(1, "give the token a name").max(100),
  scope: z.enum(["read", "write"]).default("read"),
  /** Days until the token stops working; 0 never (for a platform's own automation). */
  expiresInDays: z.coerce.number().int().min(0).max(3650).default(365),
});

/** `fd_p_…` for a platform token, `fd_c_…` for a company's: base64url of 32 random bytes. */
export const apiTokenPattern = /^fd_[pc]_[A-Za-z0-9_-]{43}$/;
const prefixLength = 12;

export interface CreatedApiToken {
  token: ApiToken;
  /** The secret itself: shown this once, never stored (only its hash is). */
  secret: string;
}

export function makeCreateApiToken(deps: {
  apiTokens: Pick<ApiTokenRepository, "create">;
  companies: Pick<CompanyRepository, "findById">;
  clock: Clock;
  newId: IdGenerator;
}) {
  return async (
    manager: TokenManager,
    raw: z.input<typeof createApiTokenInput>,
  ): Promise<CreatedApiToken> => {
    const input = parseInput(createApiTokenInput, raw, "API token");
    await assertMayManage(deps, manager, input.companyId);
    const secret = `fd_${input.companyId === null ? "p" : "c"}_${randomBytes(32).toString("base64url")}`;
    const now = deps.clock.now();
    const token = await deps.apiTokens.create({
      id: deps.newId(),
      companyId: input.companyId,
      name: input.name,
      scope: input.scope,
      secretHash: hashToken(secret),
      prefix: secret.slice(0, prefixLength),
      createdBy: managerActor(manager),
      createdAt: now.toISOString(),
      expiresAt:
        input.expiresInDays === 0
          ? null
          : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    });
    return { token, secret };
  };
}
