import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import type { SimulatorFixture } from "./fixture.ts";
import { generateFixture } from "./generate-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { call, dentalKey, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");

describe("envelopes and auth", () => {
  it("wraps success as {status:'success', data}", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams", { key: salonKey });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("success");
    expect(res.json.data).toEqual([
      expect.objectContaining({
        id: 1001,
        name: "Salon Beispiel",
        slug: "salon-beispiel",
        isOrganization: false,
        timeZone: "Europe/Berlin",
      }),
    ]);
  });

  it("answers a missing key with 401 in the error envelope", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams");
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      status: "error",
      timestamp: "2026-10-19T06:00:00.000Z",
      path: "/v2/teams",
      error: { code: "UnauthorizedException", message: expect.any(String) },
    });
  });

  it("answers an unknown key with 401", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001", { key: "cal_live_nope" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("UnauthorizedException");
  });

  it("answers another team's key with 403", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    for (const path of [
      "/v2/teams/1001",
      "/v2/teams/1001/memberships",
      "/v2/teams/1001/event-types/2001",
    ]) {
      const res = await call(app, path, { key: dentalKey });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("ForbiddenException");
    }
  });

  it("returns one team by id", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1002", { key: dentalKey });
    expect(res.json.data).toMatchObject({ id: 1002, slug: "bright-smiles", isOrganization: false });
  });

  it("accepts any cal-api-version, or none, on teams routes", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    for (const version of [undefined, "2024-08-13", "nonsense"]) {
      expect((await call(app, "/v2/teams", { key: salonKey, version })).status).toBe(200);
    }
  });

  it("answers an unknown route with 404 NotFoundException", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/nothing-here");
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({
      code: "NotFoundException",
      message: "Cannot GET /v2/nothing-here",
    });
  });
});

describe("GET /v2/teams/:teamId/memberships", () => {
  it("returns an array of memberships with the user's email, ordered by id", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001/memberships", { key: salonKey });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.data)).toBe(true);
    expect(res.json.data.map((m: { id: number }) => m.id)).toEqual([
      10501, 10502, 10503, 10504, 10505,
    ]);
    expect(res.json.data[4]).toEqual({
      id: 10505,
      userId: 505,
      teamId: 1001,
      accepted: true,
      role: "MEMBER",
      disableImpersonation: false,
      user: {
        email: "lena+cal@salon-beispiel.de",
        name: "Lena Groß",
        username: "",
        avatarUrl: null,
        bio: null,
        metadata: {},
      },
    });
  });

  it("pages 600 members in pages of at most 250", async () => {
    const fixture = generateFixture({
      teams: 1,
      eventTypesPerTeam: 1,
      hostsPerEventType: 1,
      membersPerTeam: 600,
    });
    const { app } = createSimulator(fixture, { now });
    const sizes: number[] = [];
    const ids: number[] = [];
    for (let skip = 0; ; skip += 250) {
      const res = await call(app, `/v2/teams/1/memberships?take=250&skip=${skip}`, {
        key: "cal_test_team_1",
      });
      sizes.push(res.json.data.length);
      ids.push(...res.json.data.map((m: { id: number }) => m.id));
      if (res.json.data.length < 250) break;
    }
    expect(sizes).toEqual([250, 250, 100]);
    expect(new Set(ids).size).toBe(600);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("defaults take to 250", async () => {
    const fixture = generateFixture({
      teams: 1,
      eventTypesPerTeam: 1,
      hostsPerEventType: 1,
      membersPerTeam: 300,
    });
    const { app } = createSimulator(fixture, { now });
    const res = await call(app, "/v2/teams/1/memberships", { key: "cal_test_team_1" });
    expect(res.json.data).toHaveLength(250);
  });

  it.each(["take=251", "take=0", "skip=-1", "take=abc"])("rejects %s with 400", async (query) => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, `/v2/teams/1001/memberships?${query}`, { key: salonKey });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
    expect(res.json.error.details.errors.length).toBeGreaterThan(0);
  });
});

describe("GET /v2/teams/:teamId/event-types", () => {
  const messyFixture = (): SimulatorFixture => {
    const fixture = demoFixture();
    const salon = fixture.teams[0]!;
    salon.members.push({
      userId: 599,
      email: "nameless@example.com",
      name: null,
      username: null,
      role: "MEMBER",
    });
    salon.eventTypes.push(
      {
        id: 2005,
        title: "Team-Styling",
        slug: "team-styling",
        lengthInMinutes: 60,
        schedulingType: "collective",
        hosts: [{ userId: 501 }, { userId: 599 }],
      },
      {
        id: 2006,
        title: "VIP",
        slug: "vip",
        lengthInMinutes: 60,
        schedulingType: "roundRobin",
        hosts: [{ userId: 501, mandatory: true, priority: "highest" }, { userId: 599 }],
      },
    );
    return fixture;
  };

  it("is public: no key needed", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types");
    expect(res.status).toBe(200);
    expect(res.json.data.map((e: { id: number }) => e.id)).toEqual([2001, 2002, 2003, 2004]);
    expect(res.json.data[0]).toMatchObject({
      id: 2001,
      title: "Haarschnitt",
      slug: "haarschnitt",
      description: "",
      lengthInMinutes: 30,
      hidden: false,
      teamId: 1001,
      ownerId: null,
      parentEventTypeId: null,
      schedulingType: "roundRobin",
      team: { id: 1001, slug: "salon-beispiel", name: "Salon Beispiel" },
    });
  });

  it("gives hosts as objects without email, with mandatory and priority for round robin", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types?eventSlug=faerben");
    expect(res.json.data).toHaveLength(1);
    expect(res.json.data[0].hosts).toEqual([
      {
        userId: 502,
        name: "Anna Schmidt",
        username: "anna",
        avatarUrl: null,
        mandatory: false,
        priority: "medium",
      },
      {
        userId: 503,
        name: "Sophie Weiß",
        username: "sophie",
        avatarUrl: null,
        mandatory: false,
        priority: "medium",
      },
      {
        userId: 505,
        name: "Lena Groß",
        username: "",
        avatarUrl: null,
        mandatory: false,
        priority: "medium",
      },
    ]);
  });

  it("turns a missing name or username into an empty string", async () => {
    const { app } = createSimulator(messyFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types?eventSlug=vip");
    expect(res.json.data[0].hosts).toEqual([
      {
        userId: 501,
        name: "Jörg Müller",
        username: "joerg",
        avatarUrl: null,
        mandatory: true,
        priority: "highest",
      },
      {
        userId: 599,
        name: "",
        username: "",
        avatarUrl: null,
        mandatory: false,
        priority: "medium",
      },
    ]);
  });

  it("leaves out mandatory and priority when not round robin", async () => {
    const { app } = createSimulator(messyFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types?eventSlug=team-styling");
    expect(res.json.data[0].hosts).toEqual([
      { userId: 501, name: "Jörg Müller", username: "joerg", avatarUrl: null },
      { userId: 599, name: "", username: "", avatarUrl: null },
    ]);
  });

  it("has hosts [] when schedulingType is null", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types?eventSlug=beratung");
    expect(res.json.data[0]).toMatchObject({ id: 2004, schedulingType: null, hosts: [] });
  });

  it("limits hosts with hostsLimit together with eventSlug", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    const res = await call(app, "/v2/teams/1001/event-types?eventSlug=haarschnitt&hostsLimit=2");
    expect(res.json.data[0].hosts.map((h: { userId: number }) => h.userId)).toEqual([501, 502]);
  });

  it("returns a single event type to the team's admin key only", async () => {
    const { app } = createSimulator(demoFixture(), { now });
    expect((await call(app, "/v2/teams/1001/event-types/2001")).status).toBe(401);
    const res = await call(app, "/v2/teams/1001/event-types/2001", { key: salonKey });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: 2001, slug: "haarschnitt" });
    expect(res.json.data.hosts).toHaveLength(3);
    const elsewhere = await call(app, "/v2/teams/1001/event-types/2101", { key: salonKey });
    expect(elsewhere.status).toBe(404);
  });
});
