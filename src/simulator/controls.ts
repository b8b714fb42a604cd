import { Hono } from "hono";
import { z } from "zod";
import type { BookingEngine } from "./booking-engine.ts";
import { createBookingBody, resolveEventType } from "./bookings-routes.ts";
import type { CreatedTeam, CreateTeamInput } from "./created-teams.ts";
import type { Fault } from "./faults.ts";
import { badRequest, notFound } from "./http-errors.ts";
import { jsonBody, validate } from "./request-helpers.ts";
import type { Metadata, SimBooking, SimState } from "./state.ts";

/** A booking made on Cal.com's public booking page (not through the API). */
export interface PublicBookingInput {
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  attendee: {
    name: string;
    email?: string;
    /** Default: the team's time zone. */
    timeZone?: string;
    phoneNumber?: string;
    language?: string;
  };
  guests?: string[];
  bookingFieldsResponses?: Record<string, unknown>;
  metadata?: Metadata;
  recurrenceCount?: number;
  /** Send the booking's webhook like any booking (default true). */
  webhook?: boolean;
}

/**
 * Changes made the way Cal.com's own web pages make them, not through the API. They follow the
 * same booking rules (and throw the same errors as the API would answer). Only `publicBooking`,
 * `confirm` and `decline` send webhooks, like the booking page and the dashboard buttons; a
 * reassignment never does, and `cancel` is silent unless asked (a lost cancellation webhook).
 * Every method returns a copy of the booking as it is afterwards.
 */
export interface SimulatorControl {
  publicBooking(input: PublicBookingInput): SimBooking;
  cancel(uid: string, reason?: string, options?: { webhook?: boolean }): SimBooking;
  /** Round-robin reassignment to another pool host: same uid, never a webhook. */
  reassign(uid: string, toUserId: number): SimBooking;
  /** Sends BOOKING_CREATED (accepted), like the dashboard's confirm button. */
  confirm(uid: string): SimBooking;
  /** Sends BOOKING_REJECTED with the reason, like the dashboard's decline button. */
  decline(uid: string, reason?: string): SimBooking;
  /** The organizer's user is deleted: the booking's host id becomes "unknown". */
  orphan(uid: string): SimBooking;
}

const copy = (booking: SimBooking) => structuredClone(booking);

export function createControl(state: SimState, engine: BookingEngine): SimulatorControl {
  return {
    publicBooking(input) {
      const record = state.eventTypes.get(input.eventTypeId);
      if (!record) throw notFound(`Event type with id ${input.eventTypeId} not found.`);
      const { webhook = true, ...rest } = input;
      const body = validate(createBookingBody, {
        ...rest,
        attendee: { timeZone: record.team.team.timeZone, ...input.attendee },
      });
      const created = engine.create(resolveEventType(state, body), body, { webhook });
      return copy(created.kind === "series" ? created.bookings[0]! : created.booking);
    },
    cancel(uid, reason, options = {}) {
      const [booking] = engine.cancel(uid, reason === undefined ? {} : { reason }, {
        webhook: options.webhook ?? false,
      });
      return copy(booking!);
    },
    reassign: (uid, toUserId) => copy(engine.reassign(uid, toUserId)),
    confirm: (uid) => copy(engine.confirm(uid, { webhook: true })),
    decline: (uid, reason) => copy(engine.decline(uid, reason, { webhook: true })),
    orphan: (uid) => copy(engine.orphan(uid)),
  };
}

export interface ControlRoutesDeps {
  control: SimulatorControl;
  bookings(): SimBooking[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  setWebhookDropRate(rate: number): void;
  setRefuseRrHostSubsetIds(refuse: boolean): void;
  createTeam(input: CreateTeamInput): CreatedTeam & { teamId: number };
  createdTeams(): CreatedTeam[];
}

const cancelBody = z.object({ reason: z.string().optional(), webhook: z.boolean().optional() });
const reassignBody = z.object({ userId: z.number().int().positive() });
const declineBody = z.object({ reason: z.string().optional() });
const dropRateBody = z.object({ rate: z.number().min(0).max(1) });
const refuseBody = z.object({ refuse: z.boolean() });
const faultBody = z.object({
  kind: z.enum(["500", "500-bare", "429", "timeout", "malformed", "lost-answer"]),
  method: z.string().optional(),
  /** An exact path. */
  path: z.string().optional(),
  /** A regular expression tested against the path (instead of `path`). */
  pathPattern: z.string().optional(),
  times: z.number().int().positive().optional(),
  delayMs: z.number().int().min(0).optional(),
  mode: z.enum(["timeout", "reset"]).optional(),
});

/**
 * The controls over HTTP under /_simulator (POST with a JSON body), so a running demo can be
 * driven by hand with curl. They are not part of Cal.com's API: no auth, no rate limit, no
 * latency, and they are not recorded in `requests`.
 */
export function controlRoutes(deps: ControlRoutesDeps): Hono {
  const routes = new Hono();
  const ok = (data: unknown) => ({ status: "success", data });

  routes.get("/bookings", (c) => c.json(ok(deps.bookings())));
  routes.post("/bookings", async (c) => {
    const body = (await jsonBody(c)) as PublicBookingInput;
    return c.json(ok(deps.control.publicBooking(body)), 201);
  });
  routes.post("/bookings/:uid/cancel", async (c) => {
    const body = validate(cancelBody, await jsonBody(c));
    const options = body.webhook === undefined ? {} : { webhook: body.webhook };
    return c.json(ok(deps.control.cancel(c.req.param("uid"), body.reason, options)));
  });
  routes.post("/bookings/:uid/reassign", async (c) => {
    const body = validate(reassignBody, await jsonBody(c));
    return c.json(ok(deps.control.reassign(c.req.param("uid"), body.userId)));
  });
  routes.post("/bookings/:uid/confirm", (c) =>
    c.json(ok(deps.control.confirm(c.req.param("uid")))),
  );
  routes.post("/bookings/:uid/decline", async (c) => {
    const body = validate(declineBody, await jsonBody(c));
    return c.json(ok(deps.control.decline(c.req.param("uid"), body.reason)));
  });
  routes.post("/bookings/:uid/orphan", (c) => c.json(ok(deps.control.orphan(c.req.param("uid")))));
  routes.post("/webhook-drop-rate", async (c) => {
    const { rate } = validate(dropRateBody, await jsonBody(c));
    deps.setWebhookDropRate(rate);
    return c.json(ok({ rate }));
  });
  // An older Cal.com, which refuses `rrHostSubsetIds` as an unknown property.
  routes.post("/rr-host-subset-ids", async (c) => {
    const { refuse } = validate(refuseBody, await jsonBody(c));
    deps.setRefuseRrHostSubsetIds(refuse);
    return c.json(ok({ refuse }));
  });
  routes.get("/teams", (c) => c.json(ok(deps.createdTeams())));
  routes.post("/teams", async (c) => {
    const body = (await jsonBody(c)) as CreateTeamInput;
    return c.json(ok(deps.createTeam(body)), 201);
  });
  routes.post("/faults", async (c) => {
    const body = validate(faultBody, await jsonBody(c));
    const { pathPattern, ...rest } = body;
    let path: RegExp | undefined;
    try {
      path = pathPattern === undefined ? undefined : new RegExp(pathPattern);
    } catch (error) {
      throw badRequest(`pathPattern: ${error instanceof Error ? error.message : String(error)}`);
    }
    const fault: Fault = { ...rest, ...(path === undefined ? {} : { path }) };
    deps.injectFault(fault);
    return c.json(ok(body), 201);
  });
  routes.post("/faults/clear", (c) => {
    deps.clearFaults();
    return c.json(ok({ cleared: true }));
  });
  return routes;
}
