import type { Hono } from "hono";
import { getCallInput } from "../../features/calls/get-call.ts";
import { listCallsInput } from "../../features/calls/list-calls.ts";
import { type ConsoleAppDeps, type ConsoleEnv, tenantOf } from "../context.ts";
import { CallDetailPage, CallsPage } from "../pages/calls.tsx";
import { errorPage, pageUi } from "../render.tsx";

export function callRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/calls", async (c) => {
    const raw = {
      after: c.req.query("after") || undefined,
      outcome: c.req.query("outcome") || undefined,
    };
    // A cursor that is not one of ours, or a result we do not know, names no page.
    const input = listCallsInput.safeParse(raw);
    if (!input.success) return errorPage(c, 404, "notFound");
    const [page, ui] = await Promise.all([
      deps.useCases.calls.listCalls(tenantOf(c), { ...raw, outcome: input.data.outcome }),
      pageUi(c, deps),
    ]);
    return c.html(
      <CallsPage
        ui={ui}
        page={page}
        outcome={input.data.outcome}
        paged={raw.after !== undefined}
      />,
    );
  });

  app.get("/calls/:callId", async (c) => {
    const raw = { callId: c.req.param("callId") };
    if (!getCallInput.safeParse(raw).success) return errorPage(c, 404, "notFound");
    const [call, ui] = await Promise.all([
      deps.useCases.calls.getCall(tenantOf(c), raw),
      pageUi(c, deps),
    ]);
    return c.html(<CallDetailPage ui={ui} call={call} />);
  });
}
