import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Actor } from "../../../domain/entities.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, problems, readProblems } from "../api-schemas.ts";

/** Who made a change: a console user (with their email), the CLI, the scheduler, a token … */
const actorSchema = z
  .object({
    type: z.enum(["user", "cli", "scheduler", "webhook", "voice", "token"]),
    userId: z.string().optional(),
    tokenId: z.string().optional(),
  })
  .meta({ id: "Actor" });

const actorView = (actor: Actor): z.infer<typeof actorSchema> => ({
  type: actor.type,
  ...(actor.type === "user" ? { userId: actor.userId } : {}),
  ...(actor.type === "token" ? { tokenId: actor.tokenId } : {}),
});

const snapshotSchema = z.object({
  staffId: z.string(),
  status: z.string(),
  source: z.string(),
  confidence: z.number().int(),
  reasonCode: z.string(),
});

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const tags = ["audit"];
const listOf = <S extends z.ZodType>(item: S, description: string) => ({
  200: jsonBody(z.object({ items: z.array(item) }), description),
  ...readProblems,
  400: problems[400],
});

export function auditRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/audit/mappings",
      tags,
      summary: "Changes of host mappings, newest first, optionally of one host or staff member",
      request: {
        params: companyParams,
        query: z.object({
          calcomUserId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
          staffId: z.string().min(1).max(100).optional(),
          limit: limit(1000, 200),
        }),
      },
      responses: listOf(
        z
          .object({
            id: z.string(),
            calcomUserId: z.number().int(),
            staffId: z.string().nullable(),
            action: z.string(),
            before: snapshotSchema.nullable(),
            after: snapshotSchema.nullable(),
            actor: actorSchema,
            reason: z.string().nullable(),
            createdAt: z.string(),
          })
          .meta({ id: "MappingAuditEntry" }),
        "The mapping changes",
      ),
    }),
    async (c) => {
      const entries = await useCases.mappings.listMappingAudit(
        c.get("tenant"),
        c.req.valid("query"),
      );
      return c.json(
        { items: entries.map(({ companyId: _, ...e }) => ({ ...e, actor: actorView(e.actor) })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/audit/settings",
      tags,
      summary: "Changes of the company's settings (which settings, never their values)",
      request: { params: companyParams, query: z.object({ limit: limit(500, 100) }) },
      responses: listOf(
        z
          .object({
            action: z.enum(["webhook_secret_rotated", "settings_changed"]),
            fields: z.array(z.string()),
            actor: actorSchema,
            /** The console user's email, when a user made the change. */
            userEmail: z.string().nullable(),
            at: z.string(),
          })
          .meta({ id: "SettingsAuditEntry" }),
        "The settings changes",
      ),
    }),
    async (c) => {
      const trail = await useCases.company.listSettingsAudit(
        c.get("tenant"),
        c.req.valid("query").limit,
      );
      const items = trail.entries.map((e) => ({
        action: e.action,
        fields: [...(e.fields ?? [])],
        actor: actorView(e.actor),
        userEmail: e.actor.type === "user" ? (trail.userEmails.get(e.actor.userId) ?? null) : null,
        at: e.at,
      }));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/audit/api",
      tags,
      summary: "Writes made with API tokens in the company, refused ones too, newest first",
      request: { params: companyParams, query: z.object({ limit: limit(500, 100) }) },
      responses: listOf(
        z
          .object({
            id: z.string(),
            tokenId: z.string(),
            method: z.string(),
            /** The route's pattern: ids at most, never a body. */
            route: z.string(),
            status: z.number().int(),
            at: z.string(),
          })
          .meta({ id: "ApiAuditEntry" }),
        "The API writes",
      ),
    }),
    async (c) => {
      const entries = await useCases.api.listApiAudit(c.get("tenant"), c.req.valid("query").limit);
      return c.json({ items: entries.map(({ companyId: _, ...e }) => e) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/audit/erasures",
      tags,
      summary: "Customer erasures: who erased which customer id when, with row counts",
      request: { params: companyParams, query: z.object({ limit: limit(500, 20) }) },
      responses: listOf(
        z
          .object({
            id: z.string(),
            customerId: z.string().nullable(),
            actorType: z.string(),
            actorId: z.string().nullable(),
            counts: z.record(z.string(), z.number()),
            createdAt: z.string(),
          })
          .meta({ id: "ErasureAuditEntry" }),
        "The erasures",
      ),
    }),
    async (c) => {
      const entries = await useCases.privacy.listErasures(
        c.get("tenant"),
        c.req.valid("query").limit,
      );
      return c.json({ items: entries.map(({ companyId: _, ...e }) => e) }, 200);
    },
  );
}
