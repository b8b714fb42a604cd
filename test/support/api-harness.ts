import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { Engine } from "../../src/db/connect.ts";
import { apiBase, createApiApp } from "../../src/http/api/api-app.ts";
import { buildConsole } from "./console-app.ts";

type Doc = {
  paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>;
};

/** Which operation of the document a concrete request path is (`/companies/{companyId}`). */
function operationOf(doc: Doc, method: string, path: string) {
  for (const [pattern, item] of Object.entries(doc.paths)) {
    const regex = new RegExp(`^${pattern.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (regex.test(path) && item[method]) return { pattern, operation: item[method] };
  }
  return null;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/**
 * The JSON API over the console harness's database (two demo companies, a big one), with
 * tokens of each kind. Every answer is checked against the OpenAPI document the API itself
 * serves: its status must be one the operation declares and its body must match the schema.
 */
export async function buildApi(engine: Engine, options: { ratePerMinute?: number } = {}) {
  const h = await buildConsole(engine);
  const loggedErrors: unknown[] = [];
  const app = createApiApp({
    useCases: h.useCases,
    logger: { error: (obj: unknown) => loggedErrors.push(obj) },
    ratePerMinute: options.ratePerMinute,
  });
  const doc = (await (await app.request("/openapi.json")).json()) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, "openapi");
  const exercised = new Set<string>();

  const make = async (companyId: string | null, scope: "read" | "write", name = scope) =>
    (
      await h.useCases.api.createApiToken(
        { type: "cli" },
        { companyId, scope, name, expiresInDays: 30 },
      )
    ).secret;
  const tokens = {
    platformRead: await make(null, "read"),
    platformWrite: await make(null, "write"),
    salonRead: await make(h.salon.id, "read"),
    salonWrite: await make(h.salon.id, "write"),
    brightWrite: await make(h.bright.id, "write"),
  };

  /** A request as `token`; the answer has been checked against the document. */
  async function call(
    token: string | null,
    method: "get" | "post" | "put" | "patch" | "delete",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const init: RequestInit = {
      method: method.toUpperCase(),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && typeof body !== "string"
          ? { "content-type": "application/json" }
          : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    };
    const res = await app.request(path, init);
    const text = await res.text();
    const json =
      text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    const found = operationOf(doc, method, path.split("?")[0]!);
    if (found) {
      const status = String(res.status);
      expect(
        Object.keys(found.operation.responses),
        `${method} ${path}: status ${status} is not in the document`,
      ).toContain(status);
      const type = res.headers.get("content-type")?.split(";")[0] ?? "";
      const ref = `openapi#/${pointer("paths", found.pattern, method, "responses", status, "content", type, "schema")}`;
      const content = (found.operation.responses[status] as { content?: Record<string, unknown> })
        .content;
      if (content) {
        expect(Object.keys(content), `${method} ${path}: content type ${type}`).toContain(type);
        const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
        if (!validate(json))
          throw new Error(
            `${method} ${path} → ${status} does not match the document: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
          );
      }
      exercised.add(`${method} ${found.pattern}`);
    }
    return { status: res.status, body: json, headers: res.headers };
  }

  /** Every operation of a tag that no request of this file reached. */
  const unexercised = (tag: string) =>
    Object.entries(doc.paths).flatMap(([pattern, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.tags?.includes(tag))
        .map(([method]) => `${method} ${pattern}`)
        .filter((key) => !exercised.has(key)),
    );

  return { ...h, app, doc, tokens, call, unexercised, loggedErrors, base: apiBase };
}

export type ApiHarness = Awaited<ReturnType<typeof buildApi>>;
