import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { type Context, Hono, type Next } from "hono";
import { nodeFetch } from "../platform/node-fetch.ts";
import { RateLimiter, type RateVerdict } from "../platform/rolling-window.ts";
import { BookingEngine } from "./booking-engine.ts";
import { bookingsRoutes, bookingsVersion, legacyBookingsError } from "./bookings-routes.ts";
import { controlRoutes, createControl, type SimulatorControl } from "./controls.ts";
import { type CreatedTeam, CreatedTeams, type CreateTeamInput } from "./created-teams.ts";
import type { Fault } from "./faults.ts";
import { FaultQueue } from "./faults.ts";
import { type SimulatorFixture, simulatorFixtureSchema } from "./fixture.ts";
import { CalApiError, errorResponse, notFound, throttledMessage } from "./http-errors.ts";
import {
  createLatencySampler,
  type LatencyClass,
  type LatencyOption,
  latencyClassOf,
  mulberry32,
} from "./latency.ts";
import { bearerToken } from "./request-helpers.ts";
import { slotsRoutes } from "./slots-routes.ts";
import { type SimBooking, SimState } from "./state.ts";
import { teamsRoutes } from "./teams-routes.ts";
import { eventTypeWebhookRoutes } from "./webhook-routes.ts";
import { type WebhookDelivery, WebhookDispatcher, type WebhookTarget } from "./webhooks.ts";

export interface SimulatorOptions {
  /** Clock (default real time): slots before now are never offered; also drives the rate limit. */
  now?: () => Date;
  /** Default 120 per API key (per "anonymous" for unauthenticated callers). */
  rateLimitPerMinute?: number;
  /**
   * Team-wide receivers, standing in for an organization webhook an operator registered; event
   * type webhooks are registered through the API (`/v2/event-types/{id}/webhooks`).
   */
  webhooks?: ({ teamId: number } & WebhookTarget)[];
  /** Used to deliver webhooks (default: fetch on node:http with kept-alive connections). */
  fetch?: typeof fetch;
  /**
   * How long answers take: "zero" (default, for unit tests), "realistic" (Cal.com's usual
   * spread: slots median 600 ms / p95 2.5 s, bookings 1.2 s / 4 s, other reads 250 ms / 800 ms)
   * or a profile of its own, e.g. `{ bookings: 4000 }` for bookings of exactly 4 s.
   */
  latency?: LatencyOption;
  /** Seeds the latency jitter and the webhook drop choice (default 1): runs repeat exactly. */
  seed?: number;
  /** Waits out a latency (default: a timer). Tests can inject their own to avoid real waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Share of webhook deliveries lost on the way, 0..1 (default 0). Never retried. */
  webhookDropRate?: number;
  /** An older Cal.com: `rrHostSubsetIds` is refused with a 400 (default false). */
  refuseRrHostSubsetIds?: boolean;
  /**
   * Where teams made with `createTeam` are kept: read (and the teams re-created) at start,
   * written on every new team. Without it they last as long as the simulator.
   */
  teamsFile?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apiVersion: string | null;
  apiKey: string | null;
  /** 0 while the answer is still held back (timeout fault) or when nobody was left to receive it. */
  status: number;
  at: string;
}

export interface Simulator {
  app: Hono;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  faults: { inject(fault: Fault): void; clear(): void };
  /** Copies of the current bookings. */
  bookings(): SimBooking[];
  setWebhook(teamId: number, target: WebhookTarget | null): void;
  /** Every webhook delivery attempt, in order (dropped ones too). */
  webhookDeliveries: WebhookDelivery[];
  /** Resolves once every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  setWebhookDropRate(rate: number): void;
  /** Turns the older deployment's refusal of `rrHostSubsetIds` on or off. */
  setRefuseRrHostSubsetIds(refuse: boolean): void;
  setLatency(latency: LatencyOption): void;
  /** Changes made like Cal.com's own pages make them (also as POST /_simulator/… routes). */
  control: SimulatorControl;
  /**
   * A new team from a template (a salon: members, round-robin event types) with an API key of
   * its own, as a new business would have at Cal.com; also POST /_simulator/teams.
   */
  createTeam(input: CreateTeamInput): CreatedTeam & { teamId: number };
  /** The teams made with createTeam, also those re-created from `teamsFile`. */
  createdTeams(): CreatedTeam[];
}

export interface RunningSimulator extends Simulator {
  /** Like "http://127.0.0.1:PORT". */
  url: string;
  close(): Promise<void>;
}

/** Waits ms unless a signal aborts first; resolves whether the full time passed. */
function hold(ms: number, signals: AbortSignal[]): Promise<boolean> {
  const signal = AbortSignal.any(signals);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A timer the closing signal can cut short; resolves whether the full time passed. */
function timer(ms: number, signal: AbortSignal): Promise<boolean> {
  return hold(ms, [signal]);
}

/** The node:http socket under a request served by @hono/node-server (none in app.request). */
function socketOf(c: Context): { destroy(): void } | undefined {
  const env = c.env as { incoming?: { socket?: { destroy(): void } } } | undefined;
  return env?.incoming?.socket;
}

function setRateHeaders(headers: Headers, verdict: RateVerdict): void {
  headers.set("X-RateLimit-Limit-Default", String(verdict.limit));
  headers.set("X-RateLimit-Remaining-Default", String(verdict.remaining));
  headers.set("X-RateLimit-Reset-Default", String(verdict.resetSeconds));
}

function build(fixture: SimulatorFixture, options: SimulatorOptions) {
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? 1;
  const state = new SimState(simulatorFixtureSchema.parse(fixture));
  state.refuseHostSubsets = options.refuseRrHostSubsetIds ?? false;
  const setRefuseRrHostSubsetIds = (refuse: boolean) => {
    state.refuseHostSubsets = refuse;
  };
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 120);
  const faults = new FaultQueue();
  const webhooks = new WebhookDispatcher(
    options.fetch ?? nodeFetch,
    now,
    mulberry32(seed ^ 0x5eed),
    options.webhookDropRate ?? 0,
  );
  for (const { teamId, url, secret } of options.webhooks ?? []) {
    webhooks.setTarget(teamId, { url, secret });
  }
  const engine = new BookingEngine(state, now, webhooks);
  const control = createControl(state, engine);
  const createdTeams = new CreatedTeams(state, options.teamsFile, webhooks);
  const createTeam = (input: CreateTeamInput) => {
    const created = createdTeams.create(input);
    return { ...created, teamId: created.team.id };
  };
  let sample: (cls: LatencyClass) => number = createLatencySampler(options.latency, seed);
  const requests: RecordedRequest[] = [];
  // Aborted by close(), so held-back (timeout) requests never keep a server from stopping.
  const closing = new AbortController();

  /** Waits out a latency; false when the simulator is closing meanwhile. */
  const wait = async (ms: number): Promise<boolean> => {
    if (closing.signal.aborted) return false;
    if (ms <= 0) return true;
    if (!options.sleep) return timer(ms, closing.signal);
    const sleep = options.sleep;
    return new Promise<boolean>((resolve) => {
      const onAbort = () => resolve(false);
      closing.signal.addEventListener("abort", onAbort, { once: true });
      void sleep(ms).then(() => {
        closing.signal.removeEventListener("abort", onAbort);
        resolve(!closing.signal.aborted);
      });
    });
  };

  const fail = (c: Context, error: CalApiError) =>
    errorResponse(error, c.req.path, now().toISOString());

  // Records the request, then applies the throttle, injected faults and latency before any
  // route runs.
  const frontDoor = async (c: Context, next: Next) => {
    const url = new URL(c.req.url);
    if (url.pathname === "/_simulator" || url.pathname.startsWith("/_simulator/")) {
      await next();
      return c.res;
    }
    const apiKey = bearerToken(c.req.header("authorization"));
    const record: RecordedRequest = {
      method: c.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      apiVersion: c.req.header("cal-api-version") ?? null,
      apiKey,
      status: 0,
      at: now().toISOString(),
    };
    requests.push(record);
    const verdict = limiter.hit(apiKey ?? "anonymous", now().getTime());
    let unanswered = false;

    // Cal.com keeps working on a request whose caller has gone: the waits below only end early
    // when the simulator closes, so a change is made even after the caller gave up.
    const run = async (): Promise<boolean> => {
      const cls = latencyClassOf(record.method, record.path);
      const delay = sample(cls);
      // A write takes effect (booking stored, webhook sent) part way through; the answer
      // follows at the end of the whole delay.
      const before = cls === "bookings" ? Math.round(delay * 0.7) : delay;
      if (!(await wait(before))) return false;
      await next();
      return wait(delay - before);
    };

    const answer = async (): Promise<Response | null> => {
      if (!verdict.allowed) return fail(c, new CalApiError("ThrottlerException", throttledMessage));
      const fault = faults.take(record.method, record.path);
      switch (fault?.kind) {
        case "500":
          return fail(c, new CalApiError("InternalServerErrorException", "Internal server error"));
        case "500-bare":
          return Response.json(
            { statusCode: 500, message: "Internal server error" },
            { status: 500 },
          );
        case "429":
          return fail(c, new CalApiError("ThrottlerException", throttledMessage));
        case "malformed":
          return new Response('{"status":"success","data":', {
            headers: { "Content-Type": "application/json" },
          });
        case "timeout": {
          const waited = await hold(fault.delayMs ?? 30_000, [c.req.raw.signal, closing.signal]);
          if (!waited) return null;
          break;
        }
        case "lost-answer": {
          // The work is done (and its webhook sent); only the answer is lost.
          await run();
          unanswered = true;
          const socket = socketOf(c);
          if (fault.mode !== "reset" || !socket) {
            await hold(fault.delayMs ?? 30_000, [c.req.raw.signal, closing.signal]);
          }
          socket?.destroy();
          // Only reaches a caller without a socket (app.request): a gateway giving up.
          return new Response(null, { status: 504 });
        }
      }
      if (!(await run())) return null;
      return c.res;
    };

    const answered = await answer();
    // No answer: the caller is gone (or the simulator is closing); the record keeps status 0.
    if (!answered) unanswered = true;
    const response = answered ?? new Response(null, { status: 503 });
    // An injected 429 should look exhausted, like the real throttler's.
    setRateHeaders(
      response.headers,
      response.status === 429 ? { ...verdict, remaining: 0 } : verdict,
    );
    if (!unanswered) record.status = response.status;
    if (response !== c.res) {
      // Once a route has answered, Hono keeps its response unless it is replaced explicitly;
      // clearing it first keeps the route's headers off the replacement.
      c.res = undefined;
      c.res = response;
    }
    return response;
  };

  const app = new Hono();
  app.use("*", frontDoor);
  app.use("/v2/slots/*", async (c, next) => {
    // There is no legacy GET /v2/slots, so anything but 2024-09-04 finds no route.
    if (c.req.header("cal-api-version") !== "2024-09-04") {
      return fail(c, notFound(`Cannot ${c.req.method} ${c.req.path}`));
    }
    await next();
  });
  app.use("/v2/bookings/*", async (c, next) => {
    const version = bookingsVersion(c.req.header("cal-api-version"));
    if (version === "not-found") return fail(c, notFound(`Cannot ${c.req.method} ${c.req.path}`));
    if (version === "legacy") return fail(c, legacyBookingsError());
    await next();
  });
  app.route("/v2/teams", teamsRoutes(state));
  app.route("/v2/slots", slotsRoutes(state, now));
  app.route("/v2/bookings", bookingsRoutes({ state, now, engine }));
  app.route("/v2/event-types", eventTypeWebhookRoutes(state, webhooks));
  app.route(
    "/_simulator",
    controlRoutes({
      control,
      bookings: () => structuredClone(state.bookings()),
      injectFault: (fault) => faults.inject(fault),
      clearFaults: () => faults.clear(),
      setWebhookDropRate: (rate) => webhooks.setDropRate(rate),
      setRefuseRrHostSubsetIds,
      createTeam,
      createdTeams: () => createdTeams.list(),
    }),
  );
  app.notFound((c) => fail(c, notFound(`Cannot ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) =>
    fail(
      c,
      error instanceof CalApiError
        ? error
        : new CalApiError("InternalServerErrorException", "Internal server error"),
    ),
  );

  const simulator: Simulator = {
    app,
    requests,
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    bookings: () => structuredClone(state.bookings()),
    setWebhook: (teamId, target) => webhooks.setTarget(teamId, target),
    webhookDeliveries: webhooks.deliveries,
    flushWebhooks: () => webhooks.flush(),
    setWebhookDropRate: (rate) => webhooks.setDropRate(rate),
    setRefuseRrHostSubsetIds,
    setLatency: (latency) => {
      sample = createLatencySampler(latency, seed);
    },
    control,
    createTeam,
    createdTeams: () => createdTeams.list(),
  };
  return { simulator, abortHeld: () => closing.abort() };
}

/** A Cal.com API v2 lookalike as a Hono app (use `app.request(...)` in tests). */
export function createSimulator(
  fixture: SimulatorFixture,
  options: SimulatorOptions = {},
): Simulator {
  return build(fixture, options).simulator;
}

/** The simulator on a real HTTP port (default 127.0.0.1, a free port). */
export async function startSimulator(
  fixture: SimulatorFixture,
  options: SimulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningSimulator> {
  const { simulator, abortHeld } = build(fixture, options);
  const host = options.host ?? "127.0.0.1";
  const server = createAdaptorServer({ fetch: simulator.app.fetch, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve, reject) => {
      abortHeld();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closed;
  };
  return Object.assign(simulator, {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close,
  });
}
