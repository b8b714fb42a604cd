import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "./http-errors.ts";
import { intParam, requireKey, requireTeam, validate } from "./request-helpers.ts";
import type { EventTypeRecord, SimState, TeamRecord } from "./state.ts";

/** TeamOutputDto, with the optional fields Cal.com fills for a plain (non-org) team. */
function teamOutput({ team }: TeamRecord) {
  return {
    id: team.id,
    parentId: null,
    name: team.name,
    slug: team.slug,
    logoUrl: null,
    calVideoLogo: null,
    appLogo: null,
    appIconLogo: null,
    bio: null,
    hideBranding: false,
    isOrganization: false,
    isPrivate: false,
    hideBookATeamMember: false,
    metadata: {},
    theme: null,
    brandColor: null,
    darkBrandColor: null,
    bannerUrl: null,
    timeFormat: null,
    timeZone: team.timeZone,
    weekStart: "Monday",
  };
}

/** Cal.com's own booking form fields, as the event type listing shows them. */
const defaultBookingFields = () => [
  {
    isDefault: true,
    type: "name",
    slug: "name",
    label: "Your name",
    required: true,
    hidden: false,
  },
  {
    isDefault: true,
    type: "email",
    slug: "email",
    label: "Email address",
    required: true,
    hidden: false,
  },
  {
    isDefault: true,
    type: "phone",
    slug: "attendeePhoneNumber",
    label: "Phone number",
    required: false,
    hidden: true,
  },
  {
    isDefault: true,
    type: "radioInput",
    slug: "location",
    label: "Location",
    required: false,
    hidden: false,
  },
  {
    isDefault: true,
    type: "text",
    slug: "title",
    label: "What is this meeting about?",
    required: true,
    hidden: true,
  },
  {
    isDefault: true,
    type: "textarea",
    slug: "notes",
    label: "Additional notes",
    required: false,
    hidden: false,
  },
  {
    isDefault: true,
    type: "multiemail",
    slug: "guests",
    label: "Add guests",
    required: false,
    hidden: false,
  },
  {
    isDefault: true,
    type: "textarea",
    slug: "rescheduleReason",
    label: "Reason for reschedule",
    required: false,
    hidden: false,
  },
];

/**
 * TeamEventTypeOutput_2024_06_14. Hosts carry no email; `mandatory`/`priority` only for round
 * robin; missing name/username become ""; a null scheduling type has no hosts at all.
 */
export function eventTypeOutput({ eventType, team }: EventTypeRecord, hostsLimit?: number) {
  const hosts =
    eventType.schedulingType === null
      ? []
      : eventType.hosts.slice(0, hostsLimit).map((host) => {
          const member = team.byUserId.get(host.userId)?.member;
          return {
            userId: host.userId,
            name: member?.name ?? "",
            username: member?.username ?? "",
            avatarUrl: member?.avatarUrl ?? null,
            ...(eventType.schedulingType === "roundRobin"
              ? {
                  mandatory: host.mandatory ?? false,
                  priority: host.priority ?? "medium",
                }
              : {}),
          };
        });
  return {
    id: eventType.id,
    title: eventType.title,
    slug: eventType.slug,
    description: "",
    lengthInMinutes: eventType.lengthInMinutes,
    hidden: eventType.hidden ?? false,
    teamId: team.team.id,
    ownerId: null,
    parentEventTypeId: null,
    schedulingType: eventType.schedulingType,
    assignAllTeamMembers: false,
    scheduleId: null,
    locations: [{ type: "integration", integration: "cal-video" }],
    bookingFields: [
      ...defaultBookingFields(),
      ...(eventType.bookingFields ?? []).map((field) => ({
        isDefault: false,
        type: field.type,
        slug: field.slug,
        label: field.label,
        required: field.required ?? false,
        hidden: field.hidden ?? false,
        ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
        ...(field.options === undefined ? {} : { options: field.options }),
      })),
    ],
    confirmationPolicy: eventType.requiresConfirmation
      ? { type: "always", blockUnconfirmedBookingsInBooker: true }
      : { disabled: true },
    recurrence: eventType.recurrence ?? null,
    ...(eventType.seats
      ? {
          seats: eventType.seats,
          seatsPerTimeSlot: eventType.seats.seatsPerTimeSlot,
          seatsShowAvailabilityCount: eventType.seats.showAvailabilityCount,
        }
      : { seatsPerTimeSlot: null, seatsShowAvailabilityCount: null }),
    ...(eventType.bookingLimitsCount ? { bookingLimitsCount: eventType.bookingLimitsCount } : {}),
    minimumBookingNotice: 0,
    beforeEventBuffer: 0,
    afterEventBuffer: 0,
    slotInterval: eventType.slotInterval ?? null,
    rrHostSubsetEnabled: eventType.rrHostSubsetEnabled ?? false,
    metadata: {},
    price: 0,
    currency: "usd",
    bookingRequiresAuthentication: false,
    team: {
      id: team.team.id,
      slug: team.team.slug,
      name: team.team.name,
      logoUrl: null,
      bannerUrl: null,
      weekStart: "Monday",
      brandColor: null,
      darkBrandColor: null,
      theme: null,
    },
    hosts,
  };
}

const intString = (name: string, min: number, max?: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be an integer number`)
    .transform(Number)
    .refine((n) => n >= min, `${name} must not be less than ${min}`)
    .refine((n) => max === undefined || n <= max, `${name} must not be greater than ${max}`);

const membershipsQuery = z.object({
  take: intString("take", 1, 250).optional(),
  skip: intString("skip", 0).optional(),
});

const eventTypesQuery = z.object({
  eventSlug: z.string().optional(),
  hostsLimit: intString("hostsLimit", 1).optional(),
});

export function teamsRoutes(state: SimState): Hono {
  const routes = new Hono();

  routes.get("/", (c) => {
    const key = requireKey(c, state);
    const teams = [...state.teams.values()].filter((t) => state.keyTeams(key)?.has(t.team.id));
    return c.json({ status: "success", data: teams.map(teamOutput) });
  });

  routes.get("/:teamId", (c) => {
    const key = requireKey(c, state);
    const teamId = intParam(c.req.param("teamId"));
    requireTeam(key, state, teamId);
    const team = state.teams.get(teamId);
    if (!team) throw notFound(`Team with id=${teamId} not found`);
    return c.json({ status: "success", data: teamOutput(team) });
  });

  routes.get("/:teamId/memberships", (c) => {
    const key = requireKey(c, state);
    const teamId = intParam(c.req.param("teamId"));
    requireTeam(key, state, teamId);
    const { take = 250, skip = 0 } = validate(membershipsQuery, c.req.query());
    const team = state.teams.get(teamId);
    if (!team) throw notFound(`Team with id=${teamId} not found`);
    const page = team.memberships.slice(skip, skip + take).map((m) => ({
      id: m.id,
      userId: m.userId,
      teamId: m.teamId,
      accepted: m.accepted,
      role: m.role,
      disableImpersonation: false,
      user: {
        email: m.member.email,
        name: m.member.name,
        username: m.member.username,
        avatarUrl: m.member.avatarUrl ?? null,
        bio: null,
        metadata: {},
      },
    }));
    return c.json({ status: "success", data: page });
  });

  // Public: no guard at all, so an unknown team simply has no event types.
  routes.get("/:teamId/event-types", (c) => {
    const teamId = intParam(c.req.param("teamId"));
    const { eventSlug, hostsLimit } = validate(eventTypesQuery, c.req.query());
    const team = state.teams.get(teamId);
    const records = (team?.team.eventTypes ?? [])
      .filter((e) => eventSlug === undefined || e.slug === eventSlug)
      .map((e) => state.eventTypes.get(e.id)!);
    // hostsLimit only applies together with eventSlug.
    const limit = eventSlug === undefined ? undefined : hostsLimit;
    return c.json({ status: "success", data: records.map((r) => eventTypeOutput(r, limit)) });
  });

  routes.get("/:teamId/event-types/:eventTypeId", (c) => {
    const key = requireKey(c, state);
    const teamId = intParam(c.req.param("teamId"));
    const eventTypeId = intParam(c.req.param("eventTypeId"));
    requireTeam(key, state, teamId);
    const record = state.eventTypes.get(eventTypeId);
    if (!record || record.team.team.id !== teamId) {
      throw notFound(`Event type with id=${eventTypeId} not found`);
    }
    return c.json({ status: "success", data: eventTypeOutput(record) });
  });

  return routes;
}
