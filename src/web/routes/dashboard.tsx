import type { Hono } from "hono";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import { PlatformOverviewPage } from "../pages/all-companies.tsx";
import { DashboardPage } from "../pages/dashboard.tsx";
import { pageUi } from "../render.tsx";

/** A company's landing page (mounted under /companies/:companyId, after the tenant check). */
export function dashboardRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/", async (c) => {
    const [dashboard, checklist, ui] = await Promise.all([
      deps.useCases.company.companyDashboard(tenantOf(c)),
      deps.useCases.company.onboardingChecklist(tenantOf(c)),
      pageUi(c, deps),
    ]);
    return c.html(<DashboardPage ui={ui} dashboard={dashboard} checklist={checklist} />);
  });
}

/** Every company's health: platform admins only (the use-case refuses anyone else with 404). */
export async function platformOverview(c: ConsoleContext, deps: ConsoleAppDeps) {
  const [rows, ui] = await Promise.all([
    deps.useCases.company.platformOverview(c.get("viewer").user),
    pageUi(c, deps),
  ]);
  return c.html(<PlatformOverviewPage ui={ui} rows={rows} />);
}
