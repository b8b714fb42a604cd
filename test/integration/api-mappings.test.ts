import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TenantContext } from "../../src/domain/entities.ts";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";

type Row = {
  calcomUserId: number;
  status: string;
  staff: { id: string } | null;
};

/**
 * Host mappings, syncs and the audit trails through /api/v1, over the same use-cases as the
 * console; every answer is checked against the document.
 */
describe.each(testEngines())("API host mappings, syncs and audit on %s", (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await buildApi(engine);
    const ctx: TenantContext = { company: h.salon, actor: { type: "cli" } };
    // The matcher's run: e-mail matches become active, name matches suggestions.
    await h.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
  });
  afterAll(() => h.close());
  const salon = () => `/companies/${h.salon.id}`;
  const hosts = async (status?: string) =>
    (
      await h.call(
        h.tokens.salonRead,
        "get",
        `${salon()}/host-mappings${status ? `?status=${status}` : ""}`,
      )
    ).body.items as Row[];
  const freeStaff = async () => {
    const taken = new Set((await hosts("active")).map((r) => r.staff!.id));
    return (await h.store.staff.list(h.salon.id)).filter((s) => s.active && !taken.has(s.id));
  };

  it("lists every host with its mapping, filtered by status", async () => {
    const all = await hosts();
    expect(all.length).toBe((await h.store.calcomMirror.listHosts(h.salon.id)).length);
    for (const status of ["active", "suggested", "unmapped"]) {
      const some = await hosts(status);
      expect(some.length, status).toBeGreaterThan(0);
      expect(some.every((r) => r.status === status)).toBe(true);
    }
    const bad = await h.call(h.tokens.salonRead, "get", `${salon()}/host-mappings?status=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].where).toBe("query.status");
  });

  it("sets, accepts, rejects and unsets one mapping; each leaves an audit row with the token", async () => {
    const [host] = await hosts("unmapped");
    const [staff] = await freeStaff();
    const set = await h.call(
      h.tokens.salonWrite,
      "put",
      `${salon()}/host-mappings/${host!.calcomUserId}`,
      { staffId: staff!.id, reason: "per API" },
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      before: null,
      after: { staffId: staff!.id, status: "active", source: "manual", reason: "per API" },
    });
    // A change decided on an older version is refused.
    const stale = await h.call(
      h.tokens.salonWrite,
      "put",
      `${salon()}/host-mappings/${host!.calcomUserId}`,
      { staffId: staff!.id, expectedVersion: null },
    );
    expect(stale.status).toBe(409);
    const unset = await h.call(
      h.tokens.salonWrite,
      "delete",
      `${salon()}/host-mappings/${host!.calcomUserId}`,
    );
    expect(unset.status).toBe(200);
    expect(unset.body.after).toBeNull();
    const again = await h.call(
      h.tokens.salonWrite,
      "delete",
      `${salon()}/host-mappings/${host!.calcomUserId}`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");

    const [suggestion] = await hosts("suggested");
    const accepted = await h.call(
      h.tokens.salonWrite,
      "post",
      `${salon()}/host-mappings/${suggestion!.calcomUserId}/accept`,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.after).toMatchObject({ status: "active", staffId: suggestion!.staff!.id });
    const rejected = await h.call(
      h.tokens.salonWrite,
      "post",
      `${salon()}/host-mappings/${suggestion!.calcomUserId}/reject`,
      { reason: "falsche Person" },
    );
    expect(rejected.body.after).toMatchObject({ status: "rejected", reason: "falsche Person" });
    const noSuggestion = await h.call(
      h.tokens.salonWrite,
      "post",
      `${salon()}/host-mappings/${suggestion!.calcomUserId}/accept`,
      {},
    );
    expect(noSuggestion.status).toBe(409);

    const audit = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/audit/mappings?calcomUserId=${suggestion!.calcomUserId}`,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual([
      "rejected",
      "accepted",
    ]);
    expect(audit.body.items[0].actor.type).toBe("token");
    const [tokenRow] = (await h.store.apiTokens.list(h.salon.id)).filter((t) => t.name === "write");
    expect(audit.body.items[0].actor.tokenId).toBe(tokenRow!.id);
  });

  it("refuses another company's staff and hosts, and changes nothing there", async () => {
    const [host] = await hosts("unmapped");
    const brightStaff = (await h.store.staff.list(h.bright.id))[0]!;
    const foreignStaff = await h.call(
      h.tokens.salonWrite,
      "put",
      `${salon()}/host-mappings/${host!.calcomUserId}`,
      { staffId: brightStaff.id },
    );
    expect(foreignStaff.status).toBe(400);
    expect(foreignStaff.body.error.message).not.toContain(brightStaff.name);
    const salonHosts = new Set((await hosts()).map((r) => r.calcomUserId));
    const brightHost = (await h.store.calcomMirror.listHosts(h.bright.id)).find(
      (x) => !salonHosts.has(x.calcomUserId),
    )!;
    const before = await h.store.hostMappings.list(h.bright.id);
    const foreignHost = await h.call(
      h.tokens.salonWrite,
      "put",
      `${salon()}/host-mappings/${brightHost.calcomUserId}`,
      { staffId: (await freeStaff())[0]!.id },
    );
    expect(foreignHost.status).toBe(404);
    expect(await h.store.hostMappings.list(h.bright.id)).toEqual(before);
  });

  it("bulk changes of 40 hosts are one transaction: one bad host leaves every mapping as it was", async () => {
    // The big team: 40 hosts and 45 staff, no matching run yet; the matcher's name suggestions.
    const big = `/companies/${h.big.id}`;
    const token = (
      await h.useCases.api.createApiToken(
        { type: "cli" },
        { companyId: h.big.id, scope: "write", name: "bulk" },
      )
    ).secret;
    const bigHosts = await h.store.calcomMirror.listHosts(h.big.id);
    const staff = await h.store.staff.list(h.big.id);
    expect(bigHosts.length).toBeGreaterThanOrEqual(40);
    const ids = bigHosts.slice(0, 40).map((host) => host.calcomUserId);
    for (const [i, calcomUserId] of ids.entries())
      await h.store.hostMappings.insert(h.big.id, {
        calcomUserId,
        staffId: staff[i]!.id,
        status: "suggested",
        source: "auto_name",
        confidence: 80,
        reasonCode: "name_similar",
        reasonText: "similar name",
      });
    const statuses = async () =>
      (await h.call(token, "get", `${big}/host-mappings`)).body.items.map(
        (r: Row) => `${r.calcomUserId}:${r.status}`,
      );
    const before = await statuses();
    const auditBefore = (await h.store.hostMappings.listAudit(h.big.id, { limit: 1000 })).length;
    const refused = await h.call(token, "post", `${big}/host-mappings/bulk`, {
      action: "accept",
      calcomUserIds: [...ids, 987_654_321],
    });
    expect(refused.status).toBe(404);
    expect(await statuses()).toEqual(before);
    expect((await h.store.hostMappings.listAudit(h.big.id, { limit: 1000 })).length).toBe(
      auditBefore,
    );

    // One staff member for two hosts: refused when the second is reached, the first undone too.
    const twice = await h.call(token, "post", `${big}/host-mappings/bulk`, {
      action: "set",
      assignments: [
        { calcomUserId: ids[0], staffId: staff[44]!.id },
        { calcomUserId: ids[1], staffId: staff[44]!.id },
      ],
    });
    expect(twice.status).toBe(409);
    expect(await statuses()).toEqual(before);

    const done = await h.call(token, "post", `${big}/host-mappings/bulk`, {
      action: "accept",
      calcomUserIds: ids,
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ changed: ids, skipped: [] });
    const accepted = await h.call(token, "get", `${big}/host-mappings?status=active`);
    expect(accepted.body.items.map((r: Row) => r.calcomUserId).sort()).toEqual([...ids].sort());
    const audit = await h.store.hostMappings.listAudit(h.big.id, { limit: 1000 });
    expect(audit.length - auditBefore).toBe(40);
    expect(audit[0]!.reason).toContain("selected by API token");

    const invalid = await h.call(token, "post", `${big}/host-mappings/bulk`, {
      action: "accept",
      calcomUserIds: [],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues[0].where).toBe("$.calcomUserIds");
  });

  it("queues a team sync, which runs once and then shows in the runs", async () => {
    const earlier = new Set((await h.store.syncRuns.list(h.salon.id, 100)).map((r) => r.id));
    const queued = await h.call(h.tokens.salonWrite, "post", `${salon()}/sync`, { kind: "team" });
    expect(queued.status).toBe(202);
    expect(queued.body.queued).toBe(true);
    await vi.waitFor(
      async () => {
        const runs = await h.call(h.tokens.salonRead, "get", `${salon()}/sync-runs?limit=20`);
        const requested = runs.body.items.filter(
          (r: { id: string; kind: string; trigger: string }) =>
            !earlier.has(r.id) && r.kind === "team" && r.trigger === "admin",
        );
        expect(requested.map((r: { status: string }) => r.status)).toEqual(["succeeded"]);
      },
      { timeout: 10_000, interval: 50 },
    );
    const bad = await h.call(h.tokens.salonWrite, "post", `${salon()}/sync`, { kind: "all" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].where).toBe("$.kind");
    const tooMany = await h.call(h.tokens.salonRead, "get", `${salon()}/sync-runs?limit=10000`);
    expect(tooMany.status).toBe(400);
  });

  it("lists the settings, API and erasure audits of the company only", async () => {
    await h.useCases.company.updateCompanySettings(
      { company: h.salon, actor: { type: "user", userId: h.users.salon.id } },
      { notifyEmail: "ops@salon.example" },
    );
    const settings = await h.call(h.tokens.salonRead, "get", `${salon()}/audit/settings`);
    expect(settings.status).toBe(200);
    expect(settings.body.items[0]).toMatchObject({
      action: "settings_changed",
      fields: expect.arrayContaining(["notifyEmail"]),
      userEmail: h.users.salon.email,
    });
    const api = await h.call(h.tokens.salonRead, "get", `${salon()}/audit/api?limit=500`);
    expect(api.status).toBe(200);
    expect(api.body.items.length).toBe((await h.store.apiAudit.list(h.salon.id, 500)).length);
    expect(api.body.items.some((e: { route: string }) => e.route.endsWith("/accept"))).toBe(true);
    expect(JSON.stringify(api.body)).not.toContain(h.bright.id);
    const erasures = await h.call(h.tokens.salonRead, "get", `${salon()}/audit/erasures`);
    expect(erasures.status).toBe(200);
    expect(erasures.body.items).toEqual([]);
  });

  it("exercised every operation of these groups", () => {
    expect([
      ...h.unexercised("host-mappings"),
      ...h.unexercised("sync"),
      ...h.unexercised("audit"),
    ]).toEqual([]);
  });
});
