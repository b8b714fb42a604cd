import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { HostMapping, TenantContext } from "../../../domain/entities.ts";
import {
  type MappingChange,
  mappingVersion,
} from "../../../features/mappings/change-one-mapping.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, problems, readProblems, writeProblems } from "../api-schemas.ts";

const statuses = ["active", "suggested", "rejected", "unmapped"] as const;
const calcomUserId = z.coerce.number().int().positive().max(2_147_483_647);

const hostMappingSchema = z
  .object({
    calcomUserId: z.number().int(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    username: z.string().nullable(),
    status: z.enum(statuses),
    source: z.string().nullable(),
    confidence: z.number().int().nullable(),
    reasonCode: z.string().nullable(),
    reason: z.string().nullable(),
    staff: z.object({ id: z.string(), name: z.string(), active: z.boolean() }).nullable(),
    eventTypeIds: z.array(z.number().int()),
  })
  .meta({ id: "HostMapping" });

/** A mapping as one change left it; `version` is what a later change may send as `expectedVersion`. */
const mappingStateSchema = z
  .object({
    staffId: z.string(),
    status: z.enum(["active", "suggested", "rejected"]),
    source: z.string(),
    confidence: z.number().int(),
    reasonCode: z.string(),
    reason: z.string(),
    version: z.string(),
  })
  .meta({ id: "MappingState" });

const changeResultSchema = z
  .object({
    calcomUserId: z.number().int(),
    before: mappingStateSchema.nullable(),
    after: mappingStateSchema.nullable(),
    /** The host's upcoming appointments that now belong to the new staff member (or to none). */
    movedAppointments: z.number().int(),
  })
  .meta({ id: "MappingChangeResult" });

const stateView = (m: HostMapping | null): z.infer<typeof mappingStateSchema> | null =>
  m
    ? {
        staffId: m.staffId,
        status: m.status,
        source: m.source,
        confidence: m.confidence,
        reasonCode: m.reasonCode,
        reason: m.reasonText,
        version: mappingVersion(m)!,
      }
    : null;

const hostParams = companyParams.extend({
  calcomUserId: calcomUserId.meta({ param: { name: "calcomUserId", in: "path" } }),
});

/** What every single change may carry: why, and the version it was decided on. */
const changeFields = {
  reason: z.string().trim().min(1).max(500).optional(),
  /** The `version` the change was decided on (null: there was no mapping); stale → 409. */
  expectedVersion: z.string().max(100).nullable().optional(),
};
const setBody = z
  .object({ staffId: z.string().min(1).max(100), ...changeFields })
  .meta({ id: "MappingSet" });
const verbBody = z.object(changeFields).meta({ id: "MappingVerb" });

const bulkBody = z
  .discriminatedUnion("action", [
    z.object({
      action: z.enum(["accept", "reject"]),
      calcomUserIds: z.array(calcomUserId).min(1).max(500),
    }),
    z.object({
      action: z.literal("set"),
      assignments: z
        .array(z.object({ calcomUserId, staffId: z.string().min(1).max(100) }))
        .min(1)
        .max(500),
    }),
  ])
  .meta({ id: "MappingBulkChange" });

const tags = ["host-mappings"];

export function hostMappingRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/host-mappings",
      tags,
      summary: "Every Cal.com host of the company's team with its mapping to staff",
      request: {
        params: companyParams,
        query: z.object({ status: z.enum(statuses).optional() }),
      },
      responses: {
        200: jsonBody(z.object({ items: z.array(hostMappingSchema) }), "The hosts"),
        ...readProblems,
        400: problems[400],
      },
    }),
    async (c) => {
      const items = await useCases.mappings.listHostMappings(c.get("tenant"), c.req.valid("query"));
      return c.json({ items }, 200);
    },
  );

  /** One change through the use-case the console and CLI share, answered the same way. */
  const change = async (ctx: TenantContext, step: MappingChange) => {
    const result = await useCases.mappings.changeHostMapping(ctx, step);
    return {
      calcomUserId: step.calcomUserId,
      before: stateView(result.before),
      after: stateView(result.after),
      movedAppointments: result.movedAppointments,
    };
  };

  app.openapi(
    createRoute({
      method: "put",
      path: "/companies/{companyId}/host-mappings/{calcomUserId}",
      tags,
      summary: "Map a host to a staff member (a manual mapping the matcher leaves alone)",
      request: {
        params: hostParams,
        body: { required: true, content: { "application/json": { schema: setBody } } },
      },
      responses: { 200: jsonBody(changeResultSchema, "The change"), ...writeProblems },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { calcomUserId } = c.req.valid("param");
      return c.json(await change(c.get("tenant"), { verb: "set", calcomUserId, ...body }), 200);
    },
  );

  for (const verb of ["accept", "reject"] as const)
    app.openapi(
      createRoute({
        method: "post",
        path: `/companies/{companyId}/host-mappings/{calcomUserId}/${verb}`,
        tags,
        summary:
          verb === "accept"
            ? "Accept the host's suggested mapping"
            : "Reject the host's mapping or suggestion (the matcher will not suggest it again)",
        request: {
          params: hostParams,
          body: { required: false, content: { "application/json": { schema: verbBody } } },
        },
        responses: { 200: jsonBody(changeResultSchema, "The change"), ...writeProblems },
      }),
      async (c) => {
        const { calcomUserId } = c.req.valid("param");
        return c.json(
          await change(c.get("tenant"), { verb, calcomUserId, ...c.req.valid("json") }),
          200,
        );
      },
    );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/companies/{companyId}/host-mappings/{calcomUserId}",
      tags,
      summary: "Remove the host's mapping (its upcoming appointments then have no staff member)",
      request: { params: hostParams },
      responses: { 200: jsonBody(changeResultSchema, "The change"), ...writeProblems },
    }),
    async (c) => {
      const { calcomUserId } = c.req.valid("param");
      return c.json(await change(c.get("tenant"), { verb: "unset", calcomUserId }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/host-mappings/bulk",
      tags,
      summary: "Accept, reject or set many mappings in one transaction (all or nothing)",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: bulkBody } } },
      },
      responses: {
        200: jsonBody(
          z.object({
            /** The hosts whose mapping changed (one audit row each). */
            changed: z.array(z.number().int()),
            /** Selected hosts with nothing to do. */
            skipped: z.array(z.number().int()),
          }),
          "What changed",
        ),
        ...writeProblems,
      },
    }),
    async (c) =>
      c.json(
        await useCases.mappings.changeHostMappingsInBulk(c.get("tenant"), c.req.valid("json")),
        200,
      ),
  );
}
