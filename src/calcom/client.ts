import { z } from "zod";
import type { Secret } from "../domain/secret.ts";
import { newId } from "../platform/ids.ts";
import { nodeFetch } from "../platform/node-fetch.ts";
import {
  BookingSchema,
  type CalcomBooking,
  type CalcomMembership,
  type CalcomSlotReservation,
  type CalcomSlots,
  type CalcomTeam,
  type CalcomTeamEventType,
  type CreateBookingInput,
  CreateBookingInputSchema,
  CreatedBookingSchema,
  describeIssues,
  MembershipSchema,
  SlotReservationSchema,
  SlotsSchema,
  TeamEventTypeSchema,
  TeamSchema,
} from "./dto.ts";
import { CalcomError, type CalcomErrorKind, errorFromResponse } from "./errors.ts";
import {
  type CalcomEventTypeWebhook,
  type EventTypeWebhookInput,
  EventTypeWebhookSchema,
} from "./event-type-webhook-dto.ts";
import {
  type RateLimiter,
  type RateLimiterRegistry,
  realSleep,
  sharedRateLimiter,
} from "./rate-limiter.ts";
import { backoffDelay, minAttemptMs, type RetryPolicy } from "./retry.ts";

export interface CalcomRequestInfo {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number | "network_error";
  attempt: number;
  ms: number;
}

export interface CalcomClientOptions {
  /** "https://api.cal.com", "https://api.cal.eu" or a simulator URL; request paths start with /v2. */
  baseUrl: string;
  apiKey: Secret | null;
  policy: RetryPolicy;
  /** Shared per API key; defaults to this key's and host's limiter in `rateLimiters`. */
  rateLimiter?: RateLimiter;
  /** Where the default limiter comes from (default: the process-wide registry). */
  rateLimiters?: RateLimiterRegistry;
  /** Requests per minute for that default limiter (Cal.com's default: 120). */
  rateLimitPerMinute?: number;
  fetch?: typeof fetch;
  /** Per attempt; defaults to the policy's `attemptTimeoutMs`. */
  timeoutMs?: number;
  /** Called once per HTTP attempt, so callers can count Cal.com requests exactly. */
  onRequest?: (info: CalcomRequestInfo) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface SlotQuery {
  eventTypeId: number;
  /** UTC ISO instants or dates; Cal.com reads both as UTC whatever `timeZone` says. */
  start: string;
  end: string;
  /** Only formats the returned slot times. */
  timeZone?: string;
  duration?: number;
  /** Only these round-robin hosts' free times; an older Cal.com refuses the parameter (400). */
  rrHostSubsetIds?: readonly number[];
}

export interface SlotReservationInput {
  eventTypeId: number;
  /** UTC ISO. The event type's own length is held: `slotDuration` is refused for fixed lengths. */
  slotStart: string;
  /** Minutes; only an authenticated member of the team may set it (Cal.com's default: 5). */
  reservationDuration?: number;
}

export interface BookingQuery {
  attendeeEmail?: string;
  eventTypeId?: number;
  afterStart?: string;
  beforeEnd?: string;
  /** Comma-separated: upcoming, recurring, past, cancelled, unconfirmed. */
  status?: string;
  /** The team's bookings (a team-admin key also sees members' personal ones without it). */
  teamId?: number;
  /** Bookings updated at or after this instant (UTC ISO). */
  afterUpdatedAt?: string;
  sortUpdatedAt?: "asc" | "desc";
  /** At most 250. */
  take?: number;
  skip?: number;
}

export interface CalcomClient {
  listTeams(): Promise<CalcomTeam[]>;
  getTeam(teamId: number): Promise<CalcomTeam>;
  /** All event types of the team with their hosts, in one request. */
  listTeamEventTypes(teamId: number): Promise<CalcomTeamEventType[]>;
  /** Every membership, 250 per request. */
  listTeamMemberships(teamId: number): Promise<CalcomMembership[]>;
  getSlots(query: SlotQuery): Promise<CalcomSlots>;
  /**
   * Books with `metadata.frontdeskRef` set (the caller's, else a fresh id). After a failure that
   * may have reached Cal.com it looks for that booking before trying again, so a retry never
   * books twice.
   */
  createBooking(input: CreateBookingInput): Promise<CalcomBooking>;
  getBooking(uid: string): Promise<CalcomBooking>;
  listBookings(query: BookingQuery): Promise<CalcomBooking[]>;
  cancelBooking(uid: string, reason?: string): Promise<CalcomBooking>;
  /**
   * Returns the new booking: Cal.com gives it a new uid and cancels the old one. With
   * `rrHostSubsetIds` it stays with one of those hosts or is refused.
   */
  rescheduleBooking(
    uid: string,
    start: string,
    reason?: string,
    rrHostSubsetIds?: readonly number[],
  ): Promise<CalcomBooking>;
  /**
   * Hides a time from slot listings for the whole event type (not from API bookings). Sent once:
   * a reservation whose answer is lost expires by itself, and a repeat would collide with it.
   */
  createSlotReservation(input: SlotReservationInput): Promise<CalcomSlotReservation>;
  /** Ends a reservation; one that is already gone (404) is no error. */
  deleteSlotReservation(uid: string): Promise<void>;
  /** Every webhook of an event type, 250 per request. */
  listEventTypeWebhooks(eventTypeId: number): Promise<CalcomEventTypeWebhook[]>;
  /**
   * After a failure that may have reached Cal.com, the webhooks are listed and one with this
   * subscriber URL is taken as this one: Cal.com would refuse a second (409).
   */
  createEventTypeWebhook(
    eventTypeId: number,
    input: EventTypeWebhookInput,
  ): Promise<CalcomEventTypeWebhook>;
  /** Setting the same fields twice changes nothing, so it is retried like a read. */
  updateEventTypeWebhook(
    eventTypeId: number,
    webhookId: string,
    patch: Partial<EventTypeWebhookInput>,
  ): Promise<CalcomEventTypeWebhook>;
}

/*
 * Bookings and slots route by `cal-api-version`: without it Cal.com serves the legacy 2024-04-15
 * handlers, and a wrong value is a 404. Teams, memberships and team event
 * types accept any value or none, so none is sent rather than a version that pins nothing.
 */
const bookingsVersion = "2024-08-13";
const slotsVersion = "2024-09-04";

const membershipPageSize = 250;
const webhookPageSize = 250;
const dayMs = 86_400_000;

/** Failures after which the request may still have been carried out by Cal.com. */
const outcomeUnknown: ReadonlySet<CalcomErrorKind> = new Set(["timeout", "network", "unavailable"]);

type Query = Record<string, string | number | undefined>;

interface Call<T> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Query;
  body?: unknown;
  apiVersion: string | null;
  schema: z.ZodType<T>;
}

/** Finds the result of a write that may already have happened; null when it did not. */
type Lookup<T> = (attempt: number, deadline: number) => Promise<T | null>;

export function createCalcomClient(options: CalcomClientOptions): CalcomClient {
  // Accept "https://api.cal.com/v2" too: request paths carry the /v2 themselves.
  const base = options.baseUrl.replace(/\/+$/, "").replace(/\/v2$/, "");
  const origin = new URL(base).origin;
  const policy = options.policy;
  const attemptTimeoutMs = options.timeoutMs ?? policy.attemptTimeoutMs;
  const fetchFn = options.fetch ?? nodeFetch;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  // Monotonic and fractional: only durations and deadlines are measured with it.
  const now = options.now ?? (() => performance.now());
  const limiter =
    options.rateLimiter ??
    (options.rateLimiters ?? sharedRateLimiter)(
      base,
      options.apiKey?.reveal() ?? null,
      options.rateLimitPerMinute,
    );

  function url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ""}`;
  }

  /** One HTTP attempt: rate limit, timeout, error mapping, response validation. */
  async function send<T>(call: Call<T>, attempt: number, deadline: number): Promise<T> {
    const where = `${call.method} ${call.path}`;
    const spent = () =>
      new CalcomError({
        kind: "timeout",
        path: call.path,
        message: `No time left to call Cal.com (${where}): the ${policy.totalBudgetMs} ms budget is spent`,
      });
    if (deadline - now() <= 0) throw spent();
    if (!(await limiter.acquire(deadline - now() - minAttemptMs(policy)))) {
      throw new CalcomError({
        kind: "rate_limited",
        path: call.path,
        // Waiting for the limit to clear would overrun the budget; retrying cannot help.
        retryable: false,
        message: `Held back ${where}: the Cal.com rate limit for this API key would be exceeded within the ${policy.totalBudgetMs} ms budget`,
      });
    }
    const timeoutMs = Math.min(attemptTimeoutMs, deadline - now());
    if (timeoutMs <= 0) throw spent();

    const apiKey = options.apiKey?.reveal() ?? null;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    if (call.apiVersion) headers["cal-api-version"] = call.apiVersion;
    if (call.body !== undefined) headers["Content-Type"] = "application/json";

    const started = now();
    const report = (status: CalcomRequestInfo["status"]) =>
      options.onRequest?.({
        method: call.method,
        path: call.path,
        status,
        attempt,
        ms: now() - started,
      });
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // Racing the timer, not only aborting, also bounds a fetch that ignores its signal.
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new Error("attempt timed out"));
      }, timeoutMs);
    });
    const exchange = async () => {
      const response = await fetchFn(url(call.path, call.query), {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: controller.signal,
      });
      return { response, text: await response.text() };
    };

    let result: Awaited<ReturnType<typeof exchange>>;
    try {
      result = await Promise.race([exchange(), expiry]);
    } catch (cause) {
      report("network_error");
      if (timedOut) {
        throw new CalcomError(
          {
            kind: "timeout",
            path: call.path,
            message: `Cal.com did not answer ${where} within ${timeoutMs} ms`,
          },
          { cause },
        );
      }
      throw new CalcomError(
        {
          kind: "network",
          path: call.path,
          message: `Could not reach Cal.com at ${origin} (${where}): ${describeCause(cause)}`,
        },
        { cause },
      );
    } finally {
      clearTimeout(timer);
    }

    const { response, text } = result;
    report(response.status);
    limiter.observe(response.headers);
    if (!response.ok) {
      throw errorFromResponse({
        method: call.method,
        path: call.path,
        status: response.status,
        body: text,
        apiKey,
      });
    }
    return parseData(call, response.status, text);
  }

  function parseData<T>(call: Call<T>, status: number, text: string): T {
    const where = `${call.method} ${call.path}`;
    const invalid = (message: string) =>
      new CalcomError({ kind: "invalid_response", path: call.path, status, message });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid(`Cal.com answered ${where} with a body that is not JSON`);
    }
    const parsed = envelopeOf(call.schema).safeParse(json);
    if (!parsed.success) {
      throw invalid(
        `Cal.com answered ${where} in an unexpected shape: ${describeIssues("$", parsed.error)}`,
      );
    }
    return parsed.data.data;
  }

  /** Runs attempts until one succeeds, a failure is final, or retries or budget run out. */
  async function withRetries<T>(attemptFn: (attempt: number, deadline: number) => Promise<T>) {
    const deadline = now() + policy.totalBudgetMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await attemptFn(attempt, deadline);
      } catch (error) {
        if (!(error instanceof CalcomError) || !error.retryable || attempt > policy.retries) {
          throw error;
        }
        const delay = backoffDelay(policy, attempt, random);
        // A retry that could not finish within the budget is not started.
        if (deadline - now() - delay < minAttemptMs(policy)) throw error;
        await sleep(delay);
      }
    }
  }

  function request<T>(call: Call<T>): Promise<T> {
    return withRetries((attempt, deadline) => send(call, attempt, deadline));
  }

  /**
   * A write that must not happen twice. After a failure that may have reached Cal.com, the next
   * attempt first runs `lookup` and returns what it finds; only when that finds nothing is the
   * write sent again. Without a working lookup the write is not repeated (`unchecked` says why).
   */
  function write<T>(
    call: Call<T>,
    lookup: Lookup<T> | null,
    unchecked = "without an API key there is no way to check for it",
  ) {
    let unsure: CalcomError | null = null;
    return withRetries(async (attempt, deadline) => {
      if (unsure) {
        let found: T | null;
        try {
          found = await lookup!(attempt, deadline);
        } catch (error) {
          // A passing outage: check again after the backoff.
          if (error instanceof CalcomError && error.retryable) throw error;
          throw notRepeated(
            unsure,
            `checking whether it went through failed: ${messageOf(error)}`,
            error,
          );
        }
        if (found) return found;
        unsure = null;
      }
      try {
        return await send(call, attempt, deadline);
      } catch (error) {
        if (error instanceof CalcomError && outcomeUnknown.has(error.kind)) {
          if (!lookup) throw notRepeated(error, unchecked, error);
          unsure = error;
        }
        throw error;
      }
    });
  }

  const getBookingCall = (uid: string): Call<CalcomBooking> => ({
    method: "GET",
    path: `/v2/bookings/${encodeURIComponent(uid)}`,
    apiVersion: bookingsVersion,
    schema: BookingSchema,
  });

  const eventTypeWebhooksCall = (
    eventTypeId: number,
    skip: number,
  ): Call<CalcomEventTypeWebhook[]> => ({
    method: "GET",
    path: `/v2/event-types/${eventTypeId}/webhooks`,
    query: { take: webhookPageSize, skip },
    apiVersion: null,
    schema: EventTypeWebhookListSchema,
  });

  const listBookingsCall = (query: BookingQuery): Call<CalcomBooking[]> => ({
    method: "GET",
    path: "/v2/bookings",
    query: { ...query },
    apiVersion: bookingsVersion,
    schema: BookingListSchema,
  });

  return {
    listTeams: () =>
      request({ method: "GET", path: "/v2/teams", apiVersion: null, schema: TeamListSchema }),

    getTeam: (teamId) =>
      request({ method: "GET", path: `/v2/teams/${teamId}`, apiVersion: null, schema: TeamSchema }),

    listTeamEventTypes: (teamId) =>
      request({
        method: "GET",
        path: `/v2/teams/${teamId}/event-types`,
        apiVersion: null,
        schema: TeamEventTypeListSchema,
      }),

    async listTeamMemberships(teamId) {
      const all: CalcomMembership[] = [];
      for (let skip = 0; ; skip += membershipPageSize) {
        const page = await request({
          method: "GET",
          path: `/v2/teams/${teamId}/memberships`,
          query: { take: membershipPageSize, skip },
          apiVersion: null,
          schema: MembershipListSchema,
        });
        all.push(...page);
        if (page.length < membershipPageSize) return all;
      }
    },

    getSlots: (query) =>
      request({
        method: "GET",
        path: "/v2/slots",
        query: {
          eventTypeId: query.eventTypeId,
          start: query.start,
          end: query.end,
          timeZone: query.timeZone,
          duration: query.duration,
          rrHostSubsetIds: query.rrHostSubsetIds?.length
            ? query.rrHostSubsetIds.join(",")
            : undefined,
        },
        apiVersion: slotsVersion,
        schema: SlotsSchema,
      }),

    createSlotReservation: (input) =>
      write(
        {
          method: "POST",
          path: "/v2/slots/reservations",
          body: { ...input },
          apiVersion: slotsVersion,
          schema: SlotReservationSchema,
        },
        null,
        "a reservation that went through expires by itself",
      ),

    async deleteSlotReservation(uid) {
      try {
        await request({
          method: "DELETE",
          path: `/v2/slots/reservations/${encodeURIComponent(uid)}`,
          apiVersion: slotsVersion,
          schema: NoDataSchema,
        });
      } catch (error) {
        if (error instanceof CalcomError && error.kind === "not_found") return;
        throw error;
      }
    },

    async createBooking(input) {
      const parsed = CreateBookingInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new CalcomError({
          kind: "invalid_request",
          path: "/v2/bookings",
          message: `Booking not sent, the input is invalid: ${describeIssues("$", parsed.error)}`,
        });
      }
      const booking = parsed.data;
      const existingRef = booking.metadata?.frontdeskRef;
      const ref = typeof existingRef === "string" && existingRef !== "" ? existingRef : newId();
      const startMs = Date.parse(booking.start);
      const email = booking.attendee.email.toLowerCase();

      const isOurs = (b: CalcomBooking) =>
        b.metadata.frontdeskRef === ref ||
        // Cal.com itself treats the same attendee, slot and event type as the same booking.
        (Date.parse(b.start) === startMs &&
          b.eventTypeId === booking.eventTypeId &&
          b.status !== "cancelled" &&
          b.status !== "rejected" &&
          b.attendees.some((a) => a.email?.toLowerCase() === email));

      const lookup = async (attempt: number, deadline: number) => {
        const candidates = await send(
          listBookingsCall({
            eventTypeId: booking.eventTypeId,
            attendeeEmail: booking.attendee.email,
            afterStart: new Date(startMs).toISOString(),
            beforeEnd: new Date(startMs + dayMs).toISOString(),
          }),
          attempt,
          deadline,
        );
        return candidates.find(isOurs) ?? null;
      };

      return write(
        {
          method: "POST",
          path: "/v2/bookings",
          body: { ...booking, metadata: { ...booking.metadata, frontdeskRef: ref } },
          apiVersion: bookingsVersion,
          // A recurring event type answers with the series: the first booking is this one.
          schema: CreatedBookingSchema,
        },
        // Listing bookings needs an API key.
        options.apiKey ? lookup : null,
      );
    },

    getBooking: (uid) => request(getBookingCall(uid)),

    listBookings: (query) => request(listBookingsCall(query)),

    cancelBooking: (uid, reason) =>
      write(
        {
          method: "POST",
          path: `/v2/bookings/${encodeURIComponent(uid)}/cancel`,
          body: reason === undefined ? {} : { cancellationReason: reason },
          apiVersion: bookingsVersion,
          schema: BookingSchema,
        },
        async (attempt, deadline) => {
          const current = await send(getBookingCall(uid), attempt, deadline);
          return current.status === "cancelled" ? current : null;
        },
      ),

    rescheduleBooking: (uid, start, reason, rrHostSubsetIds) =>
      write(
        {
          method: "POST",
          path: `/v2/bookings/${encodeURIComponent(uid)}/reschedule`,
          body: {
            start,
            ...(reason === undefined ? {} : { reschedulingReason: reason }),
            ...(rrHostSubsetIds?.length ? { rrHostSubsetIds } : {}),
          },
          apiVersion: bookingsVersion,
          schema: BookingSchema,
        },
        // A reschedule that went through left the old booking pointing at the new one.
        async (attempt, deadline) => {
          const old = await send(getBookingCall(uid), attempt, deadline);
          if (!old.rescheduledToUid) return null;
          return send(getBookingCall(old.rescheduledToUid), attempt, deadline);
        },
      ),

    async listEventTypeWebhooks(eventTypeId) {
      const all: CalcomEventTypeWebhook[] = [];
      for (let skip = 0; ; skip += webhookPageSize) {
        const page = await request(eventTypeWebhooksCall(eventTypeId, skip));
        all.push(...page);
        if (page.length < webhookPageSize) return all;
      }
    },

    createEventTypeWebhook: (eventTypeId, input) =>
      write(
        {
          method: "POST",
          path: `/v2/event-types/${eventTypeId}/webhooks`,
          body: { ...input },
          apiVersion: null,
          schema: EventTypeWebhookSchema,
        },
        async (attempt, deadline) => {
          // One page: an event type with more than 250 webhooks is not ours to guess about.
          const page = await send(eventTypeWebhooksCall(eventTypeId, 0), attempt, deadline);
          return page.find((w) => w.subscriberUrl === input.subscriberUrl) ?? null;
        },
      ),

    updateEventTypeWebhook: (eventTypeId, webhookId, patch) =>
      request({
        method: "PATCH",
        path: `/v2/event-types/${eventTypeId}/webhooks/${encodeURIComponent(webhookId)}`,
        body: { ...patch },
        apiVersion: null,
        schema: EventTypeWebhookSchema,
      }),
  };
}

function notRepeated(original: CalcomError, why: string, cause: unknown): CalcomError {
  return new CalcomError(
    {
      kind: original.kind,
      path: original.path,
      status: original.status,
      calcomCode: original.calcomCode,
      calcomMessage: original.calcomMessage,
      // The write may have happened: a blind retry could duplicate it.
      retryable: false,
      message: `${original.message}; not repeated because ${why}`,
    },
    { cause },
  );
}

// zod compiles a parser for each object schema the first time it parses: the schemas are built
// once, not per request.
const BookingListSchema = z.array(BookingSchema);
const TeamListSchema = z.array(TeamSchema);
const TeamEventTypeListSchema = z.array(TeamEventTypeSchema);
const MembershipListSchema = z.array(MembershipSchema);
const EventTypeWebhookListSchema = z.array(EventTypeWebhookSchema);
/** `{status: "success"}` without data (a deleted reservation). */
const NoDataSchema = z.unknown().optional();
const envelopes = new WeakMap<z.ZodType, z.ZodType<{ data: unknown }>>();

/** `{ data: … }`, Cal.com v2's answer around every payload. */
function envelopeOf<T>(schema: z.ZodType<T>): z.ZodType<{ data: T }> {
  let envelope = envelopes.get(schema);
  if (!envelope) {
    envelope = z.object({ data: schema });
    envelopes.set(schema, envelope);
  }
  return envelope as z.ZodType<{ data: T }>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const inner = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (inner && typeof inner.code === "string") return inner.code;
    if (inner && typeof inner.message === "string") return inner.message;
    return error.message;
  }
  return String(error);
}
