import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Staff } from "../../../domain/entities.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, readProblems, writeProblems } from "../api-schemas.ts";

export const staffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    active: z.boolean(),
    /** The Cal.com hosts mapped to this staff member. */
    hosts: z.array(z.object({ calcomUserId: z.number().int(), name: z.string().nullable() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Staff" });

const staffView = (s: Staff, hosts: z.infer<typeof staffSchema>["hosts"] = []) => ({
  id: s.id,
  name: s.name,
  email: s.email,
  phone: s.phone,
  active: s.active,
  hosts,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** The fields of one staff member, checked by the staff file's rules (the console's form too). */
const staffFields = z
  .object({
    name: z.string().max(200).optional(),
    email: z.string().max(254).nullable().optional(),
    phone: z.string().max(40).nullable().optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: "StaffFields" });

const staffParams = companyParams.extend({
  staffId: z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name: "staffId", in: "path" } }),
});

const importBody = z
  .object({
    /** The file's text: CSV with a header row (name,email,phone,active) or a JSON array. */
    text: z.string().min(1).max(900_000),
    format: z.enum(["csv", "json"]).default("csv"),
  })
  .meta({ id: "StaffImport" });

const tags = ["staff"];

export function staffRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/staff",
      tags,
      summary: "The company's staff with their mapped Cal.com hosts",
      request: { params: companyParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(staffSchema) }), "The staff"),
        ...readProblems,
      },
    }),
    async (c) => {
      const members = await useCases.staff.listStaffMembers(c.get("tenant"));
      return c.json({ items: members.map((m) => staffView(m.staff, m.hosts)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/staff",
      tags,
      summary: "Add a staff member",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: staffFields } } },
      },
      responses: { 201: jsonBody(staffSchema, "The new staff member"), ...writeProblems },
    }),
    async (c) => {
      const staff = await useCases.staff.addStaff(c.get("tenant"), c.req.valid("json"));
      return c.json(staffView(staff), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/companies/{companyId}/staff/{staffId}",
      tags,
      summary: "Change a staff member (active: false takes them off the phone)",
      request: {
        params: staffParams,
        body: { required: true, content: { "application/json": { schema: staffFields } } },
      },
      responses: { 200: jsonBody(staffSchema, "The staff member"), ...writeProblems },
    }),
    async (c) => {
      const ctx = c.get("tenant");
      const { staffId } = c.req.valid("param");
      const current = await useCases.staff.getStaff(ctx, staffId);
      const staff = await useCases.staff.updateStaff(ctx, staffId, {
        ...current,
        ...c.req.valid("json"),
      });
      return c.json(staffView(staff), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/companies/{companyId}/staff/{staffId}",
      tags,
      summary:
        "Delete a staff member entered by mistake, with their host mappings (409 when they have appointments: deactivate them instead)",
      request: { params: staffParams },
      responses: { 204: { description: "Deleted" }, ...writeProblems },
    }),
    async (c) => {
      await useCases.staff.deleteStaff(c.get("tenant"), c.req.valid("param").staffId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/staff/import",
      tags,
      summary: "Import a staff file, all or nothing (every bad line is named)",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: importBody } } },
      },
      responses: {
        200: jsonBody(
          z.object({
            created: z.number().int(),
            updated: z.number().int(),
            unchanged: z.number().int(),
            staff: z.array(staffSchema),
          }),
          "What the import did",
        ),
        ...writeProblems,
      },
    }),
    async (c) => {
      const result = await useCases.staff.importStaff(c.get("tenant"), c.req.valid("json"));
      return c.json({ ...result, staff: result.staff.map((s) => staffView(s)) }, 200);
    },
  );
}
