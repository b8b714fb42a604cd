import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maxCreatedTeams } from "./created-teams.ts";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, capturingFetch, salonKey } from "./test-helpers.ts";
import { calSignature } from "./webhooks.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
const teamsFile = () => join(mkdtempSync(join(tmpdir(), "frontdesk-sim-teams-")), "teams.json");

describe("createTeam from the salon template", () => {
  it("makes a team with its own key, German members and round-robin event types", async () => {
    const sim = createSimulator(demoFixture(), { now });
    const { teamId, apiKey } = sim.createTeam({ template: "salon", name: "Salon Sonne" });

    const team = await call(sim.app, `/v2/teams/${teamId}`, { key: apiKey });
    expect(team.json.data).toMatchObject({
      id: teamId,
      name: "Salon Sonne",
      slug: "salon-sonne",
      timeZone: "Europe/Berlin",
    });
    const members = await call(sim.app, `/v2/teams/${teamId}/memberships`, { key: apiKey });
    expect(
      members.json.data.map((m: { role: string; user: { name: string; email: string } }) => [
        m.role,
        m.user.name,
        m.user.email,
      ]),
    ).toEqual([
      ["OWNER", "Katrin Vogel", "katrin.vogel@salon-sonne.example"],
      ["MEMBER", "Tobias Wagner", "tobias.wagner@salon-sonne.example"],
      ["MEMBER", "Miriam Schäfer", "miriam.schaefer@salon-sonne.example"],
      ["MEMBER", "Jonas Krüger", "jonas.krueger@salon-sonne.example"],
    ]);
    const memberIds = new Set(members.json.data.map((m: { userId: number }) => m.userId));

    const eventTypes = (await call(sim.app, `/v2/teams/${teamId}/event-types`)).json.data;
    expect(
      eventTypes.map((e: { title: string; lengthInMinutes: number; schedulingType: string }) => [
        e.title,
        e.lengthInMinutes,
        e.schedulingType,
      ]),
    ).toEqual([
      ["Haarschnitt", 30, "roundRobin"],
      ["Färben", 90, "roundRobin"],
      ["Beratung", 15, "roundRobin"],
    ]);
    for (const eventType of eventTypes) {
      expect(eventType.hosts.length).toBeGreaterThanOrEqual(2);
      for (const host of eventType.hosts) expect(memberIds.has(host.userId)).toBe(true);
    }

    // Bookable like the demo salon: slots on a weekday, and a booking picks a host.
    const haarschnitt = eventTypes[0].id;
    const slots = await call(
      sim.app,
      `/v2/slots?eventTypeId=${haarschnitt}&start=2026-10-20&end=2026-10-20`,
      { version: "2024-09-04" },
    );
    expect(slots.json.data["2026-10-20"][0]).toEqual({ start: "2026-10-20T07:00:00.000Z" });
    const booked = await book(sim.app, "2026-10-20T07:00:00.000Z", haarschnitt, {
      name: "Erika Muster",
      email: "erika@example.com",
    });
    expect(booked.status).toBe(201);
    expect(memberIds.has(booked.json.data.hosts[0].id)).toBe(true);
    const listed = await call(sim.app, "/v2/bookings", { key: apiKey, version: "2024-08-13" });
    expect(listed.json.data.map((b: { uid: string }) => b.uid)).toEqual([booked.json.data.uid]);
  });

  it("keeps ids apart from the fixture's and from each other, and keys to their own team", async () => {
    const sim = createSimulator(demoFixture(), { now });
    const a = sim.createTeam({ name: "Salon A" });
    const b = sim.createTeam({ name: "Salon A" });
    expect(b.team.slug).toBe("salon-a-2");
    const fixture = demoFixture();
    const ids = (teams: typeof fixture.teams) => ({
      teams: teams.map((t) => t.id),
      eventTypes: teams.flatMap((t) => t.eventTypes.map((e) => e.id)),
      users: teams.flatMap((t) => t.members.map((m) => m.userId)),
      memberships: teams.flatMap((t) => t.members.map((m) => m.membershipId!)),
    });
    const all = ids([...fixture.teams, a.team, b.team]);
    for (const list of Object.values(all)) expect(new Set(list).size).toBe(list.length);
    expect(a.apiKey).not.toBe(b.apiKey);

    expect((await call(sim.app, `/v2/teams/${b.teamId}`, { key: a.apiKey })).status).toBe(403);
    expect((await call(sim.app, `/v2/teams/${a.teamId}`, { key: salonKey })).status).toBe(403);
    const teams = await call(sim.app, "/v2/teams", { key: a.apiKey });
    expect(teams.json.data.map((t: { id: number }) => t.id)).toEqual([a.teamId]);
  });

  it("sends a created team's booking webhooks to the target set for it", async () => {
    const hook = capturingFetch();
    const sim = createSimulator(demoFixture(), { now, fetch: hook.fetch });
    const { teamId, team } = sim.createTeam({ name: "Salon Hook" });
    sim.setWebhook(teamId, { url: "http://hooks.test/salon-hook", secret: "s3cret" });
    sim.control.publicBooking({
      eventTypeId: team.eventTypes[0]!.id,
      start: "2026-10-20T08:00:00.000Z",
      attendee: { name: "Walk-in", email: "walkin@example.com" },
    });
    await sim.flushWebhooks();
    expect(hook.received.map((w) => [w.url, w.body.triggerEvent])).toEqual([
      ["http://hooks.test/salon-hook", "BOOKING_CREATED"],
    ]);
  });
});

describe("the number of created teams", () => {
  it("stops at the cap with a 400 and keeps the teams it has", () => {
    const sim = createSimulator(demoFixture(), { now });
    for (let i = 0; i < maxCreatedTeams; i++) sim.createTeam({ name: `Salon ${i}` });
    expect(() => sim.createTeam({ name: "One too many" })).toThrow(
      `the simulator keeps at most ${maxCreatedTeams} created teams`,
    );
    expect(sim.createdTeams()).toHaveLength(maxCreatedTeams);
  });
});

describe("POST /_simulator/teams", () => {
  it("creates a team over HTTP and lists the created ones", async () => {
    const sim = createSimulator(demoFixture(), { now });
    const created = await call(sim.app, "/_simulator/teams", {
      method: "POST",
      body: { template: "salon", name: "Friseur Müller", slug: "friseur-mueller" },
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      template: "salon",
      teamId: expect.any(Number),
      apiKey: expect.stringMatching(/^cal_test_friseur_mueller_/),
      team: { slug: "friseur-mueller", name: "Friseur Müller" },
    });
    const { teamId, apiKey } = created.json.data;
    expect((await call(sim.app, `/v2/teams/${teamId}`, { key: apiKey })).status).toBe(200);

    const listed = await call(sim.app, "/_simulator/teams");
    expect(listed.json.data.map((t: { apiKey: string }) => t.apiKey)).toEqual([apiKey]);
    expect(sim.requests).toEqual([expect.objectContaining({ path: `/v2/teams/${teamId}` })]);
  });

  it("refuses a team without a name, an unknown template or a bad slug", async () => {
    const sim = createSimulator(demoFixture(), { now });
    for (const body of [{}, { name: "X", template: "zoo" }, { name: "X", slug: "Not A Slug" }]) {
      const res = await call(sim.app, "/_simulator/teams", { method: "POST", body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("BadRequestException");
    }
    expect(sim.createdTeams()).toEqual([]);
  });
});

describe("teamsFile", () => {
  it("writes created teams to the file and re-creates them with the same ids, keys and members", async () => {
    const file = teamsFile();
    const first = createSimulator(demoFixture(), { now, teamsFile: file });
    const made = first.createTeam({ name: "Salon Dauer" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).teams).toEqual([
      { template: "salon", apiKey: made.apiKey, team: made.team, webhooks: [] },
    ]);

    const second = createSimulator(demoFixture(), { now, teamsFile: file });
    expect(second.createdTeams()).toEqual([
      { template: "salon", apiKey: made.apiKey, team: made.team },
    ]);
    const members = await call(second.app, `/v2/teams/${made.teamId}/memberships`, {
      key: made.apiKey,
    });
    expect(members.json.data.map((m: { id: number; userId: number }) => [m.id, m.userId])).toEqual(
      made.team.members.map((m) => [m.membershipId, m.userId]),
    );

    // A team made after the restart gets new ids, and both stay in the file.
    const next = second.createTeam({ name: "Salon Neu" });
    expect(next.teamId).not.toBe(made.teamId);
    expect(next.team.eventTypes[0]!.id).toBeGreaterThan(made.team.eventTypes.at(-1)!.id);
    expect(JSON.parse(readFileSync(file, "utf8")).teams).toHaveLength(2);
    expect(createSimulator(demoFixture(), { teamsFile: file }).createdTeams()).toHaveLength(2);
  });

  it("keeps the webhooks registered on a created team's event types across a restart", async () => {
    const file = teamsFile();
    const first = createSimulator(demoFixture(), { now, teamsFile: file });
    const made = first.createTeam({ name: "Salon Haken" });
    const eventTypeId = made.team.eventTypes[0]!.id;
    const path = `/v2/event-types/${eventTypeId}/webhooks`;
    const hook = (
      await call(first.app, path, {
        method: "POST",
        key: made.apiKey,
        body: {
          subscriberUrl: "http://hooks.test/haken",
          active: true,
          triggers: ["BOOKING_CREATED"],
          secret: "s3cret",
        },
      })
    ).json.data;
    // A webhook on a fixture team's event type is not the file's to keep.
    await call(first.app, "/v2/event-types/2001/webhooks", {
      method: "POST",
      key: salonKey,
      body: { subscriberUrl: "http://hooks.test/fixture", active: true, triggers: [] },
    });

    const { fetch, received } = capturingFetch();
    const second = createSimulator(demoFixture(), { now, teamsFile: file, fetch });
    expect((await call(second.app, path, { key: made.apiKey })).json.data).toEqual([hook]);
    expect(
      (await call(second.app, "/v2/event-types/2001/webhooks", { key: salonKey })).json.data,
    ).toEqual([]);
    second.control.publicBooking({
      eventTypeId,
      start: "2026-10-20T08:00:00.000Z",
      attendee: { name: "Walk-in", email: "walkin@example.com" },
    });
    await second.flushWebhooks();
    expect(received.map((w) => w.url)).toEqual(["http://hooks.test/haken"]);
    expect(second.webhookDeliveries[0]!.signature).toBe(
      calSignature(second.webhookDeliveries[0]!.body, "s3cret"),
    );

    // Deleting it is written too.
    await call(second.app, `${path}/${hook.id}`, { method: "DELETE", key: made.apiKey });
    expect(JSON.parse(readFileSync(file, "utf8")).teams[0].webhooks).toEqual([]);
  });

  it("stops with the file's name when it cannot be read", () => {
    const file = teamsFile();
    writeFileSync(file, '{"teams": [{"template": "salon", "apiKey": "k", "team": {"id": 1001}}]}');
    expect(() => createSimulator(demoFixture(), { teamsFile: file })).toThrow(
      new RegExp(`simulator teams file ${file} cannot be read`),
    );
  });
});
