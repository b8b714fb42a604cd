import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** Every operation of the served document, with its path parameters filled in. */
function operations(h: ApiHarness, companyId: string) {
  return Object.entries(h.doc.paths).flatMap(([pattern, item]) =>
    Object.keys(item).map((method) => ({
      method: method as Method,
      pattern,
      path: pattern
        .replace("{companyId}", companyId)
        .replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000"),
    })),
  );
}

/**
 * What holds for every route of /api/v1, read off the OpenAPI document so a new route cannot
 * skip it: a token is required, a read token never writes, a company token never reaches
 * another company, and hostile bodies are refused before any route sees them.
 */
describe.each(testEngines())("API access on %s", (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await buildApi(engine, { ratePerMinute: 1000 });
  });
  afterAll(() => h.close());

  it("the document is OpenAPI 3.1 and declares bearer security", () => {
    expect(h.doc).toMatchObject({ openapi: "3.1.0", security: [{ bearer: [] }] });
    expect(Object.keys(h.doc.paths).length).toBeGreaterThan(0);
  });

  it("every operation without a token, or with an unknown, malformed or revoked one, is 401", async () => {
    const made = await h.useCases.api.createApiToken(
      { type: "cli" },
      { companyId: h.salon.id, scope: "write", name: "soon revoked" },
    );
    await h.useCases.api.revokeApiToken({ type: "cli" }, h.salon.id, made.token.id);
    const bad = [null, "fd_c_not-a-token", `fd_c_${"A".repeat(43)}`, made.secret];
    for (const op of operations(h, h.salon.id))
      for (const token of bad) {
        const res = await h.call(token, op.method, op.path, op.method === "get" ? undefined : {});
        expect(res.status, `${op.method} ${op.pattern} with ${token}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
      }
  });

  it("an expired token is 401", async () => {
    const made = await h.useCases.api.createApiToken(
      { type: "cli" },
      { companyId: h.salon.id, scope: "read", name: "expired" },
    );
    await h.database.db
      .updateTable("api_token")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", made.token.id)
      .execute();
    const res = await h.call(made.secret, "get", `/companies/${h.salon.id}`);
    expect(res.status).toBe(401);
  });

  it("a read token is refused on every write operation (403), and the attempt is audited", async () => {
    const writes = operations(h, h.salon.id).filter((op) => op.method !== "get");
    expect(writes.length).toBeGreaterThan(0);
    const before = await h.store.apiAudit.list(h.salon.id, 1000);
    for (const op of writes) {
      const res = await h.call(h.tokens.salonRead, op.method, op.path, {});
      expect(res.status, `${op.method} ${op.pattern}`).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    const after = await h.store.apiAudit.list(h.salon.id, 1000);
    // A company token's writes are audited under its company, whatever the route.
    expect(after.length - before.length).toBe(writes.length);
    expect(after.every((row) => row.status === 403 || before.some((b) => b.id === row.id))).toBe(
      true,
    );
  });

  it("a company token naming another company is 404 on every company route, like an unknown id", async () => {
    const scoped = operations(h, h.bright.id).filter((op) => op.pattern.includes("{companyId}"));
    expect(scoped.length).toBeGreaterThan(0);
    for (const op of scoped) {
      const res = await h.call(
        op.method === "get" ? h.tokens.salonRead : h.tokens.salonWrite,
        op.method,
        op.path,
        op.method === "get" ? undefined : {},
      );
      expect(res.status, `${op.method} ${op.pattern}`).toBe(404);
      expect(res.body.error.message).not.toContain(h.bright.name);
    }
  });

  it("a write token is limited per token: parallel requests past the limit get 429 with Retry-After", async () => {
    const limited = await buildApi(engine, { ratePerMinute: 5 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          limited.call(limited.tokens.salonRead, "get", `/companies/${limited.salon.id}`),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused).toHaveLength(15);
      expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused[0]!.body.error.code).toBe("rate_limited");
      // Another token has its own budget.
      const other = await limited.call(
        limited.tokens.salonWrite,
        "get",
        `/companies/${limited.salon.id}`,
      );
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("refuses a body past 1 MiB (413), broken JSON and NUL characters (400) before any route", async () => {
    const huge = await h.call(
      h.tokens.platformWrite,
      "post",
      "/companies",
      JSON.stringify({ name: "x".repeat(1_100_000), slug: "huge" }),
      { "content-type": "application/json" },
    );
    expect(huge.status).toBe(413);
    const broken = await h.call(h.tokens.platformWrite, "post", "/companies", '{"name":', {
      "content-type": "application/json",
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain("not valid JSON");
    const nul = await h.call(h.tokens.platformWrite, "post", "/companies", {
      name: "Evil\u0000Corp",
      slug: "evil",
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toContain("$.name");
    expect((await h.store.companies.list()).map((c) => c.slug)).not.toContain("evil");
  });

  it("the reference page is served from our own assets, no script or CDN", async () => {
    const res = await h.app.request("/docs");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("/companies/{companyId}");
    expect(page).not.toMatch(/<script|<link|src=|@import/i);
  });

  it("never logs a token: the request log of the whole server redacts Authorization", async () => {
    let log = "";
    const destination = new Writable({
      write(chunk, _enc, done) {
        log += chunk;
        done();
      },
    });
    const http = createHttpApp({
      health: h.store as never,
      metrics: createMetrics(),
      logger: createLogger({ level: "debug", destination }),
      useCases: h.useCases,
    });
    const res = await http.request(`/api/v1/companies/${h.salon.id}`, {
      headers: { authorization: `Bearer ${h.tokens.salonRead}` },
    });
    expect(res.status).toBe(200);
    await http.request("/api/v1/companies", {
      method: "POST",
      headers: {
        authorization: `Bearer ${h.tokens.salonRead}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(log).toContain("request");
    expect(log).not.toContain(h.tokens.salonRead);
    expect(log).not.toContain(h.tokens.salonRead.slice(5, 20));
  });
});
