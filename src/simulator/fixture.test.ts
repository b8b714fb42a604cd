import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { type SimulatorFixture, simulatorFixtureSchema } from "./fixture.ts";
import { generateFixture } from "./generate-fixture.ts";

function broken(edit: (f: SimulatorFixture) => void): SimulatorFixture {
  const fixture = demoFixture();
  edit(fixture);
  return fixture;
}

describe("simulatorFixtureSchema", () => {
  it("accepts the demo fixture", () => {
    expect(simulatorFixtureSchema.safeParse(demoFixture()).success).toBe(true);
  });

  it.each([
    [
      "a host who is not a team member",
      broken((f) => f.teams[0]!.eventTypes[0]!.hosts.push({ userId: 999 })),
    ],
    ["an unknown time zone", broken((f) => (f.teams[0]!.timeZone = "Europe/Atlantis"))],
    [
      "a working range that is not HH:MM",
      broken((f) => (f.teams[0]!.members[0]!.schedule = { "1": [["9:00", "18:00"]] })),
    ],
    [
      "a working range that ends before it starts",
      broken((f) => (f.teams[0]!.members[0]!.schedule = { "1": [["18:00", "09:00"]] })),
    ],
    ["a duplicate event type id", broken((f) => (f.teams[1]!.eventTypes[0]!.id = 2001))],
    ["an API key for an unknown team", broken((f) => f.apiKeys[0]!.teamIds.push(7))],
  ])("rejects %s", (_, fixture) => {
    expect(simulatorFixtureSchema.safeParse(fixture).success).toBe(false);
  });
});

describe("demoFixture", () => {
  it("has the salon and the dental practice with their keys", () => {
    const f = demoFixture();
    expect(f.apiKeys).toEqual([
      { key: "cal_test_salon_beispiel", teamIds: [1001] },
      { key: "cal_test_bright_smiles", teamIds: [1002] },
    ]);
    expect(f.teams.map((t) => [t.id, t.slug, t.name, t.timeZone])).toEqual([
      [1001, "salon-beispiel", "Salon Beispiel", "Europe/Berlin"],
      [1002, "bright-smiles", "Bright Smiles Dental", "Europe/London"],
    ]);
  });

  it("keeps the awkward members the local staff are written against", () => {
    const salon = demoFixture().teams[0]!;
    expect(salon.members.map((m) => [m.userId, m.membershipId, m.email, m.username])).toEqual([
      [501, 10501, "joerg.mueller@salon-beispiel.de", "joerg"],
      [502, 10502, "anna.schmidt@salon-beispiel.de", "anna"],
      [503, 10503, "sophie.weiss@icloud.com", "sophie"],
      [504, 10504, "mehmet.yilmaz@gmail.com", "mehmet"],
      [505, 10505, "lena+cal@salon-beispiel.de", ""],
    ]);
    expect(salon.members[0]!.schedule).toEqual({
      "1": [["09:00", "18:00"]],
      "2": [["09:00", "18:00"]],
      "3": [["09:00", "18:00"]],
      "4": [["09:00", "18:00"]],
      "5": [["09:00", "18:00"]],
      "6": [["09:00", "14:00"]],
    });
  });

  it("has the event types with their hosts", () => {
    const [salon, dental] = demoFixture().teams;
    const summary = (t: typeof salon) =>
      t!.eventTypes.map((e) => [
        e.id,
        e.slug,
        e.lengthInMinutes,
        e.schedulingType,
        e.hosts.map((h) => h.userId),
      ]);
    expect(summary(salon)).toEqual([
      [2001, "haarschnitt", 30, "roundRobin", [501, 502, 503]],
      [2002, "faerben", 90, "roundRobin", [502, 503, 505]],
      [2003, "bartpflege", 20, "roundRobin", [501, 504]],
      [2004, "beratung", 15, null, []],
    ]);
    expect(summary(dental)).toEqual([
      [2101, "check-up", 30, "roundRobin", [601, 602]],
      [2102, "cleaning", 45, "roundRobin", [601, 603]],
    ]);
  });

  it("returns a fresh copy each time", () => {
    const first = demoFixture();
    first.teams[0]!.members[0]!.schedule!["1"]!.push(["20:00", "21:00"]);
    expect(demoFixture().teams[0]!.members[0]!.schedule!["1"]).toEqual([["09:00", "18:00"]]);
  });
});

describe("generateFixture", () => {
  const opts = { teams: 3, eventTypesPerTeam: 4, hostsPerEventType: 5, membersPerTeam: 8 };

  it("is deterministic and valid", () => {
    const fixture = generateFixture(opts);
    expect(generateFixture(opts)).toEqual(fixture);
    expect(simulatorFixtureSchema.safeParse(fixture).success).toBe(true);
  });

  it("numbers teams 1..n with one key each", () => {
    const fixture = generateFixture(opts);
    expect(fixture.teams.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(fixture.apiKeys).toEqual([
      { key: "cal_test_team_1", teamIds: [1] },
      { key: "cal_test_team_2", teamIds: [2] },
      { key: "cal_test_team_3", teamIds: [3] },
    ]);
    for (const team of fixture.teams) {
      expect(team.members).toHaveLength(8);
      expect(team.eventTypes).toHaveLength(4);
      for (const e of team.eventTypes) expect(e.hosts).toHaveLength(5);
    }
  });

  it("defaults membersPerTeam to hostsPerEventType and refuses more hosts than members", () => {
    const fixture = generateFixture({ teams: 1, eventTypesPerTeam: 1, hostsPerEventType: 3 });
    expect(fixture.teams[0]!.members).toHaveLength(3);
    expect(() =>
      generateFixture({ teams: 1, eventTypesPerTeam: 1, hostsPerEventType: 3, membersPerTeam: 2 }),
    ).toThrow(RangeError);
  });
});
