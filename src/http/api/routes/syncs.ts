import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { requestSyncInput } from "../../../features/sync/request-sync.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, problems, readProblems, writeProblems } from "../api-schemas.ts";

const syncRunSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["team", "service_hosts", "reconcile"]),
    trigger: z.enum(["schedule", "cli", "admin", "webhook"]),
    scope: z.string().nullable(),
    status: z.enum(["running", "succeeded", "failed", "partial"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
    calcomRequests: z.number().int(),
    error: z.string().nullable(),
    /** How its Cal.com call failed, when that is why it failed. */
    errorKind: z.string().nullable(),
  })
  .meta({ id: "SyncRun" });

const tags = ["sync"];

export function syncRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/sync",
      tags,
      summary:
        "Queue a team sync (with host matching) or a reconciliation of bookings; it shows in the runs once started",
      request: {
        params: companyParams,
        body: {
          required: true,
          content: { "application/json": { schema: requestSyncInput.meta({ id: "SyncRequest" }) } },
        },
      },
      responses: {
        202: jsonBody(
          z.object({
            /** Null when one of this company was already waiting: that one will do. */
            jobId: z.string().nullable(),
            queued: z.boolean(),
          }),
          "Queued (or already waiting)",
        ),
        ...writeProblems,
      },
    }),
    async (c) => c.json(await useCases.sync.requestSync(c.get("tenant"), c.req.valid("json")), 202),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/sync-runs",
      tags,
      summary: "The company's sync and reconciliation runs, newest first",
      request: {
        params: companyParams,
        query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      },
      responses: {
        200: jsonBody(z.object({ items: z.array(syncRunSchema) }), "The runs"),
        ...readProblems,
        400: problems[400],
      },
    }),
    async (c) => {
      const runs = await useCases.sync.listSyncRuns(c.get("tenant"), c.req.valid("query").limit);
      return c.json({ items: runs.map(({ companyId: _, ...run }) => run) }, 200);
    },
  );
}
