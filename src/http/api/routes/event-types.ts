import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, readProblems } from "../api-schemas.ts";

const eventTypeSchema = z
  .looseObject({
    id: z.number().int(),
    title: z.string(),
    slug: z.string(),
    lengthInMinutes: z.number().int(),
    schedulingType: z.string().nullable(),
    hidden: z.boolean(),
    removed: z.boolean(),
    requiresConfirmation: z.boolean(),
    chosenHosts: z.boolean(),
    hosts: z.array(z.looseObject({})),
    services: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
    /** Whether the phone agent can book it; `problems` says why not. */
    bookableByPhone: z.boolean(),
    problems: z.array(z.string()),
  })
  .meta({ id: "EventType" });

export function eventTypeRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/event-types",
      tags: ["event-types"],
      summary: "The mirrored Cal.com event types with their hosts and bookability",
      request: { params: companyParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(eventTypeSchema) }), "The event types"),
        ...readProblems,
      },
    }),
    async (c) => c.json({ items: await useCases.sync.listEventTypes(c.get("tenant")) }, 200),
  );
}
