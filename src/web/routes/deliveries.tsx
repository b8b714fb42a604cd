import type { Hono } from "hono";
import { listDeliveriesInput } from "../../features/appointments/list-deliveries.ts";
import { type ConsoleAppDeps, type ConsoleEnv, tenantOf } from "../context.ts";
import { DeliveriesPage } from "../pages/deliveries.tsx";
import { errorPage, pageUi } from "../render.tsx";

export function deliveryRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/deliveries", async (c) => {
    // An empty select means "all".
    const raw = {
      provider: c.req.query("provider") || undefined,
      outcome: c.req.query("outcome") || undefined,
      after: c.req.query("after") || undefined,
    };
    // Only values our own form and pager send: anything else names no page.
    const parsed = listDeliveriesInput.safeParse(raw);
    if (!parsed.success) return errorPage(c, 404, "notFound");
    const filter = { provider: parsed.data.provider, outcome: parsed.data.outcome };
    const [page, ui] = await Promise.all([
      deps.useCases.appointments.listDeliveries(tenantOf(c), { ...filter, after: raw.after }),
      pageUi(c, deps),
    ]);
    return c.html(
      <DeliveriesPage ui={ui} page={page} filter={filter} paged={raw.after !== undefined} />,
    );
  });
}
