import type { Hono } from "hono";
import { toE164 } from "../../domain/phone.ts";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import { PrivacyPage } from "../pages/privacy.tsx";
import { isRefusal, pageUi } from "../render.tsx";

export type PrivacyRouteDeps = Pick<ConsoleAppDeps, "useCases" | "publicUrl" | "logger">;

async function phoneOf(c: ConsoleContext): Promise<{ phone: string; confirm: string }> {
  const body = await c.req.parseBody();
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return { phone: text(body.phone), confirm: text(body.confirm) };
}

/**
 * /companies/:companyId/privacy: a caller's stored data, its download and its erasure (with the
 * number typed again as confirmation). Every POST carries the CSRF token like the other forms;
 * the tenant check has run, and the use-cases only see this company's rows.
 */
export function privacyRoutes(app: Hono<ConsoleEnv>, deps: PrivacyRouteDeps) {
  const ui = (c: ConsoleContext) => pageUi(c, deps as ConsoleAppDeps);

  app.get("/privacy", async (c) => c.html(<PrivacyPage ui={await ui(c)} />));

  app.post("/privacy/lookup", async (c) => {
    const { phone } = await phoneOf(c);
    try {
      const found = await deps.useCases.privacy.exportCustomer(tenantOf(c), { phone });
      return c.html(<PrivacyPage ui={await ui(c)} phone={phone} found={found} />);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.html(<PrivacyPage ui={await ui(c)} phone={phone} error={error} />, 422);
    }
  });

  app.post("/privacy/export", async (c) => {
    const { phone } = await phoneOf(c);
    try {
      const found = await deps.useCases.privacy.exportCustomer(tenantOf(c), { phone });
      c.header("Content-Disposition", `attachment; filename="caller-${found.phone.slice(1)}.json"`);
      c.header("Cache-Control", "no-store");
      return c.json(found);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.html(<PrivacyPage ui={await ui(c)} phone={phone} error={error} />, 422);
    }
  });

  app.post("/privacy/erase", async (c) => {
    const { phone, confirm } = await phoneOf(c);
    const ctx = tenantOf(c);
    try {
      // The confirmation is the number typed again, read like the number itself.
      const found = await deps.useCases.privacy.exportCustomer(ctx, { phone });
      const typed = toE164(confirm, ctx.company.country);
      const confirmed = typed.ok && typed.e164 === found.phone;
      if (!confirmed) {
        return c.html(
          <PrivacyPage ui={await ui(c)} phone={phone} found={found} confirmMismatch />,
          422,
        );
      }
      const erased = await deps.useCases.privacy.eraseCustomer(ctx, { phone });
      return c.html(<PrivacyPage ui={await ui(c)} erased={erased} />);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.html(<PrivacyPage ui={await ui(c)} phone={phone} error={error} />, 422);
    }
  });
}
