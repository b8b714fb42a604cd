import type { Hono } from "hono";
import type { VoiceProbe } from "../../domain/ports/calls.ts";
import { testCallerNumber } from "../../features/calls/test-call.ts";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import { type TestCallForm, TestCallPage } from "../pages/test-call.tsx";
import { isRefusal, pageUi } from "../render.tsx";

/** Without the HTTP app's probe nothing can be signed: refused as without RETELL_API_KEY. */
const unsignedProbe: VoiceProbe = {
  signed: false,
  inbound: () => Promise.reject(new Error("no voice probe")),
  event: () => Promise.reject(new Error("no voice probe")),
  invoke: () => Promise.reject(new Error("no voice probe")),
};

async function formOf(c: ConsoleContext) {
  const body = await c.req.parseBody();
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
  return {
    callerNumber: text("callerNumber"),
    phrase: text("phrase"),
    callId: text("callId"),
    start: text("start"),
    name: text("name"),
  };
}

/**
 * /companies/:companyId/test-call: the tenant check has run, so the panel only ever dials this
 * company's numbers; every request it sends passes the Retell routes' signature check.
 */
export function testCallRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  const probe = deps.voiceProbe ?? unsignedProbe;
  const render = async (
    c: ConsoleContext,
    form: TestCallForm,
    rest: Omit<Parameters<typeof TestCallPage>[0], "ui" | "signed" | "form"> = {},
  ) =>
    c.html(
      <TestCallPage ui={await pageUi(c, deps)} signed={probe.signed} form={form} {...rest} />,
      rest.error === undefined ? 200 : 422,
    );

  app.get("/test-call", (c) =>
    render(c, { callerNumber: testCallerNumber(c.get("company").country), phrase: "" }),
  );

  app.post("/test-call", async (c) => {
    const form = await formOf(c);
    try {
      const outcome = await deps.useCases.calls.startTestCall(tenantOf(c), probe, form);
      return render(c, form, { outcome });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return render(c, form, { error });
    }
  });

  app.post("/test-call/book", async (c) => {
    const form = await formOf(c);
    try {
      const outcome = await deps.useCases.calls.bookTestCall(tenantOf(c), probe, form);
      return render(c, form, { outcome, booked: true });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return render(c, form, { error });
    }
  });
}
