import { IANAZone } from "luxon";
import { z } from "zod";

export type Weekday = "1" | "2" | "3" | "4" | "5" | "6" | "7";
export type HostPriority = "lowest" | "low" | "medium" | "high" | "highest";
export type SchedulingType = "roundRobin" | "collective" | "managed";

export interface FixtureMember {
  membershipId?: number;
  userId: number;
  email: string;
  name: string | null;
  username: string | null;
  avatarUrl?: string | null;
  role: "OWNER" | "ADMIN" | "MEMBER";
  accepted?: boolean;
  /** Weekly working hours in the team's time zone; weekday 1=Mon..7=Sun; a missing day = not working. */
  schedule?: Partial<Record<Weekday, [string, string][]>>;
}

export interface FixtureEventType {
  id: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  schedulingType: SchedulingType | null;
  hidden?: boolean;
  slotInterval?: number | null;
  hosts: { userId: number; mandatory?: boolean; priority?: HostPriority }[];
}

export interface FixtureTeam {
  id: number;
  slug: string;
  name: string;
  timeZone: string;
  members: FixtureMember[];
  eventTypes: FixtureEventType[];
}

export interface SimulatorFixture {
  /** A key is TEAM_ADMIN of the listed teams. */
  apiKeys: { key: string; teamIds: number[] }[];
  teams: FixtureTeam[];
}

const weekdays = ["1", "2", "3", "4", "5", "6", "7"] as const;

/** "HH:MM", 00:00–24:00 (24:00 closes a day that works until midnight). */
const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be "HH:MM" between 00:00 and 24:00');

const workingRange = z
  .tuple([clockTime, clockTime])
  .refine(([from, to]) => from < to, "a working range must end after it starts");

const id = z.number().int().positive();

const memberSchema = z.object({
  membershipId: id.optional(),
  userId: id,
  email: z.email(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  avatarUrl: z.string().nullable().optional(),
  role: z.enum(["OWNER", "ADMIN", "MEMBER"]),
  accepted: z.boolean().optional(),
  schedule: z.partialRecord(z.enum(weekdays), z.array(workingRange)).optional(),
});

const eventTypeSchema = z.object({
  id,
  title: z.string().min(1),
  slug: z.string().min(1),
  lengthInMinutes: z.number().int().positive(),
  schedulingType: z.enum(["roundRobin", "collective", "managed"]).nullable(),
  hidden: z.boolean().optional(),
  slotInterval: z.number().int().positive().nullable().optional(),
  hosts: z.array(
    z.object({
      userId: id,
      mandatory: z.boolean().optional(),
      priority: z.enum(["lowest", "low", "medium", "high", "highest"]).optional(),
    }),
  ),
});

const teamSchema = z.object({
  id,
  slug: z.string().min(1),
  name: z.string().min(1),
  timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), "must be an IANA time zone"),
  members: z.array(memberSchema),
  eventTypes: z.array(eventTypeSchema),
});

/** Validates shapes and cross-references, so the simulator can trust every lookup later. */
export const simulatorFixtureSchema: z.ZodType<SimulatorFixture> = z
  .object({
    apiKeys: z.array(z.object({ key: z.string().min(1), teamIds: z.array(id) })),
    teams: z.array(teamSchema),
  })
  .superRefine((fixture, ctx) => {
    const teamIds = new Set<number>();
    const eventTypeIds = new Set<number>();
    const membershipIds = new Set<number>();
    fixture.teams.forEach((team, t) => {
      if (teamIds.has(team.id)) {
        ctx.addIssue({ code: "custom", path: ["teams", t, "id"], message: "duplicate team id" });
      }
      teamIds.add(team.id);
      const userIds = new Set<number>();
      team.members.forEach((member, m) => {
        if (userIds.has(member.userId)) {
          ctx.addIssue({
            code: "custom",
            path: ["teams", t, "members", m, "userId"],
            message: "user is listed twice in this team",
          });
        }
        userIds.add(member.userId);
        if (member.membershipId !== undefined) {
          if (membershipIds.has(member.membershipId)) {
            ctx.addIssue({
              code: "custom",
              path: ["teams", t, "members", m, "membershipId"],
              message: "duplicate membership id",
            });
          }
          membershipIds.add(member.membershipId);
        }
      });
      team.eventTypes.forEach((eventType, e) => {
        if (eventTypeIds.has(eventType.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["teams", t, "eventTypes", e, "id"],
            message: "duplicate event type id",
          });
        }
        eventTypeIds.add(eventType.id);
        eventType.hosts.forEach((host, h) => {
          if (!userIds.has(host.userId)) {
            ctx.addIssue({
              code: "custom",
              path: ["teams", t, "eventTypes", e, "hosts", h, "userId"],
              message: `host ${host.userId} is not a member of team ${team.id}`,
            });
          }
        });
      });
    });
    const keys = new Set<string>();
    fixture.apiKeys.forEach((apiKey, k) => {
      if (keys.has(apiKey.key)) {
        ctx.addIssue({ code: "custom", path: ["apiKeys", k, "key"], message: "duplicate key" });
      }
      keys.add(apiKey.key);
      apiKey.teamIds.forEach((teamId, i) => {
        if (!teamIds.has(teamId)) {
          ctx.addIssue({
            code: "custom",
            path: ["apiKeys", k, "teamIds", i],
            message: `team ${teamId} is not in the fixture`,
          });
        }
      });
    });
  });
