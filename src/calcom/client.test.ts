import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../domain/secret.ts";
import {
  createSimulator,
  demoFixture,
  generateFixture,
  type Simulator,
  type SimulatorFixture,
  type SimulatorOptions,
  startSimulator,
} from "../simulator/index.ts";
import {
  type CalcomClientOptions,
  CalcomError,
  type CalcomRequestInfo,
  createCalcomClient,
  createRateLimiter,
  retryPolicies,
} from "./index.ts";

const salonKey = "cal_test_salon_beispiel";
const dentalKey = "cal_test_bright_smiles";
/** Monday 2026-10-19, 08:00 in Berlin: the salon opens at 09:00. */
const simNow = new Date("2026-10-19T06:00:00Z");
const day = { start: "2026-10-19T00:00:00Z", end: "2026-10-20T00:00:00Z" };
const attendee = { name: "Eva Kunde", email: "eva.kunde@example.com", timeZone: "Europe/Berlin" };

/** Virtual time: sleeping advances the clock at once, so waits cost no test time. */
function fakeTime(startMs = 0) {
  const clock = { t: startMs };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
}

interface Setup {
  sim: Simulator;
  calls: CalcomRequestInfo[];
  client: ReturnType<typeof createCalcomClient>;
}

/** A client on the in-process simulator, with virtual time and its own rate limiter. */
function setup(
  overrides: Partial<CalcomClientOptions> = {},
  fixture: SimulatorFixture = demoFixture(),
  simOptions: SimulatorOptions = { now: () => simNow },
): Setup {
  const sim = createSimulator(fixture, simOptions);
  const time = fakeTime();
  const calls: CalcomRequestInfo[] = [];
  const client = createCalcomClient({
    baseUrl: "http://calcom.test",
    apiKey: new Secret(salonKey),
    policy: retryPolicies.sync,
    rateLimiter: createRateLimiter({ now: time.now, sleep: time.sleep }),
    fetch: async (input, init) => sim.app.request(input, init),
    now: time.now,
    sleep: time.sleep,
    onRequest: (info) => calls.push(info),
    ...overrides,
  });
  return { sim, calls, client };
}

async function failure(promise: Promise<unknown>): Promise<CalcomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalcomError);
  return error as CalcomError;
}

async function firstSlot(client: Setup["client"], eventTypeId = 2001): Promise<string> {
  const slots = await client.getSlots({ eventTypeId, ...day });
  const start = Object.values(slots)[0]?.[0]?.start;
  if (!start) throw new Error("the fixture offers no slot");
  return new Date(start).toISOString();
}

describe("createCalcomClient against the simulator", () => {
  it("sends the cal-api-version each endpoint needs, and the key on every request", async () => {
    const { sim, client, calls } = setup();
    await client.listTeams();
    await client.getTeam(1001);
    await client.listTeamEventTypes(1001);
    await client.listTeamMemberships(1001);
    const start = await firstSlot(client);
    const booking = await client.createBooking({ eventTypeId: 2001, start, attendee });
    await client.getBooking(booking.uid);
    await client.listBookings({ attendeeEmail: attendee.email });
    const moved = await client.rescheduleBooking(
      booking.uid,
      new Date(Date.parse(start) + 3_600_000).toISOString(),
    );
    await client.cancelBooking(moved.uid, "caller cancelled");

    const seen = sim.requests.map((r) => `${r.method} ${r.path} ${r.apiVersion}`);
    expect(seen).toEqual([
      "GET /v2/teams null",
      "GET /v2/teams/1001 null",
      "GET /v2/teams/1001/event-types null",
      "GET /v2/teams/1001/memberships null",
      "GET /v2/slots 2024-09-04",
      "POST /v2/bookings 2024-08-13",
      `GET /v2/bookings/${booking.uid} 2024-08-13`,
      "GET /v2/bookings 2024-08-13",
      `POST /v2/bookings/${booking.uid}/reschedule 2024-08-13`,
      `POST /v2/bookings/${moved.uid}/cancel 2024-08-13`,
    ]);
    expect(sim.requests.every((r) => r.apiKey === salonKey && r.status < 300)).toBe(true);
    expect(calls.map((c) => c.attempt)).toEqual(Array(10).fill(1));
  });

  it("reads teams, event types with their hosts, and memberships", async () => {
    const { client } = setup();
    expect(await client.listTeams()).toEqual([
      expect.objectContaining({ id: 1001, name: "Salon Beispiel", slug: "salon-beispiel" }),
    ]);
    const eventTypes = await client.listTeamEventTypes(1001);
    expect(eventTypes.map((e) => e.id)).toEqual([2001, 2002, 2003, 2004]);
    const beratung = eventTypes.find((e) => e.id === 2004)!;
    expect([beratung.schedulingType, beratung.hosts]).toEqual([null, []]);
    const faerben = eventTypes.find((e) => e.id === 2002)!;
    // Lena has an empty username in Cal.com.
    expect(faerben.hosts.find((h) => h.userId === 505)).toEqual({
      userId: 505,
      name: "Lena Groß",
      username: null,
      avatarUrl: null,
      mandatory: false,
      priority: "medium",
    });
    const members = await client.listTeamMemberships(1001);
    expect(members.find((m) => m.userId === 505)?.user.email).toBe("lena+cal@salon-beispiel.de");
  });

  it('handles hosts with "" names and usernames and no email', async () => {
    const fixture = demoFixture();
    const salon = fixture.teams[0]!;
    salon.members[1] = { ...salon.members[1]!, name: null, username: null };
    const { client } = setup({}, fixture);
    const [haircut] = await client.listTeamEventTypes(1001);
    const anonymous = haircut!.hosts.find((h) => h.userId === 502);
    expect(anonymous).toMatchObject({ name: null, username: null });
    expect(anonymous).not.toHaveProperty("email");
  });

  it("returns slots as objects keyed by date", async () => {
    const { client } = setup();
    const slots = await client.getSlots({ eventTypeId: 2001, ...day, timeZone: "Europe/Berlin" });
    expect(slots["2026-10-19"]?.[0]).toEqual({ start: "2026-10-19T09:00:00.000+02:00" });
  });

  it("retries a 429 and then succeeds, reporting each attempt", async () => {
    const { sim, client, calls } = setup();
    sim.faults.inject({ kind: "429", path: "/v2/teams/1001/event-types" });
    expect(await client.listTeamEventTypes(1001)).toHaveLength(4);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
  });

  it("gives up on 500s after the sync policy's 4 retries with kind unavailable", async () => {
    const { sim, client, calls } = setup();
    sim.faults.inject({ kind: "500", path: "/v2/teams/1001/memberships", times: 10 });
    const error = await failure(client.listTeamMemberships(1001));
    expect([error.kind, error.status, error.retryable]).toEqual(["unavailable", 500, true]);
    expect(error.calcomCode).toBe("InternalServerErrorException");
    expect(calls).toHaveLength(5);
  });

  it("stops retrying 500s when the next backoff would overrun the budget", async () => {
    const policy = { ...retryPolicies.sync, totalBudgetMs: 2_000 };
    // Backoffs at the top of their range: 499 ms, 999 ms, then 1999 ms, which no longer fits.
    const { sim, client, calls } = setup({ policy, random: () => 0.999999 });
    sim.faults.inject({ kind: "500", path: "/v2/teams", times: 10 });
    expect((await failure(client.listTeams())).kind).toBe("unavailable");
    expect(calls).toHaveLength(3);
  });

  it("parses the bare {statusCode, message} error shape", async () => {
    const { sim, client } = setup({ policy: { ...retryPolicies.sync, retries: 0 } });
    sim.faults.inject({ kind: "500-bare", path: "/v2/teams" });
    const error = await failure(client.listTeams());
    expect(error).toMatchObject({
      kind: "unavailable",
      status: 500,
      calcomCode: null,
      calcomMessage: "Internal server error",
      path: "/v2/teams",
    });
  });

  it("reports malformed JSON as invalid_response without retrying", async () => {
    const { sim, client, calls } = setup();
    sim.faults.inject({ kind: "malformed", path: "/v2/teams/1001/event-types" });
    const error = await failure(client.listTeamEventTypes(1001));
    expect([error.kind, error.retryable]).toEqual(["invalid_response", false]);
    expect(error.message).toContain("not JSON");
    expect(calls).toHaveLength(1);
  });

  it("names the JSON path of a response that does not fit the expected shape", async () => {
    const { client } = setup({
      // The OpenAPI document's idea of hosts: a list of strings.
      fetch: async () =>
        Response.json({
          status: "success",
          data: [{ id: 1, title: "Cut", slug: "cut", lengthInMinutes: 30, hosts: ["5"] }],
        }),
    });
    const error = await failure(client.listTeamEventTypes(1001));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toContain("$.data[0].hosts[0]: Invalid input: expected object");
  });

  it("pages memberships by 250 until a short page", async () => {
    const fixture = generateFixture({
      teams: 1,
      eventTypesPerTeam: 1,
      hostsPerEventType: 1,
      membersPerTeam: 600,
    });
    const { sim, client, calls } = setup({ apiKey: new Secret("cal_test_team_1") }, fixture);
    const members = await client.listTeamMemberships(1);
    expect(members).toHaveLength(600);
    expect(new Set(members.map((m) => m.userId)).size).toBe(600);
    expect(sim.requests.map((r) => r.query)).toEqual([
      { take: "250", skip: "0" },
      { take: "250", skip: "250" },
      { take: "250", skip: "500" },
    ]);
    expect(calls).toHaveLength(3);
  });

  it("explains a wrong API key without revealing it", async () => {
    const wrongKey = "cal_live_wrong_key_0123456789";
    const { client, calls } = setup({ apiKey: new Secret(wrongKey) });
    const error = await failure(client.listTeamMemberships(1001));
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toBe(
      "Cal.com rejected the API key (401 Unauthorized) — check the company's Cal.com API key",
    );
    const printed = [error.message, String(error), error.stack, JSON.stringify(error)].join(" ");
    expect(printed).not.toContain(wrongKey);
    expect(calls).toHaveLength(1);
  });

  it("says which team a key cannot administer", async () => {
    const { client } = setup({ apiKey: new Secret(dentalKey) });
    const error = await failure(client.listTeamMemberships(1001));
    expect(error.kind).toBe("forbidden");
    expect(error.message).toContain("the API key has no admin access to team 1001");
  });

  it("keeps Cal.com's message when it rejects a booking", async () => {
    const { client, calls } = setup();
    const error = await failure(
      // 22:00 in Berlin: the salon is closed.
      client.createBooking({ eventTypeId: 2001, start: "2026-10-19T20:00:00Z", attendee }),
    );
    expect(error.kind).toBe("invalid_request");
    expect(error.calcomMessage).toBe(
      "One of the hosts either already has booking at this time or is not available",
    );
    expect(calls).toHaveLength(1);
  });

  it("checks booking input before sending anything", async () => {
    const { client, calls } = setup();
    const error = await failure(
      client.createBooking({
        eventTypeId: 2001,
        start: "tomorrow",
        attendee: { ...attendee, email: "" },
      }),
    );
    expect(error.kind).toBe("invalid_request");
    expect(error.message).toContain("$.start");
    expect(error.message).toContain("$.attendee.email");
    expect(calls).toHaveLength(0);
  });

  it("retries network errors and then reports kind network", async () => {
    const time = fakeTime();
    const calls: CalcomRequestInfo[] = [];
    const client = createCalcomClient({
      // Nothing listens on port 9 (discard) of the loopback interface.
      baseUrl: "http://127.0.0.1:9",
      apiKey: new Secret(salonKey),
      policy: retryPolicies.sync,
      rateLimiter: createRateLimiter(time),
      ...time,
      onRequest: (info) => calls.push(info),
    });
    const error = await failure(client.listTeams());
    expect([error.kind, error.retryable]).toEqual(["network", true]);
    expect(calls.map((c) => c.status)).toEqual(Array(5).fill("network_error"));
  });
});

describe("rate limiting", () => {
  it("spaces requests so the window is never exceeded", async () => {
    const time = fakeTime();
    const sentAt: number[] = [];
    const { client } = setup({
      rateLimiter: createRateLimiter({ limit: 2, windowMs: 1_000, ...time }),
      ...time,
      onRequest: () => sentAt.push(time.clock.t),
    });
    for (let i = 0; i < 5; i += 1) await client.getTeam(1001);
    expect(sentAt).toEqual([0, 0, 1_000, 1_000, 2_000]);
  });

  it("shares one limiter between clients of the same key", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ limit: 2, windowMs: 1_000, ...time });
    const sentAt: number[] = [];
    const options = { rateLimiter: limiter, ...time, onRequest: () => sentAt.push(time.clock.t) };
    const a = setup(options).client;
    const b = setup(options).client;
    await a.listTeams();
    await b.listTeams();
    await a.listTeams();
    expect(sentAt).toEqual([0, 0, 1_000]);
  });

  it("waits for Cal.com's reset when its headers say nothing remains, instead of being throttled", async () => {
    const time = fakeTime(simNow.getTime());
    const { sim, client } = setup(
      { rateLimiter: createRateLimiter(time), ...time },
      demoFixture(),
      { now: () => new Date(time.clock.t), rateLimitPerMinute: 3 },
    );
    for (let i = 0; i < 4; i += 1) await client.listTeams();
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const [first, , , fourth] = sim.requests.map((r) => Date.parse(r.at));
    expect(fourth! - first!).toBeGreaterThanOrEqual(60_000);
  });

  it("fails fast with rate_limited when the wait would overrun the budget", async () => {
    const time = fakeTime();
    const { client, calls } = setup({
      policy: retryPolicies.voice,
      rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000, ...time }),
      ...time,
    });
    await client.listTeams();
    const error = await failure(client.listTeams());
    expect([error.kind, error.retryable]).toEqual(["rate_limited", false]);
    expect(calls).toHaveLength(1);
    expect(time.clock.t).toBe(0);
  });
});

describe("voice policy", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("gives a slow read 4 s and stops within 6 s when Cal.com does not answer", async () => {
    const sim = await startSimulator(demoFixture(), { now: () => simNow, port: 0 });
    close = sim.close;
    sim.faults.inject({ kind: "timeout", path: "/v2/slots", times: 5, delayMs: 20_000 });
    const calls: CalcomRequestInfo[] = [];
    const client = createCalcomClient({
      baseUrl: sim.url,
      apiKey: new Secret(salonKey),
      policy: retryPolicies.voice,
      rateLimiter: createRateLimiter(),
      onRequest: (info) => calls.push(info),
    });
    const started = Date.now();
    const error = await failure(client.getSlots({ eventTypeId: 2001, ...day }));
    const elapsed = Date.now() - started;
    expect([error.kind, error.retryable]).toEqual(["timeout", true]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(calls[0]!.ms).toBeGreaterThanOrEqual(3_900);
    expect(elapsed).toBeLessThanOrEqual(6_150);
    expect(elapsed).toBeGreaterThanOrEqual(5_500);
  });
});

describe("createBooking never books twice", () => {
  it("finds the booking a timed-out POST created instead of posting again", async () => {
    const sim = createSimulator(demoFixture(), { now: () => simNow });
    const pending: Promise<unknown>[] = [];
    const calls: CalcomRequestInfo[] = [];
    const client = createCalcomClient({
      baseUrl: "http://calcom.test",
      apiKey: new Secret(salonKey),
      policy: retryPolicies.sync,
      timeoutMs: 100,
      rateLimiter: createRateLimiter(),
      // Cal.com goes on with a request whose caller gave up: the abort is not passed on.
      fetch: async (input, init) => {
        const answer = Promise.resolve(sim.app.request(input, { ...init, signal: null }));
        pending.push(answer);
        return answer;
      },
      // The backoff lasts until the server has finished the held-back request.
      sleep: async () => {
        await Promise.all(pending);
      },
      onRequest: (info) => calls.push(info),
    });
    const start = await firstSlot(client);
    sim.faults.inject({ kind: "timeout", method: "POST", path: "/v2/bookings", delayMs: 300 });

    const booking = await client.createBooking({ eventTypeId: 2001, start, attendee });

    const stored = sim.bookings();
    expect(stored).toHaveLength(1);
    expect(booking.uid).toBe(stored[0]!.uid);
    expect(typeof booking.metadata.frontdeskRef).toBe("string");
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status} #${c.attempt}`)).toEqual([
      "GET /v2/slots 200 #1",
      "POST /v2/bookings network_error #1",
      "GET /v2/bookings 200 #2",
    ]);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("posts again once the lookup shows the failed POST created nothing", async () => {
    const { sim, client, calls } = setup();
    const start = await firstSlot(client);
    sim.faults.inject({ kind: "500", method: "POST", path: "/v2/bookings" });
    const booking = await client.createBooking({
      eventTypeId: 2001,
      start,
      attendee,
      metadata: { frontdeskRef: "call-42" },
    });
    expect(booking.metadata.frontdeskRef).toBe("call-42");
    expect(sim.bookings()).toHaveLength(1);
    expect(calls.slice(1).map((c) => `${c.method} ${c.path} ${c.status} #${c.attempt}`)).toEqual([
      "POST /v2/bookings 500 #1",
      "GET /v2/bookings 200 #2",
      "POST /v2/bookings 201 #2",
    ]);
    expect(sim.requests[2]?.query).toEqual({
      eventTypeId: "2001",
      attendeeEmail: attendee.email,
      afterStart: start,
      beforeEnd: new Date(Date.parse(start) + 86_400_000).toISOString(),
    });
  });

  it("does not repeat a booking it cannot check without an API key", async () => {
    const { sim, client, calls } = setup({ apiKey: null });
    const start = await firstSlot(client);
    sim.faults.inject({ kind: "500", method: "POST", path: "/v2/bookings" });
    const error = await failure(client.createBooking({ eventTypeId: 2001, start, attendee }));
    expect([error.kind, error.retryable]).toEqual(["unavailable", false]);
    expect(error.message).toContain("not repeated");
    expect(calls).toHaveLength(2);
  });

  it("looks at the booking before repeating a failed cancel", async () => {
    const { sim, client, calls } = setup();
    const start = await firstSlot(client);
    const booking = await client.createBooking({ eventTypeId: 2001, start, attendee });
    sim.faults.inject({ kind: "500", method: "POST", path: `/v2/bookings/${booking.uid}/cancel` });
    const cancelled = await client.cancelBooking(booking.uid);
    expect(cancelled.status).toBe("cancelled");
    expect(calls.slice(2).map((c) => `${c.method} ${c.status}`)).toEqual([
      "POST 500",
      "GET 200",
      "POST 200",
    ]);
  });
});

describe("answers of the real Cal.com that are not failures", () => {
  const booked = (over: Record<string, unknown> = {}) => ({
    id: 77,
    uid: "bk_series_1",
    status: "accepted",
    start: "2050-09-05T07:00:00.000Z",
    end: "2050-09-05T07:30:00.000Z",
    eventTypeId: 2001,
    hosts: [{ id: 5, name: "Anna", email: "anna@x.de", username: "anna" }],
    attendees: [{ name: "Eva Kunde", email: attendee.email }],
    metadata: {},
    ...over,
  });

  /** A client whose every request gets this answer. */
  function answering(status: number, body: unknown) {
    const calls: CalcomRequestInfo[] = [];
    const client = createCalcomClient({
      baseUrl: "http://calcom.test",
      apiKey: new Secret(salonKey),
      policy: retryPolicies.sync,
      rateLimiter: createRateLimiter(),
      fetch: async () =>
        new Response(JSON.stringify(body), {
          status,
          headers: { "content-type": "application/json" },
        }),
      onRequest: (info) => calls.push(info),
    });
    return { client, calls };
  }

  it("takes the first booking when a recurring event type answers with the series", async () => {
    const { client, calls } = answering(201, {
      status: "success",
      data: [booked(), booked({ id: 78, uid: "bk_series_2", start: "2050-09-12T07:00:00.000Z" })],
    });
    const booking = await client.createBooking({
      eventTypeId: 2001,
      start: "2050-09-05T07:00:00.000Z",
      attendee,
    });
    expect([booking.id, booking.uid, booking.hosts[0]?.id]).toEqual([77, "bk_series_1", 5]);
    expect(calls).toHaveLength(1);
  });

  it('reads a pending booking whose host id is "unknown"', async () => {
    const { client } = answering(201, {
      status: "success",
      data: booked({ status: "PENDING", hosts: [{ id: "unknown", name: "unknown" }] }),
    });
    const booking = await client.createBooking({
      eventTypeId: 2001,
      start: "2050-09-05T07:00:00.000Z",
      attendee,
    });
    expect(booking.status).toBe("pending");
    expect(booking.hosts[0]?.id).toBeNull();
    const read = await client.getBooking("bk_series_1");
    expect(read.hosts[0]?.id).toBeNull();
  });

  it("reads an event type's confirmation, recurrence, seats and booking fields", async () => {
    const { client } = answering(200, {
      status: "success",
      data: [
        {
          id: 2101,
          title: "Beratung",
          slug: "beratung",
          lengthInMinutes: 30,
          schedulingType: "roundRobin",
          hosts: [{ userId: 1, name: "Anna", mandatory: true }],
          confirmationPolicy: { type: "always", blockUnconfirmedBookingsInBooker: false },
          recurrence: { disabled: true },
          seats: { disabled: true },
          bookingFields: [{ isDefault: false, type: "text", slug: "insurance", required: true }],
        },
      ],
    });
    const [eventType] = await client.listTeamEventTypes(1001);
    expect(eventType).toMatchObject({
      requiresConfirmation: true,
      recurring: false,
      seated: false,
      bookingFields: [{ slug: "insurance", required: true, isDefault: false }],
    });
  });
});
