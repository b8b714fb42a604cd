import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { customerLookupInput } from "../../../features/privacy/customer-data.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, writeProblems } from "../api-schemas.ts";

const lookup = customerLookupInput.meta({
  id: "CustomerLookup",
  description: "The caller's phone number (E.164, or national in the company's country)",
});
const rows = z.array(z.looseObject({}));
const exportSchema = z
  .object({
    company: z.string(),
    phone: z.string(),
    exportedAt: z.string(),
    customer: z
      .object({
        id: z.string(),
        name: z.string().nullable(),
        phone: z.string(),
        email: z.string().nullable(),
      })
      .nullable(),
    appointments: rows,
    calls: rows,
    bookingAttempts: rows,
    /** Raw deliveries that mention the caller; `payload` parsed when it is JSON. */
    inboxEvents: rows,
  })
  .meta({ id: "CustomerExport" });
const tags = ["customers"];

/*
 * Both are POST with the number in the body: a phone number stays out of URLs and access logs,
 * and an export of personal data needs a write token and leaves an audit row like an erasure.
 */
export function customerRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/customers/export",
      tags,
      summary: "Everything stored about one caller, by phone (data subject access)",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: lookup } } },
      },
      responses: {
        200: jsonBody(exportSchema, "The caller's data"),
        ...writeProblems,
      },
    }),
    async (c) => {
      const data = await useCases.privacy.exportCustomer(c.get("tenant"), c.req.valid("json"));
      // Its lists hold stored rows (objects); the use-case types them loosely.
      return c.json(data as unknown as z.infer<typeof exportSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies/{companyId}/customers/erase",
      tags,
      summary:
        "Erase one caller, by phone, in one transaction (appointments keep time, staff and service)",
      request: {
        params: companyParams,
        body: { required: true, content: { "application/json": { schema: lookup } } },
      },
      responses: {
        200: jsonBody(
          z
            .object({
              phone: z.string(),
              /** False when nothing was stored about the number. */
              erased: z.boolean(),
              customerId: z.string().nullable(),
              counts: z.object({
                customers: z.number().int(),
                appointments: z.number().int(),
                calls: z.number().int(),
                bookingAttempts: z.number().int(),
                inboxEvents: z.number().int(),
              }),
            })
            .meta({ id: "CustomerErasure" }),
          "What was erased",
        ),
        ...writeProblems,
      },
    }),
    async (c) =>
      c.json(await useCases.privacy.eraseCustomer(c.get("tenant"), c.req.valid("json")), 200),
  );
}
