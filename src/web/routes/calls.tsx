import type { Hono } from "hono";
import { getCallInput } from "../../features/calls/get-call.ts";
import { listCallsInput } from "../../features/calls/list-calls.ts";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import { CallDetailPage, CallsPage, TranscriptPanel } from "../pages/calls.tsx";
import { errorPage, fragmentUi, pageUi } from "../render.tsx";
import { isHtmx } from "../security.ts";

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

  /** The detail page; with the transcript when asked (the use-case checks the call first). */
  const detail = async (c: ConsoleContext, withTranscript: boolean) => {
    const raw = { callId: c.req.param("callId") ?? "" };
    if (!getCallInput.safeParse(raw).success) return errorPage(c, 404, "notFound");
    const call = await deps.useCases.calls.getCall(tenantOf(c), raw);
    const [transcript, ui] = await Promise.all([
      withTranscript ? deps.useCases.calls.getCallTranscript(tenantOf(c), raw) : null,
      pageUi(c, deps),
    ]);
    return c.html(<CallDetailPage ui={ui} call={call} transcript={transcript} />);
  };

  app.get("/calls/:callId", (c) => detail(c, c.req.query("transcript") === "1"));

  // The "Show transcript" button under htmx: the panel alone, fetched from Retell now.
  app.post("/calls/:callId/transcript", async (c) => {
    if (!isHtmx(c)) return detail(c, true);
    const raw = { callId: c.req.param("callId") };
    if (!getCallInput.safeParse(raw).success) return errorPage(c, 404, "notFound");
    const transcript = await deps.useCases.calls.getCallTranscript(tenantOf(c), raw);
    return c.html(
      <TranscriptPanel ui={fragmentUi(c)} callId={raw.callId} transcript={transcript} />,
    );
  });
}
