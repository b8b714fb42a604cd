import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/calcom/rate-limiter.ts";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { makeCreateService } from "../../src/features/service/create-service.ts";
import { makeUpdateService } from "../../src/features/service/update-service.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import {
  createSimulator,
  demoFixture,
  type Fault,
  generateFixture,
} from "../../src/simulator/index.ts";
import { simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

describe.each(testEngines())("team sync on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  const calcom = simulatedCalcom(demoFixture());
  // Waits (backoff, and the minute Cal.com's throttle asks for after a 429) pass in virtual time.
  let virtualNow = Date.now();
  const reader = createCalcomTeamReader({
    fetch: calcom.fetch,
    sleep: async () => {},
    rateLimiter: createRateLimiter({
      now: () => virtualNow,
      sleep: async (ms) => {
        virtualNow += ms;
      },
    }),
  });
  let salon: Company;
  let bright: Company;
  let syncTeam: ReturnType<typeof makeSyncTeam>;
  const ctx = (company: Company): TenantContext => ({ company, actor: { type: "cli" } });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    salon = await store.companies.create(
      companyInput("salon", {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
      }),
    );
    bright = await store.companies.create(
      companyInput("bright", {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1002,
        calcomApiKey: new Secret("cal_test_bright_smiles"),
      }),
    );
    syncTeam = makeSyncTeam({ store, calcom: reader, clock: systemClock, newId });
  });
  afterAll(() => database.drop());

  const hostsOf = (company: Company) =>
    database.db
      .selectFrom("calcom_event_type_host")
      .selectAll()
      .where("company_id", "=", company.id)
      .orderBy("event_type_id")
      .orderBy("calcom_user_id")
      .execute();
  const membersOf = (company: Company) =>
    database.db
      .selectFrom("calcom_member")
      .selectAll()
      .where("company_id", "=", company.id)
      .orderBy("calcom_user_id")
      .execute();

  it("mirrors event types, hosts and members with exactly 2 Cal.com requests", async () => {
    calcom.state.sim.requests.length = 0;
    const result = await syncTeam(ctx(salon), { trigger: "cli" });
    expect(result.status).toBe("succeeded");
    expect(calcom.state.sim.requests.map((r) => r.path).sort()).toEqual([
      "/v2/teams/1001/event-types",
      "/v2/teams/1001/memberships",
    ]);
    if (result.status !== "succeeded") return;
    expect(result.run).toMatchObject({
      trigger: "cli",
      status: "succeeded",
      calcomRequests: 2,
      kind: "team",
    });
    expect(result.changes).toMatchObject({
      eventTypes: 4,
      hosts: 8,
      members: 5,
      hostsAdded: 8,
      hostsRemoved: 0,
    });

    const eventTypes = await store.calcomMirror.listEventTypes(salon.id);
    expect(eventTypes.map((e) => [e.eventTypeId, e.title, e.schedulingType])).toEqual([
      [2003, "Bartpflege", "roundRobin"],
      [2004, "Beratung", null],
      [2002, "Färben", "roundRobin"],
      [2001, "Haarschnitt", "roundRobin"],
    ]);
    expect((await hostsOf(salon)).map((h) => [h.event_type_id, h.calcom_user_id])).toEqual([
      [2001, 501],
      [2001, 502],
      [2001, 503],
      [2002, 502],
      [2002, 503],
      [2002, 505],
      [2003, 501],
      [2003, 504],
    ]);
    const members = await membersOf(salon);
    // Emails come only from memberships; Cal.com's "" username is stored as missing.
    expect(members.find((m) => m.calcom_user_id === 503)).toMatchObject({
      email: "sophie.weiss@icloud.com",
      name: "Sophie Weiß",
    });
    expect(members.find((m) => m.calcom_user_id === 505)).toMatchObject({
      email: "lena+cal@salon-beispiel.de",
      username: null,
    });
    expect(members.find((m) => m.calcom_user_id === 501)?.role).toBe("OWNER");
  });

  it("keeps each company's mirror to itself", async () => {
    const result = await syncTeam(ctx(bright), { trigger: "cli" });
    expect(result.status).toBe("succeeded");
    expect(
      (await store.calcomMirror.listEventTypes(bright.id)).map((e) => e.eventTypeId).sort(),
    ).toEqual([2101, 2102]);
    expect(await store.calcomMirror.findEventType(bright.id, 2001)).toBeNull();
    expect(await store.calcomMirror.findEventType(salon.id, 2101)).toBeNull();
    expect((await hostsOf(salon)).every((h) => h.company_id === salon.id)).toBe(true);
  });

  it("links services only to event types of the company's own team", async () => {
    const createService = makeCreateService(store);
    const updateService = makeUpdateService(store);
    const haircut = await createService(ctx(salon), {
      name: "Haarschnitt",
      durationMinutes: 30,
      eventTypeId: 2001,
    });
    expect(haircut.calcomEventTypeId).toBe(2001);
    await expect(
      createService(ctx(salon), { name: "Check-up", durationMinutes: 30, eventTypeId: 2101 }),
    ).rejects.toThrow(
      /event type 2101 is not in Company salon's Cal.com team; choose one of: .*2001 \(Haarschnitt\)/,
    );
    await expect(
      updateService(ctx(salon), { serviceId: haircut.id, eventTypeId: 2102 }),
    ).rejects.toThrow(/not in/);
    expect(
      (await updateService(ctx(salon), { serviceId: haircut.id, eventTypeId: 2002 }))
        .calcomEventTypeId,
    ).toBe(2002);
    await expect(
      updateService(ctx(bright), { serviceId: haircut.id, name: "stolen" }),
    ).rejects.toThrow(/no service/);
    expect(
      (await updateService(ctx(salon), { serviceId: haircut.id, eventTypeId: null }))
        .calcomEventTypeId,
    ).toBeNull();
  });

  it("marks hosts that left and event types that vanished instead of keeping them silently", async () => {
    const changed = demoFixture();
    const team = changed.teams.find((t) => t.id === 1001)!;
    team.eventTypes = team.eventTypes.filter((e) => e.id !== 2003);
    team.eventTypes.find((e) => e.id === 2001)!.hosts = [{ userId: 501 }, { userId: 502 }];
    team.members = team.members.filter((m) => m.userId !== 504);
    const previous = calcom.state.sim;
    calcom.state.sim = createSimulator(changed);
    try {
      const result = await syncTeam(ctx(salon), { trigger: "cli" });
      expect(result.status).toBe("succeeded");
      if (result.status !== "succeeded") return;
      // 2001 lost 503; 2003 vanished with its hosts 501 and 504.
      expect(result.changes).toMatchObject({
        eventTypesRemoved: 1,
        hostsRemoved: 3,
        hostsAdded: 0,
        membersRemoved: 1,
      });
      expect((await store.calcomMirror.findEventType(salon.id, 2003))?.removedAt).not.toBeNull();
      const removed = (await hostsOf(salon))
        .filter((h) => h.removed_at !== null)
        .map((h) => [h.event_type_id, h.calcom_user_id]);
      expect(removed).toEqual([
        [2001, 503],
        [2003, 501],
        [2003, 504],
      ]);
      expect(
        (await membersOf(salon)).find((m) => m.calcom_user_id === 504)?.removed_at,
      ).not.toBeNull();
    } finally {
      calcom.state.sim = previous;
    }
    // Back in Cal.com → live again.
    const again = await syncTeam(ctx(salon), { trigger: "cli" });
    expect(again.status === "succeeded" && again.changes.hostsAdded).toBe(3);
    expect((await hostsOf(salon)).every((h) => h.removed_at === null)).toBe(true);
  });

  it.each<[string, { key?: string; fault?: Fault }, RegExp]>([
    ["a wrong API key", { key: "cal_test_wrong" }, /Cal\.com rejected the API key/],
    ["500s past the retry budget", { fault: { kind: "500", times: 10 } }, /Cal\.com/i],
    ["malformed JSON", { fault: { kind: "malformed", times: 10 } }, /JSON|response/i],
  ])("fails cleanly on %s and leaves the previous mirror intact", async (_name, setup, message) => {
    const before = { hosts: await hostsOf(salon), members: await membersOf(salon) };
    const company = setup.key
      ? { ...salon, calcom: { ...salon.calcom, apiKey: new Secret(setup.key) } }
      : salon;
    if (setup.fault) calcom.state.sim.faults.inject(setup.fault);
    try {
      const result = await syncTeam(ctx(company), { trigger: "schedule" });
      expect(result.status).toBe("failed");
      if (result.status !== "failed") return;
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain("cal_test_wrong");
      expect(result.run).toMatchObject({ status: "failed", trigger: "schedule" });
      expect(result.run.calcomRequests).toBeGreaterThan(0);
      expect(result.run.finishedAt).not.toBeNull();
    } finally {
      calcom.state.sim.faults.clear();
    }
    expect(await hostsOf(salon)).toEqual(before.hosts);
    expect(await membersOf(salon)).toEqual(before.members);
  });

  it("retries a 429 and succeeds", async () => {
    calcom.state.sim.requests.length = 0;
    calcom.state.sim.faults.inject({ kind: "429", path: "/v2/teams/1001/memberships", times: 1 });
    const result = await syncTeam(ctx(salon), { trigger: "cli" });
    expect(result.status).toBe("succeeded");
    expect(result.run?.calcomRequests).toBe(3);
  });

  it("never runs two syncs of one company at once", async () => {
    // Cal.com holds the first request back, so the first sync is surely still running when the
    // second one asks for the company's lock (on a loaded machine it could otherwise finish first).
    calcom.state.sim.faults.inject({ kind: "timeout", delayMs: 300, times: 1 });
    const [first, second] = await Promise.all([
      syncTeam(ctx(salon), { trigger: "cli" }),
      syncTeam(ctx(salon), { trigger: "admin" }),
    ]);
    expect([first.status, second.status].sort()).toEqual(["skipped", "succeeded"]);
    const skipped = first.status === "skipped" ? first : second;
    expect(skipped.status === "skipped" && skipped.reason).toContain("already running");
    // The lock is released afterwards.
    expect((await syncTeam(ctx(salon), { trigger: "cli" })).status).toBe("succeeded");
  });

  it("records every run", async () => {
    const runs = await store.syncRuns.list(salon.id, 100);
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.every((r) => r.companyId === salon.id && r.status !== "running")).toBe(true);
    expect(await store.syncRuns.list(bright.id, 100)).toHaveLength(1);
  });

  it("pages memberships by 250", async () => {
    const big = generateFixture({
      teams: 1,
      eventTypesPerTeam: 2,
      hostsPerEventType: 3,
      membersPerTeam: 600,
    });
    const sim = createSimulator(big);
    const bigReader = createCalcomTeamReader({
      fetch: (input, init) =>
        Promise.resolve(sim.app.request(input instanceof Request ? input : String(input), init)),
    });
    const company = await store.companies.create(
      companyInput("big", {
        calcomBaseUrl: "http://big.test",
        calcomTeamId: 1,
        calcomApiKey: new Secret("cal_test_team_1"),
      }),
    );
    const result = await makeSyncTeam({ store, calcom: bigReader, clock: systemClock, newId })(
      ctx(company),
      { trigger: "cli" },
    );
    expect(result.status).toBe("succeeded");
    expect(result.run?.calcomRequests).toBe(4);
    expect(
      sim.requests.filter((r) => r.path.endsWith("/memberships")).map((r) => r.query.skip ?? "0"),
    ).toEqual(["0", "250", "500"]);
    expect(await membersOf(company)).toHaveLength(600);
  });
});
