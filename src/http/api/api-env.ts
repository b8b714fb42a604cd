import type { OpenAPIHono } from "@hono/zod-openapi";
import type { TenantContext } from "../../domain/entities.ts";
import type { ApiToken } from "../../domain/ports/api-tokens.ts";
import type { UseCases } from "../../features/use-cases.ts";
import type { Logger } from "../../platform/logger.ts";

/** What every /api/v1 handler has: the token the request was made with. */
export type ApiEnv = {
  Variables: {
    token: ApiToken;
    /** On /companies/{companyId}/… routes: the company, with the token as actor. */
    tenant: TenantContext;
  };
};
export type ApiApp = OpenAPIHono<ApiEnv>;

export interface ApiDeps {
  useCases: UseCases;
  logger: Pick<Logger, "error">;
  /** Requests one token may make per rolling minute (API_RATE_LIMIT). */
  ratePerMinute?: number;
}
