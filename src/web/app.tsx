import { Hono } from "hono";
import { AppError } from "../domain/errors.ts";
import { isClientAbort } from "../platform/logger.ts";
import { assetRoutes } from "./assets.ts";
import { type ConsoleAppDeps, type ConsoleEnv, paths } from "./context.ts";
import { errorPage } from "./render.tsx";
import { platformApiTokenRoutes } from "./routes/api-tokens.tsx";
import { appointmentRoutes } from "./routes/appointments.tsx";
import { auditRoutes } from "./routes/audit.tsx";
import { callRoutes } from "./routes/calls.tsx";
import { dashboardRoutes } from "./routes/dashboard.tsx";
import { deliveryRoutes } from "./routes/deliveries.tsx";
import { eventRoutes } from "./routes/events.tsx";
import { mappingRoutes } from "./routes/mappings.tsx";
import { newCompanyRoutes, onboardingRoutes } from "./routes/onboarding.tsx";
import { privacyRoutes } from "./routes/privacy.tsx";
import { serviceRoutes } from "./routes/services.tsx";
import { bodyTooLarge, publicSessionRoutes, sessionRoutes } from "./routes/session.tsx";
import { settingsRoutes } from "./routes/settings.tsx";
import { staffRoutes } from "./routes/staff.tsx";
import { syncRoutes } from "./routes/syncs.tsx";
import { testCallRoutes } from "./routes/test-call.tsx";
import { publicUserRoutes, userRoutes } from "./routes/users.tsx";
import {
  bodyLimit,
  consoleBodyLimit,
  csrfMatches,
  isHtmx,
  isSecure,
  readSessionToken,
  securityHeaders,
} from "./security.ts";

export type { ConsoleAppDeps } from "./context.ts";
/** Where the console lives: the HTTP app mounts it here. */
export { consoleBase } from "./context.ts";

/**
 * The admin console, mounted by the HTTP app at /admin. Every route after the login needs a
 * session; every POST carries the session's CSRF token; every /companies/:companyId route
 * passes the tenant check first, so another company's id answers 404 like an unknown one.
 */
export function createConsoleApp(deps: ConsoleAppDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use(securityHeaders);
  // Before any route parses a form: no console body is read past 64 KiB.
  app.use(bodyLimit(consoleBodyLimit, bodyTooLarge));
  // A NUL character cannot be stored (PostgreSQL refuses it in text): refused with 400 before
  // any route reads the address or the form, rather than failing in the database with a 500.
  app.use(async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    const form =
      c.req.method !== "GET" &&
      c.req.method !== "HEAD" &&
      (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data"));
    const body = form ? new Uint8Array(await c.req.arrayBuffer()) : null;
    const nul =
      /%00/i.test(c.req.url) ||
      c.req.url.includes("\u0000") ||
      (body !== null &&
        (body.includes(0) ||
          (type.includes("urlencoded") && /%00/i.test(Buffer.from(body).toString("latin1")))));
    if (nul) return c.text("Bad request: NUL characters (U+0000) are not accepted.", 400);
    await next();
  });
  assetRoutes(app);
  publicSessionRoutes(app, deps);
  publicUserRoutes(app, deps);

  app.use(async (c, next) => {
    const secure = isSecure(c, deps.publicUrl);
    const viewer = await deps.useCases.auth.authenticate(readSessionToken(c, secure));
    if (!viewer) {
      const login = `${paths.login}?expired`;
      if (isHtmx(c)) {
        c.header("HX-Redirect", login);
        return c.body(null, 401);
      }
      if (c.req.method === "GET") {
        const url = new URL(c.req.url);
        return c.redirect(
          `${paths.login}?next=${encodeURIComponent(url.pathname + url.search)}`,
          303,
        );
      }
      return c.redirect(login, 303);
    }
    c.set("viewer", viewer);
    if (
      c.req.method !== "GET" &&
      c.req.method !== "HEAD" &&
      !(await csrfMatches(c, viewer.csrfToken))
    )
      return errorPage(c, 403, "forbidden");
    await next();
  });
  sessionRoutes(app, deps);
  newCompanyRoutes(app, deps);
  userRoutes(app, deps);
  platformApiTokenRoutes(app, deps);

  const company = new Hono<ConsoleEnv>();
  company.use(async (c, next) => {
    c.set(
      "company",
      await deps.useCases.company.openCompany(c.get("viewer").user, c.req.param("companyId") ?? ""),
    );
    await next();
  });
  serviceRoutes(company, deps);
  staffRoutes(company, deps);
  mappingRoutes(company, deps);
  auditRoutes(company, deps);
  syncRoutes(company, deps);
  appointmentRoutes(company, deps);
  callRoutes(company, deps);
  testCallRoutes(company, deps);
  deliveryRoutes(company, deps);
  settingsRoutes(company, deps);
  onboardingRoutes(company, deps);
  privacyRoutes(company, deps);
  dashboardRoutes(company, deps);
  eventRoutes(company, deps);
  app.route("/companies/:companyId", company);

  app.all("*", (c) => errorPage(c, 404, "notFound"));
  app.onError((error, c) => {
    if (error instanceof AppError && error.code === "not_found")
      return errorPage(c, 404, "notFound");
    // The browser hung up mid-form: nobody reads the answer, and it is not our failure.
    if (isClientAbort(error)) {
      deps.logger.info({ path: c.req.path, outcome: "client_aborted" }, "console: request aborted");
      return c.body(null, 400);
    }
    deps.logger.error({ err: error, path: c.req.path }, "console: request failed");
    return errorPage(c, 500, "server");
  });
  return app;
}
