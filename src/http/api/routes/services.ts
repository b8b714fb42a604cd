import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Service } from "../../../domain/entities.ts";
import { createServiceInput } from "../../../features/service/create-service.ts";
import { updateServiceInput } from "../../../features/service/update-service.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, readProblems, writeProblems } from "../api-schemas.ts";

export const serviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    durationMinutes: z.number().int(),
    priceCents: z.number().int().nullable(),
    active: z.boolean(),
    calcomEventTypeId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Service" });

const coverageSchema = z
  .object({
    service: serviceSchema,
    eventTypeTitle: z.string().nullable(),
    /** Whether every host of its event type is mapped to staff. */
    state: z.string(),
    hosts: z.number().int(),
    mapped: z.number().int(),
    suggested: z.number().int(),
    fixedHosts: z.array(z.string()),
  })
  .meta({ id: "ServiceCoverage" });

const serviceView = (s: Service) => ({
  id: s.id,
  name: s.name,
  durationMinutes: s.durationMinutes,
  priceCents: s.priceCents,
  active: s.active,
  calcomEventTypeId: s.calcomEventTypeId,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const serviceParams = companyParams.extend({
  serviceId: z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name: "serviceId", in: "path" } }),
});
const serviceChanges = updateServiceInput.omit({ serviceId: true }).meta({ id: "ServiceChanges" });
const tags = ["services"];

export function serviceRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/services",
      tags,
      summary: "The services, each with its hosts and how many are mapped",
      request: { params: companyParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(coverageSchema) }), "The services"),
        ...readProblems,
      },
    }),
    async (c) => {
      const coverage = await useCases.service.listServiceCoverage(c.get("tenant"));
      return c.json(
        { items: coverage.map((line) => ({ ...line, service: serviceView(line.service) })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/services",
      tags,
      summary: "Create a service (optionally linked to a Cal.com event type)",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: createServiceInput } } },
      },
      responses: { 201: jsonBody(serviceSchema, "The new service"), ...writeProblems },
    }),
    async (c) => {
      const service = await useCases.service.createService(c.get("tenant"), c.req.valid("json"));
      return c.json(serviceView(service), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/companies/{companyId}/services/{serviceId}",
      tags,
      summary: "Change a service; eventTypeId links it to a Cal.com event type, null unlinks",
      request: {
        params: serviceParams,
        body: { required: true, content: { "application/json": { schema: serviceChanges } } },
      },
      responses: { 200: jsonBody(serviceSchema, "The service"), ...writeProblems },
    }),
    async (c) => {
      const service = await useCases.service.updateService(c.get("tenant"), {
        ...c.req.valid("json"),
        serviceId: c.req.valid("param").serviceId,
      });
      return c.json(serviceView(service), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/companies/{companyId}/services/{serviceId}",
      tags,
      summary:
        "Delete a service made by mistake (409 when it has appointments: deactivate it instead)",
      request: { params: serviceParams },
      responses: { 204: { description: "Deleted" }, ...writeProblems },
    }),
    async (c) => {
      await useCases.service.deleteService(c.get("tenant"), c.req.valid("param").serviceId);
      return c.body(null, 204);
    },
  );
}
