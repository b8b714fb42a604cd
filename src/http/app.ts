import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { routePath } from "hono/route";
import type { HealthCheck } from "../domain/ports/store.ts";
import type { UseCases } from "../features/use-cases.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import { createVoiceProbe } from "../retell/probe.ts";
import { type ConsoleAppDeps, consoleBase, createConsoleApp } from "../web/app.tsx";
import { apiBase, createApiApp } from "./api/api-app.ts";
import { errorResponse, problemResponse } from "./problem.ts";
import { calcomWebhookRoutes } from "./routes/calcom-webhook.ts";
import { retellWebhookRoutes } from "./routes/retell-webhooks.ts";

export interface HttpDeps {
  health: HealthCheck;
  metrics: Metrics;
  logger: Logger;
  useCases: UseCases;
  /** Verifies Retell's signatures; without it every Retell webhook is refused. */
  retellApiKey?: string;
  clock?: Clock;
  /** The admin console at /admin (left out by tests that only need the webhooks). */
  console?: ConsoleAppDeps;
  /**
   * Who may read /metrics: with a token (METRICS_TOKEN), only a request carrying it as
   * `Authorization: Bearer …`; without one, anybody only if the server listens on loopback
   * (`host` 127.0.0.1, ::1 or localhost). Left out, /metrics needs a token nobody has.
   */
  metricsAccess?: { token: string | undefined; host: string };
  /** Requests one API token may make per rolling minute (default 600). */
  apiRatePerMinute?: number;
}

const loopbackHosts = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);
const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether a /metrics request may be answered (see HttpDeps.metricsAccess). */
export function metricsAllowed(
  access: HttpDeps["metricsAccess"],
  authorization: string | undefined,
): boolean {
  if (!access) return false;
  if (access.token === undefined) return loopbackHosts.has(access.host);
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(access.token));
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The route pattern ("/webhooks/calcom/:companySlug"), never the raw path: bounded label values.
    const route = c.res.status === 404 && routePath(c) === "/*" ? "unmatched" : routePath(c);
    deps.metrics.httpDuration.observe(
      { method: c.req.method, route, status: String(c.res.status) },
      seconds,
    );
    // Copying the headers for a log line nobody reads is a cost on every call.
    if (!deps.logger.isLevelEnabled("info")) return;
    deps.logger.info(
      {
        req: {
          method: c.req.method,
          url: c.req.path,
          headers: Object.fromEntries(c.req.raw.headers),
        },
        res: { status: c.res.status },
        ms: Math.round(seconds * 100_000) / 100,
      },
      "request",
    );
  });

  app.get("/healthz", async (c) => {
    try {
      await deps.health.ping();
      return c.json({ status: "ok", database: "ok" });
    } catch (error) {
      deps.logger.error({ err: error }, "health check: database unreachable");
      return c.json({ status: "error", database: "unreachable" }, 503);
    }
  });

  app.get("/metrics", async (c) => {
    if (!metricsAllowed(deps.metricsAccess, c.req.header("authorization"))) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      return problemResponse(
        c,
        401,
        "unauthorized",
        "/metrics needs METRICS_TOKEN as a bearer token",
      );
    }
    c.header("Content-Type", deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });

  app.route(
    apiBase,
    createApiApp({
      useCases: deps.useCases,
      logger: deps.logger,
      ratePerMinute: deps.apiRatePerMinute,
    }),
  );
  app.route("/", calcomWebhookRoutes(deps));
  app.route(
    "/",
    retellWebhookRoutes({
      ...deps,
      retellApiKey: deps.retellApiKey,
      clock: deps.clock ?? systemClock,
    }),
  );

  if (deps.console) {
    // The test-call panel's requests come back in here, through the routes above and their
    // signature check, never over the network.
    const voiceProbe = createVoiceProbe({
      apiKey: deps.retellApiKey,
      clock: deps.clock ?? systemClock,
      send: (request) => app.fetch(request),
    });
    app.route(consoleBase, createConsoleApp({ ...deps.console, voiceProbe }));
  }

  app.notFound((c) =>
    problemResponse(c, 404, "not_found", `no route for ${c.req.method} ${c.req.path}`),
  );

  app.onError((error, c) => {
    deps.logger.error({ err: error }, "unhandled error");
    return errorResponse(c, error);
  });

  return app;
}
