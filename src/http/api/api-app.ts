import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import { AppError, ValidationError } from "../../domain/errors.ts";
import { issueKind } from "../../features/parse-input.ts";
import { jsonPath } from "../../platform/json-path.ts";
import { RateLimiter } from "../../platform/rolling-window.ts";
import { errorResponse, problemResponse } from "../problem.ts";
import { apiDocsPage } from "./api-docs-page.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { apiRoutes } from "./routes/index.ts";

export const apiBase = "/api/v1";
/** No JSON body of the API is read past this (a staff CSV of thousands of lines fits). */
export const apiBodyLimit = 1024 * 1024;
const defaultRatePerMinute = 600;
const isWrite = (method: string) => method !== "GET" && method !== "HEAD" && method !== "OPTIONS";

/** Where the first NUL character of a parsed JSON body sits (PostgreSQL cannot store one). */
function nulAt(value: unknown, path: PropertyKey[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? jsonPath(path) : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulAt(item, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return null;
}

/**
 * A request the zod schema refused becomes the one invalid-input error every adapter answers,
 * with each issue at its JSON path (`$.email`) or its query or path parameter (`query.limit`).
 */
// biome-ignore lint/suspicious/noExplicitAny: the hook of every route
const validationHook: Hook<any, ApiEnv, any, any> = (result) => {
  if (result.success) return;
  const { error, target } = result as unknown as {
    error: { issues: import("zod").z.core.$ZodIssue[] };
    target: string;
  };
  const root = target === "json" ? "$" : target;
  throw new ValidationError(
    `invalid ${target === "json" ? "body" : target}`,
    error.issues.map((issue) => ({
      where:
        target === "json"
          ? jsonPath(issue.path, "$")
          : [root, ...issue.path.map(String)].join(".") || root,
      message: issue.message,
      ...issueKind(issue, undefined),
    })),
  );
};

/**
 * The JSON API at /api/v1: bearer tokens (a platform token reaches every company, a company
 * token its own), `read` or `write` scope, a rolling per-token rate limit, an audit row for every
 * write, problem details for every error, and its OpenAPI 3.1 document generated from the same
 * zod schemas that check the requests.
 */
export function createApiApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const limiter = new RateLimiter(deps.ratePerMinute ?? defaultRatePerMinute);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API token (fd_p_… platform, fd_c_… company), made in the console or CLI",
  });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Frontdesk API",
        version: "1",
        description: "Onboarding and reporting for the companies on a Frontdesk platform.",
      },
      servers: [{ url: apiBase }],
      security: [{ bearer: [] }],
    });
  app.get("/openapi.json", (c) => c.json(document()));
  app.get("/docs", (c) => c.html(apiDocsPage(document())));

  app.use(async (c, next) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const token = presented ? await deps.useCases.api.authenticateApiToken(presented) : null;
    if (!token) {
      c.header("WWW-Authenticate", 'Bearer realm="frontdesk"');
      return problemResponse(
        c,
        401,
        "unauthorized",
        "send a live API token as Authorization: Bearer …",
      );
    }
    const verdict = limiter.hit(token.id, Date.now());
    c.header("RateLimit-Limit", String(verdict.limit));
    c.header("RateLimit-Remaining", String(verdict.remaining));
    if (!verdict.allowed) {
      c.header("Retry-After", String(Math.max(1, verdict.resetSeconds)));
      return problemResponse(
        c,
        429,
        "rate_limited",
        `more than ${verdict.limit} requests a minute with this token; retry after ${Math.max(1, verdict.resetSeconds)} s`,
      );
    }
    c.set("token", token);
    if (!isWrite(c.req.method)) return next();
    if (token.scope !== "write")
      c.res = problemResponse(
        c,
        403,
        "forbidden",
        "this token is read-only; a write token is needed",
      );
    else await next();
    // Every write with a token is audited, a refused one too (a read token trying to write):
    // the route's pattern, so the row holds ids at most, never a body.
    const route = routePath(c);
    await deps.useCases.api.recordApiWrite({
      companyId: token.companyId ?? c.req.param("companyId") ?? null,
      tokenId: token.id,
      method: c.req.method,
      route: route.endsWith("*") ? c.req.path : route,
      status: c.res.status,
    });
    return c.res;
  });

  app.use(
    bodyLimit({
      maxSize: apiBodyLimit,
      onError: (c) =>
        problemResponse(
          c,
          413,
          "payload_too_large",
          `the body is larger than ${apiBodyLimit} bytes`,
        ),
    }),
  );
  // JSON bodies are parsed once here so a broken one and a NUL character get a clear 400; the
  // route's validator reads the same parsed text again from Hono's body cache.
  app.use(async (c, next) => {
    if (!isWrite(c.req.method) || !(c.req.header("content-type") ?? "").includes("json"))
      return next();
    const text = await c.req.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? {} : JSON.parse(text);
    } catch (error) {
      return problemResponse(
        c,
        400,
        "invalid_input",
        `the body is not valid JSON: ${(error as Error).message}`,
      );
    }
    const nul = nulAt(parsed);
    if (nul)
      return problemResponse(
        c,
        400,
        "invalid_input",
        `${nul}: NUL characters (U+0000) are not accepted`,
      );
    await next();
  });

  // The tenant is settled before any body is validated: another company's id is a 404 whatever
  // the request carries.
  const openTenant: MiddlewareHandler<ApiEnv> = async (c, next) => {
    c.set(
      "tenant",
      await deps.useCases.api.openApiCompany(c.get("token"), c.req.param("companyId") ?? ""),
    );
    await next();
  };
  app.use("/companies/:companyId", openTenant);
  app.use("/companies/:companyId/*", openTenant);

  apiRoutes(app, deps);

  app.notFound((c) =>
    problemResponse(c, 404, "not_found", `no route for ${c.req.method} ${c.req.path}`),
  );
  app.onError((error, c: Context) => {
    if (error instanceof HTTPException && error.status < 500)
      return problemResponse(c, error.status as 400, "invalid_input", error.message);
    if (!(error instanceof AppError)) deps.logger.error({ err: error }, "unhandled API error");
    return errorResponse(c, error);
  });
  return app;
}
