import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { Company, Staff, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { demoFixture, generateFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";

describe.each(testEngines())("service hosts on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  const calcom = simulatedCalcom(demoFixture());
  let salon: TenantContext;
  let bright: TenantContext;
  const staffOf: Record<string, Staff> = {};
  const serviceId: Record<string, string> = {};

  async function connect(slug: string, teamId: number, key: string): Promise<Company> {
    return app.store.companies.create(
      companyInput(slug, {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: teamId,
        calcomApiKey: new Secret(key),
      }),
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, calcom.fetch);
    salon = {
      company: await connect("salon", 1001, "cal_test_salon_beispiel"),
      actor: { type: "cli" },
    };
    bright = {
      company: await connect("bright", 1002, "cal_test_bright_smiles"),
      actor: { type: "cli" },
    };
    for (const [ctx, demo] of [
      [salon, demoCompanies[0]!],
      [bright, demoCompanies[1]!],
    ] as const) {
      const imported = await app.useCases.staff.importStaff(ctx, {
        text: demo.staffCsv,
        format: "csv",
      });
      for (const s of imported.staff) staffOf[s.name] = s;
      await app.useCases.sync.syncTeam(ctx, { trigger: "cli" });
      for (const service of demo.services)
        serviceId[service.name] = (await app.useCases.service.createService(ctx, service)).id;
    }
  });
  afterAll(() => database.drop());

  const mappings = async (ctx: TenantContext) =>
    Object.fromEntries(
      (await app.useCases.mappings.listHostMappings(ctx)).map((r) => [
        r.name,
        `${r.status}${r.staff ? `:${r.staff.name}` : ""}`,
      ]),
    );
  const auditCount = (ctx: TenantContext) => app.store.hostMappings.countAudit(ctx.company.id);

  it("the resolver shows every host of a service as unmapped before any matching", async () => {
    const hosts = await app.useCases.service.resolveServiceHosts(salon, serviceId.Haarschnitt!);
    expect(hosts.state).toBe("ok");
    expect(hosts.summary).toEqual({
      total: 3,
      mapped: 0,
      suggested: 0,
      unmapped: 3,
      availableForService: 3,
    });
  });

  it("dry run reports the changes and writes nothing", async () => {
    const runsBefore = (await app.store.syncRuns.list(salon.company.id, 100)).length;
    const result = await app.useCases.sync.syncServiceHosts(salon, {
      trigger: "cli",
      dryRun: true,
    });
    expect(result.dryRun).toBe(true);
    expect(result.run.id).toBeNull();
    expect(result.totals).toMatchObject({
      hosts: 5,
      mapped: 3,
      suggested: 1,
      unmapped: 1,
      created: 4,
    });
    expect(await auditCount(salon)).toBe(0);
    expect(await app.store.hostMappings.list(salon.company.id)).toEqual([]);
    expect(await app.store.syncRuns.list(salon.company.id, 100)).toHaveLength(runsBefore);
  });

  it("auto-maps email matches, suggests the umlaut/private-email one, leaves the host without staff unmapped", async () => {
    calcom.state.sim.requests.length = 0;
    const result = await app.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
    expect(result.run).toMatchObject({ status: "succeeded", calcomRequests: 2 });
    expect(calcom.state.sim.requests).toHaveLength(2);
    expect(await mappings(salon)).toEqual({
      "Jörg Müller": "active:Jörg Müller",
      "Anna Schmidt": "active:Anna Schmidt",
      "Sophie Weiß": "suggested:Sophie Weiss",
      "Mehmet Yılmaz": "unmapped",
      "Lena Groß": "active:Lena Groß",
    });
    const lena = await app.store.hostMappings.find(salon.company.id, 505);
    expect(lena).toMatchObject({ source: "auto_email", reasonCode: "email_plus_tag" });
    const sophie = await app.store.hostMappings.find(salon.company.id, 503);
    expect(sophie?.reasonText).toContain("umlaut");
    expect(result.unmapped).toEqual([
      expect.objectContaining({
        calcomUserId: 504,
        explanation: expect.stringMatching(/no active staff/i),
      }),
    ]);
    expect(result.services.find((s) => s.name === "Haarschnitt")).toEqual({
      serviceId: serviceId.Haarschnitt,
      name: "Haarschnitt",
      eventTypeId: 2001,
      hosts: 3,
      mapped: 2,
      created: 3,
      suggested: 1,
      unmapped: 0,
      error: null,
      bookableByPhone: true,
      problems: [],
      notices: [],
    });
    expect(result.services.find((s) => s.name === "Kopfmassage")).toMatchObject({
      error: "the service has no Cal.com event type",
      bookableByPhone: false,
      problems: [],
    });
    const audit = await app.store.hostMappings.listAudit(salon.company.id, { limit: 100 });
    expect(audit).toHaveLength(4);
    expect(audit.every((a) => a.actor.type === "cli" && a.before === null)).toBe(true);
  });

  it("a second run changes nothing", async () => {
    const audit = await auditCount(salon);
    const result = await app.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
    expect(result.totals.created).toBe(0);
    expect(result.changes).toEqual([]);
    expect(await auditCount(salon)).toBe(audit);
  });

  it("the resolver joins hosts, members, mappings, staff and services per host", async () => {
    const hosts = await app.useCases.service.resolveServiceHosts(salon, serviceId.Haarschnitt!);
    expect(hosts.summary).toEqual({
      total: 3,
      mapped: 2,
      suggested: 1,
      unmapped: 0,
      availableForService: 3,
    });
    const anna = hosts.hosts.find((h) => h.calcomUserId === 502)!;
    expect(anna).toMatchObject({
      name: "Anna Schmidt",
      email: "anna.schmidt@salon-beispiel.de",
      username: "anna",
      initials: "AS",
      role: "MEMBER",
      status: "active",
      confidence: 100,
      staff: { name: "Anna Schmidt", active: true },
      availableForService: true,
    });
    expect(anna.services.map((s) => s.name)).toEqual(["Färben", "Haarschnitt"]);
    const sophie = hosts.hosts.find((h) => h.calcomUserId === 503)!;
    expect(sophie).toMatchObject({
      status: "suggested",
      email: "sophie.weiss@icloud.com",
      staff: { name: "Sophie Weiss" },
    });
    expect(hosts.sync).toMatchObject({ lastStatus: "succeeded", stale: false });
  });

  it("names every explicit state instead of failing", async () => {
    expect(
      (await app.useCases.service.resolveServiceHosts(salon, serviceId.Kopfmassage!)).state,
    ).toBe("no_event_type");
    expect((await app.useCases.service.resolveServiceHosts(salon, serviceId.Beratung!)).state).toBe(
      "no_hosts",
    );
    await database.db
      .updateTable("service")
      .set({ calcom_event_type_id: 9999 })
      .where("id", "=", serviceId.Kopfmassage!)
      .execute();
    expect(
      (await app.useCases.service.resolveServiceHosts(salon, serviceId.Kopfmassage!)).state,
    ).toBe("event_type_not_synced");
    await expect(
      app.useCases.service.resolveServiceHosts(bright, serviceId.Haarschnitt!),
    ).rejects.toThrow(/no service/);
  });

  it("keeps showing the last good data, marked stale, when the last sync failed", async () => {
    calcom.state.sim.faults.inject({ kind: "500", times: 20 });
    try {
      const failed = await app.useCases.sync.syncServiceHosts(salon, { trigger: "schedule" });
      expect(failed.run.status).toBe("failed");
      expect(failed.error).toMatch(/team sync failed/);
    } finally {
      calcom.state.sim.faults.clear();
    }
    expect((await mappings(salon))["Anna Schmidt"]).toBe("active:Anna Schmidt");
    const hosts = await app.useCases.service.resolveServiceHosts(salon, serviceId.Haarschnitt!);
    expect(hosts.sync.stale).toBe(true);
    expect(hosts.sync.lastError).toBeTruthy();
    expect(hosts.sync.lastSuccessAt).not.toBeNull();
    expect(hosts.summary.total).toBe(3);
  });

  describe("manual mapping changes", () => {
    it("refuses another company's staff, inactive staff and staff mapped elsewhere", async () => {
      const change = app.useCases.mappings.changeHostMapping;
      await expect(
        change(salon, { verb: "set", calcomUserId: 504, staffId: staffOf["Emily Carter"]!.id }),
      ).rejects.toThrow(/no staff member .* in Company salon/);
      await expect(
        change(salon, { verb: "set", calcomUserId: 504, staffId: staffOf["Klaus Alt"]!.id }),
      ).rejects.toThrow(/Klaus Alt is inactive/);
      await expect(
        change(salon, { verb: "set", calcomUserId: 504, staffId: staffOf["Anna Schmidt"]!.id }),
      ).rejects.toThrow(/Anna Schmidt is already mapped to Cal.com host Anna Schmidt \(502\)/);
      await expect(
        change(bright, { verb: "set", calcomUserId: 504, staffId: staffOf["Emily Carter"]!.id }),
      ).rejects.toThrow(/Cal.com user 504 is not in Company bright's Cal.com team/);
      expect((await mappings(salon))["Mehmet Yılmaz"]).toBe("unmapped");
    });

    it("set, accept, reject and unset write audit rows naming the actor, and survive the next sync", async () => {
      const actor = { type: "user" as const, userId: "u-1" };
      const before = await auditCount(salon);
      await app.useCases.mappings.changeHostMapping(
        { ...salon, actor },
        { verb: "set", calcomUserId: 504, staffId: staffOf["Petra Neumann"]!.id },
      );
      await app.useCases.mappings.changeHostMapping(
        { ...salon, actor },
        { verb: "reject", calcomUserId: 503 },
      );
      expect(await auditCount(salon)).toBe(before + 2);

      const result = await app.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
      expect(result.changes).toEqual([]);
      expect(await mappings(salon)).toMatchObject({
        "Mehmet Yılmaz": "active:Petra Neumann",
        "Sophie Weiß": "rejected:Sophie Weiss",
      });
      const [last] = await app.store.hostMappings.listAudit(salon.company.id, {
        calcomUserId: 503,
        limit: 1,
      });
      expect(last).toMatchObject({
        action: "rejected",
        actor: { type: "user", userId: "u-1" },
        before: { status: "suggested" },
        after: { status: "rejected", source: "manual" },
      });

      await app.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 503 });
      await app.useCases.sync.syncServiceHosts(salon, { trigger: "cli", fetch: false });
      expect((await mappings(salon))["Sophie Weiß"]).toBe("suggested:Sophie Weiss");
      const accepted = await app.useCases.mappings.changeHostMapping(salon, {
        verb: "accept",
        calcomUserId: 503,
      });
      expect(accepted.after).toMatchObject({ status: "active", source: "manual" });
      await expect(
        app.useCases.mappings.changeHostMapping(salon, { verb: "accept", calcomUserId: 503 }),
      ).rejects.toThrow(/no suggestion to accept/);
      const byStaff = await app.store.hostMappings.listAudit(salon.company.id, {
        staffId: staffOf["Sophie Weiss"]!.id,
        limit: 50,
      });
      expect(byStaff.map((a) => a.action)).toEqual([
        "accepted",
        "suggested",
        "unset",
        "rejected",
        "suggested",
      ]);
    });

    it("never shows or changes one company's mappings through another", async () => {
      await app.useCases.sync.syncServiceHosts(bright, { trigger: "cli" });
      const brightRows = await app.useCases.mappings.listHostMappings(bright);
      expect(brightRows.map((r) => r.calcomUserId).sort()).toEqual([601, 602, 603]);
      expect(
        brightRows.every((r) => !r.staff || staffOf[r.staff.name]?.companyId === bright.company.id),
      ).toBe(true);
      await expect(
        app.useCases.mappings.changeHostMapping(bright, { verb: "unset", calcomUserId: 502 }),
      ).rejects.toThrow(/not in/);
      expect((await mappings(salon))["Anna Schmidt"]).toBe("active:Anna Schmidt");
    });
  });

  it.each([5, 500])("resolves a service with %i hosts in 3 SQL queries", async (hostCount) => {
    const fixture = generateFixture({
      teams: 1,
      eventTypesPerTeam: 1,
      hostsPerEventType: hostCount,
      membersPerTeam: hostCount,
    });
    const big = simulatedCalcom(fixture);
    const queries: string[] = [];
    const counted = await createTestDatabase(engine, { onQuery: (sql) => queries.push(sql) });
    try {
      const { store, useCases } = assembleForTest(counted, big.fetch);
      const company = await store.companies.create(
        companyInput("big", {
          calcomBaseUrl: "http://big.test",
          calcomTeamId: 1,
          calcomApiKey: new Secret("cal_test_team_1"),
        }),
      );
      const ctx: TenantContext = { company, actor: { type: "cli" } };
      const eventTypeId = fixture.teams[0]!.eventTypes[0]!.id;
      await useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
      const service = await useCases.service.createService(ctx, {
        name: "Big",
        durationMinutes: 30,
        eventTypeId,
      });
      queries.length = 0;
      const resolved = await useCases.service.resolveServiceHosts(ctx, service.id);
      expect(resolved.summary.total).toBe(hostCount);
      expect(resolved.hosts.every((h) => h.services.some((s) => s.id === service.id))).toBe(true);
      expect(queries).toHaveLength(3);
    } finally {
      await counted.drop();
    }
  });
});
