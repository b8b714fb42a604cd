import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";

describe.each(testEngines())("API companies on %s", (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await buildApi(engine);
  });
  afterAll(() => h.close());

  it("a platform token lists every company; a company token only its own", async () => {
    const all = await h.call(h.tokens.platformRead, "get", "/companies");
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: { slug: string }) => c.slug).sort()).toEqual(
      [h.salon.slug, h.bright.slug, h.big.slug].sort(),
    );
    const own = await h.call(h.tokens.salonRead, "get", "/companies");
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([h.salon.id]);
  });

  it("shows whether secrets are set, never the secrets", async () => {
    const res = await h.call(h.tokens.salonRead, "get", `/companies/${h.salon.id}`);
    expect(res.status).toBe(200);
    expect(res.body.calcom.apiKeySet).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain("cal_");
  });

  it("a company token asking for another company gets the same 404 as an unknown id", async () => {
    const other = await h.call(h.tokens.salonRead, "get", `/companies/${h.bright.id}`);
    const unknown = await h.call(h.tokens.salonRead, "get", "/companies/no-such-company");
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(other.body.error.code).toBe("not_found");
  });

  it("creates a company with a platform write token and audits the write", async () => {
    const res = await h.call(h.tokens.platformWrite, "post", "/companies", {
      name: "Werkstatt Müller",
      slug: "werkstatt-mueller",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slug: "werkstatt-mueller", locale: "de" });
    const audit = await h.store.apiAudit.list(res.body.id, 10);
    expect(audit).toEqual([]); // a platform write is audited under the platform, not the new company
  });

  it("refuses creation with a read token (403) and with a company token (403)", async () => {
    const read = await h.call(h.tokens.platformRead, "post", "/companies", {
      name: "X",
      slug: "x-co",
    });
    expect(read.status).toBe(403);
    const company = await h.call(h.tokens.salonWrite, "post", "/companies", {
      name: "X",
      slug: "x-co",
    });
    expect(company.status).toBe(403);
    expect(company.body.error.message).toMatch(/platform token/);
  });

  it("names every wrong field by JSON path", async () => {
    const res = await h.call(h.tokens.platformWrite, "post", "/companies", { name: "", slug: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { where: string }) => i.where).sort()).toEqual([
      "$.name",
      "$.slug",
    ]);
  });

  it("exercised every companies operation", () => {
    expect(h.unexercised("companies")).toEqual([]);
  });
});
