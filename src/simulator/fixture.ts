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

export type BookingFieldType =
  | "text"
  | "textarea"
  | "number"
  | "phone"
  | "address"
  | "url"
  | "boolean"
  | "select"
  | "multiselect"
  | "radio"
  | "checkbox"
  | "multiemail";

/** A custom question on the booking form (Cal.com's default fields are always there). */
export interface FixtureBookingField {
  slug: string;
  type: BookingFieldType;
  label: string;
  required?: boolean;
  hidden?: boolean;
  placeholder?: string;
  /** For select, multiselect, radio and checkbox. */
  options?: string[];
}

export interface FixtureEventType {
  id: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  /**
   * For "managed" this is the parent: it cannot be booked, and its `hosts` stand for the users
   * its child event types were assigned to.
   */
  schedulingType: SchedulingType | null;
  hidden?: boolean;
  slotInterval?: number | null;
  /** Hosts in Cal.com's order; for round robin the first mandatory one becomes the organizer. */
  hosts: { userId: number; mandatory?: boolean; priority?: HostPriority }[];
  /** Bookings wait as "pending" until confirmed or declined; pending ones block their slot. */
  requiresConfirmation?: boolean;
  bookingFields?: FixtureBookingField[];
  /** A recurring event type: a booking makes `occurrences` bookings (or `recurrenceCount`). */
  recurrence?: {
    interval: number;
    occurrences: number;
    frequency: "weekly" | "monthly" | "yearly";
  } | null;
  seats?: {
    seatsPerTimeSlot: number;
    showAttendeeInfo: boolean;
    showAvailabilityCount: boolean;
  } | null;
  /** At most this many (accepted or pending) bookings of the event type per period. */
  bookingLimitsCount?: { day?: number; week?: number; month?: number; year?: number } | null;
  /**
   * Round robin only: slots and bookings may name the hosts to consider (`rrHostSubsetIds`);
   * without it the parameter is ignored.
   */
  rrHostSubsetEnabled?: boolean;
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

/** The slugs of Cal.com's own booking form fields; custom fields must use other slugs. */
export const defaultBookingFieldSlugs = [
  "name",
  "email",
  "attendeePhoneNumber",
  "location",
  "title",
  "notes",
  "guests",
  "rescheduleReason",
] as const;

const bookingFieldSchema = z.object({
  slug: z
    .string()
    .min(1)
    .refine(
      (slug) => !(defaultBookingFieldSlugs as readonly string[]).includes(slug),
      "is one of Cal.com's default booking fields",
    ),
  type: z.enum([
    "text",
    "textarea",
    "number",
    "phone",
    "address",
    "url",
    "boolean",
    "select",
    "multiselect",
    "radio",
    "checkbox",
    "multiemail",
  ]),
  label: z.string().min(1),
  required: z.boolean().optional(),
  hidden: z.boolean().optional(),
  placeholder: z.string().optional(),
  options: z.array(z.string().min(1)).optional(),
});

const positiveCount = z.number().int().positive();

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
  requiresConfirmation: z.boolean().optional(),
  bookingFields: z.array(bookingFieldSchema).optional(),
  recurrence: z
    .object({
      interval: positiveCount,
      occurrences: positiveCount,
      frequency: z.enum(["weekly", "monthly", "yearly"]),
    })
    .nullable()
    .optional(),
  seats: z
    .object({
      seatsPerTimeSlot: positiveCount,
      showAttendeeInfo: z.boolean(),
      showAvailabilityCount: z.boolean(),
    })
    .nullable()
    .optional(),
  bookingLimitsCount: z
    .object({
      day: positiveCount.optional(),
      week: positiveCount.optional(),
      month: positiveCount.optional(),
      year: positiveCount.optional(),
    })
    .nullable()
    .optional(),
  rrHostSubsetEnabled: z.boolean().optional(),
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
        const slugs = new Set<string>();
        (eventType.bookingFields ?? []).forEach((field, b) => {
          if (slugs.has(field.slug)) {
            ctx.addIssue({
              code: "custom",
              path: ["teams", t, "eventTypes", e, "bookingFields", b, "slug"],
              message: "duplicate booking field slug",
            });
          }
          slugs.add(field.slug);
        });
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
