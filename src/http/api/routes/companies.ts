import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Company } from "../../../domain/entities.ts";
import { ForbiddenError } from "../../../domain/errors.ts";
import { createCompanyInput } from "../../../features/company/create-company.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, readProblems, writeProblems } from "../api-schemas.ts";

/** A company as the API shows it: whether its secrets are set, never the secrets. */
export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    locale: z.enum(["de", "en"]),
    country: z.string(),
    calcom: z.object({
      baseUrl: z.string(),
      teamId: z.number().int().nullable(),
      apiKeySet: z.boolean(),
      webhookSecretSet: z.boolean(),
    }),
    notifyEmail: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Company" });

export const companyView = (c: Company): z.infer<typeof companySchema> => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  timezone: c.timezone,
  locale: c.locale,
  country: c.country,
  calcom: {
    baseUrl: c.calcom.baseUrl,
    teamId: c.calcom.teamId,
    apiKeySet: c.calcom.apiKey !== null,
    webhookSecretSet: c.calcom.webhookSecret !== null,
  },
  notifyEmail: c.notifyEmail,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

const tags = ["companies"];

export function companyRoutes(app: ApiApp, deps: ApiDeps) {
  const { useCases } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies",
      tags,
      summary: "List companies (a company token sees only its own)",
      responses: {
        200: jsonBody(z.object({ items: z.array(companySchema) }), "The companies"),
        ...readProblems,
      },
    }),
    async (c) => {
      const token = c.get("token");
      const companies =
        token.companyId === null
          ? await useCases.company.listCompanies()
          : [(await useCases.api.openApiCompany(token, token.companyId)).company];
      return c.json({ items: companies.map(companyView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/companies",
      tags,
      summary: "Create a company (platform tokens)",
      request: {
        body: { required: true, content: { "application/json": { schema: createCompanyInput } } },
      },
      responses: { 201: jsonBody(companySchema, "The new company"), ...writeProblems },
    }),
    async (c) => {
      const token = c.get("token");
      if (token.companyId !== null)
        throw new ForbiddenError("only a platform token creates companies");
      const company = await useCases.company.createCompany(
        { type: "token", tokenId: token.id },
        c.req.valid("json"),
      );
      return c.json(companyView(company), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}",
      tags,
      summary: "One company",
      request: { params: companyParams },
      responses: { 200: jsonBody(companySchema, "The company"), ...readProblems },
    }),
    async (c) => {
      return c.json(companyView(c.get("tenant").company), 200);
    },
  );
}
