import type { FixtureEventType, FixtureMember, FixtureTeam, SimulatorFixture } from "./fixture.ts";

export interface GenerateFixtureOptions {
  teams: number;
  eventTypesPerTeam: number;
  hostsPerEventType: number;
  /** Default: hostsPerEventType. */
  membersPerTeam?: number;
}

const lengths = [15, 30, 45, 60];

/**
 * A deterministic fixture of any size for benchmarks: team ids 1..n, API key
 * `cal_test_team_<teamId>` per team, globally unique user, membership and event type ids.
 */
export function generateFixture(opts: GenerateFixtureOptions): SimulatorFixture {
  const membersPerTeam = opts.membersPerTeam ?? opts.hostsPerEventType;
  for (const [name, value] of Object.entries({ ...opts, membersPerTeam })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`generateFixture: ${name} must be a non-negative integer`);
    }
  }
  if (opts.hostsPerEventType > membersPerTeam) {
    throw new RangeError("generateFixture: hostsPerEventType must not exceed membersPerTeam");
  }

  const teams: FixtureTeam[] = [];
  for (let teamId = 1; teamId <= opts.teams; teamId++) {
    const firstUserId = (teamId - 1) * membersPerTeam + 1;
    const members: FixtureMember[] = [];
    for (let i = 0; i < membersPerTeam; i++) {
      const userId = firstUserId + i;
      members.push({
        membershipId: userId,
        userId,
        email: `member${i + 1}@team${teamId}.example`,
        name: `Member ${i + 1} of Team ${teamId}`,
        username: `team${teamId}-member${i + 1}`,
        avatarUrl: null,
        role: i === 0 ? "OWNER" : "MEMBER",
        accepted: true,
        schedule: {
          "1": [["09:00", "17:00"]],
          "2": [["09:00", "17:00"]],
          "3": [["09:00", "17:00"]],
          "4": [["09:00", "17:00"]],
          "5": [["09:00", "17:00"]],
        },
      });
    }
    const eventTypes: FixtureEventType[] = [];
    for (let e = 0; e < opts.eventTypesPerTeam; e++) {
      const hosts: FixtureEventType["hosts"] = [];
      // Rotate the host window so event types share some hosts but not all.
      for (let h = 0; h < opts.hostsPerEventType; h++) {
        hosts.push({ userId: firstUserId + ((e + h) % membersPerTeam) });
      }
      eventTypes.push({
        id: (teamId - 1) * opts.eventTypesPerTeam + e + 1,
        title: `Service ${e + 1}`,
        slug: `service-${e + 1}`,
        lengthInMinutes: lengths[e % lengths.length]!,
        schedulingType: "roundRobin",
        hosts,
      });
    }
    teams.push({
      id: teamId,
      slug: `team-${teamId}`,
      name: `Team ${teamId}`,
      timeZone: "Europe/Berlin",
      members,
      eventTypes,
    });
  }

  return {
    apiKeys: teams.map((team) => ({ key: `cal_test_team_${team.id}`, teamIds: [team.id] })),
    teams,
  };
}
