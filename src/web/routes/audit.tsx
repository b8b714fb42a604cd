import type { Hono } from "hono";
import { type ConsoleAppDeps, type ConsoleEnv, tenantOf } from "../context.ts";
import { AuditPage } from "../pages/audit.tsx";
import { pageUi } from "../render.tsx";

export function auditRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/audit", async (c) => {
    const host = Number(c.req.query("host"));
    const staff = c.req.query("staff");
    const filter = {
      calcomUserId: Number.isSafeInteger(host) && host > 0 ? host : undefined,
      staffId: staff ? staff : undefined,
    };
    const ctx = tenantOf(c);
    const [trail, settings, ui] = await Promise.all([
      deps.useCases.mappings.listMappingAuditWithNames(ctx, filter),
      deps.useCases.company.listSettingsAudit(ctx),
      pageUi(c, deps),
    ]);
    return c.html(<AuditPage ui={ui} trail={trail} settings={settings} filter={filter} />);
  });
}
