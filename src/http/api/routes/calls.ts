import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { callOutcomes } from "../../../domain/call-outcome.ts";
import { getCallInput } from "../../../features/calls/get-call.ts";
import { type CallView, listCallsInput } from "../../../features/calls/list-calls.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, pageOf, problems, readProblems } from "../api-schemas.ts";

const callSchema = z
  .object({
    callId: z.string(),
    agentId: z.string().nullable(),
    fromNumber: z.string().nullable(),
    toNumber: z.string().nullable(),
    direction: z.string().nullable(),
    status: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    /** Retell's summary of the call: what the caller said, as plain text. */
    summary: z.string().nullable(),
    sentiment: z.string().nullable(),
    /** What the call achieved. */
    result: z.enum(callOutcomes),
    /** Placed from the console's test-call panel, not by a caller. */
    test: z.boolean(),
    appointments: z.array(
      z.object({
        id: z.string(),
        bookingUid: z.string(),
        serviceName: z.string().nullable(),
        staffName: z.string().nullable(),
        startAt: z.string(),
        status: z.string(),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: "Call" });

const callView = (call: CallView): z.infer<typeof callSchema> => ({
  callId: call.retellCallId,
  agentId: call.agentId,
  fromNumber: call.fromNumber,
  toNumber: call.toNumber,
  direction: call.direction,
  status: call.status,
  startedAt: call.startedAt,
  endedAt: call.endedAt,
  durationMs: call.durationMs,
  summary: call.summary,
  sentiment: call.sentiment,
  result: call.result,
  test: call.test,
  appointments: call.appointments.map((a) => ({
    id: a.id,
    bookingUid: a.bookingUid,
    serviceName: a.serviceName,
    staffName: a.staffName,
    startAt: a.startAt,
    status: a.status,
  })),
  createdAt: call.createdAt,
});

const listQuery = z.object({
  cursor: listCallsInput.shape.after,
  outcome: listCallsInput.shape.outcome,
  limit: listCallsInput.shape.limit,
});
const tags = ["calls"];

export function callRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/calls",
      tags,
      summary: "The company's calls, newest first, with the appointments they made",
      request: { params: companyParams, query: listQuery },
      responses: {
        200: jsonBody(pageOf(callSchema), "One page; pass nextCursor as cursor"),
        ...readProblems,
        400: problems[400],
      },
    }),
    async (c) => {
      const { outcome, limit } = c.req.valid("query");
      // The use-case reads the cursor from its text, as the console passes it.
      const page = await useCases.calls.listCalls(c.get("tenant"), {
        after: c.req.query("cursor"),
        outcome,
        limit,
      });
      return c.json({ items: page.calls.map(callView), nextCursor: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/calls/{callId}",
      tags,
      summary: "One call by its Retell call id",
      request: {
        params: companyParams.extend({
          callId: getCallInput.shape.callId.meta({ param: { name: "callId", in: "path" } }),
        }),
      },
      responses: { 200: jsonBody(callSchema, "The call"), ...readProblems, 400: problems[400] },
    }),
    async (c) =>
      c.json(callView(await useCases.calls.getCall(c.get("tenant"), c.req.valid("param"))), 200),
  );
}
