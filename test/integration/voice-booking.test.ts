import { Writable } from "node:stream";
import Retell from "retell-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCalcomBookingGateway } from "../../src/calcom/booking-gateway.ts";
import { retryPolicies } from "../../src/calcom/retry.ts";
import type { Company } from "../../src/domain/entities.ts";
import { guestEmail, idempotencyKey } from "../../src/features/voice/book-appointment.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { createNodeFetch } from "../../src/platform/node-fetch.ts";
import {
  demoFixture,
  type RunningSimulator,
  type SimulatorFixture,
  startSimulator,
} from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { bookingEvent } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * Booking against a Cal.com as slow and as unreliable as the real one, on a real HTTP port (a
 * reset needs a socket): budgets, lost answers and the settler, pending requests, refusals, the
 * staff of a fixed-host booking, and whose customer record and email a booking uses.
 */

/** The demo team plus event types for confirmation, limits and a fixed organizer. */
function bookingFixture(change: (f: SimulatorFixture) => void = () => {}): SimulatorFixture {
  const fixture = demoFixture();
  const salon = fixture.teams.find((t) => t.id === 1001)!;
  salon.eventTypes.push(
    {
      id: 2010,
      title: "Erstgespräch",
      slug: "erstgespraech",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      requiresConfirmation: true,
      hosts: [{ userId: 501 }, { userId: 502 }],
    },
    {
      id: 2012,
      title: "Probeschnitt",
      slug: "probeschnitt",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      bookingLimitsCount: { day: 1 },
      hosts: [{ userId: 502 }],
    },
    {
      id: 2013,
      title: "Teamtermin",
      slug: "teamtermin",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501, mandatory: true }, { userId: 502 }, { userId: 503 }],
    },
  );
  change(fixture);
  return fixture;
}

const posts = (sim: RunningSimulator) =>
  sim.requests.filter((r) => r.method === "POST" && r.path === "/v2/bookings").length;
const slotReads = (sim: RunningSimulator) =>
  sim.requests.filter((r) => r.path === "/v2/slots").length;

describe.each(testEngines())("voice booking against a slow, lossy Cal.com on %s", (engine) => {
  let database: TestDatabase;
  let sim: RunningSimulator;
  /** Where http://calcom.test points: the simulator, or another one a test swaps in. */
  let target: RunningSimulator;
  /** A Cal.com-shaped answer the next POST /v2/bookings gets instead of the simulator's. */
  let nextBookingAnswer: { status: number; body: unknown } | null = null;
  const nodeFetch = createNodeFetch();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input).replace("http://calcom.test", target.url);
    if (nextBookingAnswer && init?.method === "POST" && new URL(url).pathname === "/v2/bookings") {
      const { status, body } = nextBookingAnswer;
      nextBookingAnswer = null;
      return Response.json(body, { status });
    }
    return nodeFetch(url, init);
  };
  const logLines: string[] = [];
  const logger = createLogger({
    level: "info",
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const logged = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
  /** The real budgets. */
  let app: ReturnType<typeof assembleForTest>;
  /** The same, but a booking attempt times out after 400 ms: a lost answer without the wait. */
  let impatient: ReturnType<typeof assembleForTest>;
  const user = simulatorUser(() => target);
  let salon: Company;
  const caller = "+4915111110000";
  const salonNumber = "+493012345670";
  const call = (callId: string, from: string | null = caller): VoiceContext => ({
    company: salon,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: from, toNumber: null, agentId: null },
  });
  const appointments = () => app.store.appointments.list(salon.id, { limit: 1000 });
  const ours = (ref: string) => target.bookings().filter((b) => b.metadata.frontdeskRef === ref);
  const serviceId = async (name: string) =>
    (await app.store.services.findByName(salon.id, name))!.id;
  const keyOf = async (callId: string, serviceName: string, start: string) =>
    idempotencyKey(salon.id, callId, await serviceId(serviceName), start);
  /** A settle round as the settler runs it, `ms` from now. */
  const settleRound = (ms = 16_000) =>
    app.useCases.voice.settleBookingAttempts(new Date(Date.now() + ms));

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    sim = await startSimulator(bookingFixture());
    target = sim;
    app = assembleForTest(database, fetch, undefined, { logger });
    impatient = assembleForTest(database, fetch, undefined, {
      logger,
      calcomBookings: createCalcomBookingGateway({
        fetch,
        policies: {
          write: { ...retryPolicies.voiceWrite, attemptTimeoutMs: 400, minAttemptMs: 400 },
        },
      }),
    });
    ({ salon } = await seedDemoTenants(app));
    const ctx = { company: salon, actor: { type: "cli" as const } };
    await app.useCases.service.createService(ctx, {
      name: "Erstgespräch",
      durationMinutes: 30,
      eventTypeId: 2010,
    });
    await app.useCases.service.createService(ctx, {
      name: "Probeschnitt",
      durationMinutes: 30,
      eventTypeId: 2012,
    });
    await app.useCases.service.createService(ctx, {
      name: "Teamtermin",
      durationMinutes: 30,
      eventTypeId: 2013,
    });
  }, 30_000);
  afterAll(async () => {
    await sim.close();
    await database.drop();
  });
  beforeEach(() => {
    target = sim;
    nextBookingAnswer = null;
    sim.faults.clear();
    sim.setLatency("zero");
  });

  it("books when Cal.com takes 4 s (its p95), instead of cutting the booking off", async () => {
    const start = await user.firstSlot(2001, 0);
    sim.setLatency({ bookings: 4_000 });
    const before = { posts: posts(sim), bookings: sim.bookings().length };
    const result = await app.useCases.voice.bookAppointment(call("call-slow"), {
      service: "Haarschnitt",
      start,
      customer_name: "Langsam Kundin",
    });
    expect(result).toMatchObject({ kind: "booked", status: "accepted", repeated: false });
    expect(posts(sim) - before.posts).toBe(1);
    expect(sim.bookings().length - before.bookings).toBe(1);
  }, 15_000);

  it.each([
    ["timeout", "impatient"],
    ["reset", "app"],
  ] as const)(
    "a lost answer (%s) is 'checking', never failed; one settle round records exactly one appointment",
    async (mode, which) => {
      const start = await user.firstSlot(2001, mode === "timeout" ? 2 : 4);
      const callId = `call-lost-${mode}`;
      const args = { service: "Haarschnitt", start, customer_name: "Verloren Kunde" };
      const useCases = which === "impatient" ? impatient.useCases : app.useCases;
      const before = (await appointments()).length;
      sim.faults.inject({
        kind: "lost-answer",
        mode,
        method: "POST",
        path: "/v2/bookings",
        delayMs: 5_000,
      });
      const first = await useCases.voice.bookAppointment(call(callId), args);
      expect(first).toEqual({ kind: "checking", service: "Haarschnitt", start, earlier: false });
      const key = await keyOf(callId, "Haarschnitt", start);
      // Cal.com made it; we have no appointment yet, but an attempt that knows how to find it.
      expect(ours(key)).toHaveLength(1);
      expect((await appointments()).length).toBe(before);
      expect(await app.store.bookingAttempts.find(salon.id, key)).toMatchObject({
        state: "unknown",
        eventTypeId: 2001,
        start,
        attendeeName: "Verloren Kunde",
        callId,
      });

      // Not due yet: nothing is looked up.
      expect(await app.useCases.voice.settleBookingAttempts(new Date())).toMatchObject({
        checked: 0,
      });
      expect(await settleRound()).toEqual({ checked: 1, booked: 1, abandoned: 0 });
      expect(await settleRound(32_000)).toEqual({ checked: 0, booked: 0, abandoned: 0 });
      const recorded = (await appointments()).filter((a) => a.idempotencyKey === key);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        bookingUid: ours(key)[0]!.uid,
        source: "voice",
        retellCallId: callId,
        status: "accepted",
        staffId: expect.any(String),
      });
      expect(await app.store.bookingAttempts.find(salon.id, key)).toBeNull();

      // The same request again is the settled booking, without asking Cal.com to book.
      const postsBefore = posts(sim);
      const again = await app.useCases.voice.bookAppointment(call(callId), args);
      expect(again).toMatchObject({
        kind: "booked",
        repeated: true,
        appointment: { id: recorded[0]!.id },
      });
      expect(posts(sim)).toBe(postsBefore);
      expect(ours(key)).toHaveLength(1);
    },
    20_000,
  );

  it("asked again before the settler ran, a lost answer is looked up at once", async () => {
    const start = await user.firstSlot(2001, 6);
    const args = { service: "Haarschnitt", start, customer_name: "Nochmal Frager" };
    sim.faults.inject({ kind: "lost-answer", mode: "reset", method: "POST", path: "/v2/bookings" });
    expect(await app.useCases.voice.bookAppointment(call("call-ask-again"), args)).toMatchObject({
      kind: "checking",
    });
    const postsBefore = posts(sim);
    const again = await app.useCases.voice.bookAppointment(call("call-ask-again"), args);
    expect(again).toMatchObject({ kind: "booked", repeated: true });
    expect(posts(sim)).toBe(postsBefore);
    const key = await keyOf("call-ask-again", "Haarschnitt", start);
    expect(ours(key)).toHaveLength(1);
    expect((await appointments()).filter((a) => a.idempotencyKey === key)).toHaveLength(1);
  });

  it("while Cal.com has no trace of a lost booking, asking again stays 'checking' and books nothing", async () => {
    const start = await user.firstSlot(2001, 8);
    const args = { service: "Haarschnitt", start, customer_name: "Spurlos Kunde" };
    // Held back before Cal.com does anything; our attempt gives up after 400 ms.
    sim.faults.inject({ kind: "timeout", method: "POST", path: "/v2/bookings", delayMs: 3_000 });
    expect(
      await impatient.useCases.voice.bookAppointment(call("call-no-trace"), args),
    ).toMatchObject({
      kind: "checking",
    });
    const postsBefore = posts(sim);
    expect(await app.useCases.voice.bookAppointment(call("call-no-trace"), args)).toMatchObject({
      kind: "checking",
      earlier: false,
    });
    expect(posts(sim)).toBe(postsBefore);

    // A different booking in the same call waits for that answer first: still unknown, so it
    // books nothing either (the caller might otherwise end up with two appointments).
    const other = await user.firstSlot(2001, 10);
    const second = await app.useCases.voice.bookAppointment(call("call-no-trace"), {
      ...args,
      start: other,
    });
    expect(second).toMatchObject({ kind: "checking", earlier: true, start: other });
    expect(posts(sim)).toBe(postsBefore);

    // Not found: looked at again 15 s later, then hourly after ten minutes, given up after a day.
    const key = await keyOf("call-no-trace", "Haarschnitt", start);
    expect(await settleRound()).toMatchObject({ checked: 1, booked: 0 });
    const attempt = (await app.store.bookingAttempts.find(salon.id, key))!;
    expect(attempt).toMatchObject({ state: "unknown", checks: 1 });
    expect(Date.parse(attempt.nextCheckAt) - Date.parse(attempt.startedAt)).toBeLessThan(60_000);
    expect(await settleRound(11 * 60_000)).toMatchObject({ checked: 1, booked: 0 });
    const later = (await app.store.bookingAttempts.find(salon.id, key))!;
    expect(Date.parse(later.nextCheckAt) - Date.now()).toBeGreaterThan(60 * 60_000);
    expect(await settleRound(25 * 60 * 60_000)).toMatchObject({ checked: 1, abandoned: 1 });
    expect(await app.store.bookingAttempts.find(salon.id, key)).toMatchObject({
      state: "abandoned",
    });
    expect(logged().some((l) => l.level === 50 && String(l.msg).includes("never settled"))).toBe(
      true,
    );
    // Given up: the second booking of the call is no longer held back.
    expect(
      await app.useCases.voice.bookAppointment(call("call-no-trace"), { ...args, start: other }),
    ).toMatchObject({ kind: "booked" });
  }, 20_000);

  it("a new booking in the same call first settles an earlier lost answer, then books", async () => {
    const first = await user.firstSlot(2003, 0);
    const second = await user.firstSlot(2003, 3);
    sim.faults.inject({ kind: "lost-answer", mode: "reset", method: "POST", path: "/v2/bookings" });
    const args = { service: "Bartpflege", customer_name: "Zwei Termine" };
    expect(
      await app.useCases.voice.bookAppointment(call("call-two"), { ...args, start: first }),
    ).toMatchObject({ kind: "checking" });
    const result = await app.useCases.voice.bookAppointment(call("call-two"), {
      ...args,
      start: second,
    });
    expect(result).toMatchObject({ kind: "booked", repeated: false });
    const mine = (await appointments()).filter((a) => a.retellCallId === "call-two");
    expect(mine.map((a) => a.startAt).sort()).toEqual([first, second].sort());
    expect(target.bookings().filter((b) => b.attendee.name === "Zwei Termine")).toHaveLength(2);
  });

  it("a booking that needs confirmation is a pending request until Cal.com's webhooks move it", async () => {
    const start = await user.firstSlot(2010, 0);
    const result = await app.useCases.voice.bookAppointment(call("call-pending"), {
      service: "Erstgespräch",
      start,
      customer_name: "Anfrage Kundin",
    });
    expect(result).toMatchObject({ kind: "booked", status: "pending" });
    if (result.kind !== "booked") return;
    expect(result.appointment.status).toBe("pending");
    const uid = result.appointment.bookingUid;
    const webhook = { company: salon, actor: { type: "webhook" as const } };
    // The business confirms: BOOKING_CREATED (accepted) arrives.
    await app.useCases.appointments.ingestCalcomBooking(
      webhook,
      bookingEvent("BOOKING_CREATED", uid, {
        eventTypeId: 2010,
        start,
        end: result.appointment.endAt,
        hostUserId: result.appointment.calcomUserId,
      }),
      "{}",
    );
    expect((await app.store.appointments.findByUid(salon.id, uid))?.status).toBe("accepted");
    // The same request again tells it as it is now.
    expect(
      await app.useCases.voice.bookAppointment(call("call-pending"), {
        service: "Erstgespräch",
        start,
        customer_name: "Anfrage Kundin",
      }),
    ).toMatchObject({ kind: "booked", status: "accepted", repeated: true });

    // Another request is declined: BOOKING_REJECTED.
    const other = await user.firstSlot(2010, 4);
    const declined = await app.useCases.voice.bookAppointment(call("call-declined"), {
      service: "Erstgespräch",
      start: other,
      customer_name: "Abgelehnt Kunde",
    });
    expect(declined).toMatchObject({ kind: "booked", status: "pending" });
    if (declined.kind !== "booked") return;
    await app.useCases.appointments.ingestCalcomBooking(
      webhook,
      bookingEvent("BOOKING_REJECTED", declined.appointment.bookingUid, {
        eventTypeId: 2010,
        start: other,
        end: declined.appointment.endAt,
        hostUserId: declined.appointment.calcomUserId,
      }),
      "{}",
    );
    expect(
      (await app.store.appointments.findByUid(salon.id, declined.appointment.bookingUid))?.status,
    ).toBe("rejected");
  });

  it("gives a fixed-organizer booking to the pool host Cal.com chose", async () => {
    const start = await user.firstSlot(2013, 0);
    const result = await app.useCases.voice.bookAppointment(call("call-fixed"), {
      service: "Teamtermin",
      start,
      customer_name: "Team Kunde",
    });
    expect(result.kind).toBe("booked");
    if (result.kind !== "booked") return;
    const booking = target.bookings().find((b) => b.uid === result.appointment.bookingUid)!;
    // Cal.com makes the fixed host (Jörg, 501) the organizer; the appointment is the pool host's.
    expect(booking.hostUserId).toBe(501);
    expect([502, 503]).toContain(result.appointment.calcomUserId);
    const mapping = await app.store.hostMappings.find(salon.id, result.appointment.calcomUserId!);
    expect(result.appointment.staffId).toBe(mapping!.staffId);
    expect(result.staffName).not.toMatch(/Jörg/);
  });

  describe("refusals", () => {
    /** Cal.com as another simulator (a changed event type), for one test. */
    async function withCalcom<T>(fixture: SimulatorFixture, work: () => Promise<T>): Promise<T> {
      const other = await startSimulator(fixture);
      target = other;
      try {
        return await work();
      } finally {
        target = sim;
        await other.close();
      }
    }
    const warnings = (refusal: string) =>
      logged().filter((l) => l.level === 40 && l.refusal === refusal);

    it("only a taken slot is answered with other times", async () => {
      const start = await user.firstSlot(2003, 6);
      await user.book(2003, start, { name: "Erster", email: "erster@example.de" });
      await user.book(2003, start, { name: "Zweiter", email: "zweiter@example.de" });
      const reads = slotReads(sim);
      const result = await app.useCases.voice.bookAppointment(call("call-taken"), {
        service: "Bartpflege",
        start,
        customer_name: "Dritter Kunde",
      });
      expect(result).toMatchObject({ kind: "slot_taken" });
      if (result.kind === "slot_taken") expect(result.alternatives.length).toBeGreaterThan(0);
      expect(slotReads(sim)).toBeGreaterThan(reads);
    });

    it("a booking limit: a plain sentence, Cal.com's words in the log and on the service", async () => {
      const first = await user.firstSlot(2012, 0);
      const sameDay = await user.firstSlot(2012, 2);
      await user.book(2012, first, { name: "Vorher", email: "vorher@example.de" });
      expect(sameDay.slice(0, 10)).toBe(first.slice(0, 10));
      const reads = slotReads(sim);
      const result = await app.useCases.voice.bookAppointment(call("call-limit"), {
        service: "Probeschnitt",
        start: sameDay,
        customer_name: "Limit Kunde",
      });
      expect(result).toEqual({
        kind: "refused",
        refusal: "booking_limit",
        service: "Probeschnitt",
        field: null,
      });
      expect(slotReads(sim)).toBe(reads);
      const service = await app.store.services.findByName(salon.id, "Probeschnitt");
      expect(service?.bookingProblem).toMatchObject({
        code: "booking_limit",
        message: expect.stringContaining("booking_limit"),
      });
      expect(warnings("booking_limit").at(-1)).toMatchObject({
        companyId: salon.id,
        service: "Probeschnitt",
        calcomMessage: expect.stringContaining("booking_limit"),
      });
    });

    it("a required booking field Cal.com added since the last sync; a later booking clears it", async () => {
      const start = await user.firstSlot(2001, 12);
      const withField = bookingFixture((f) => {
        const haarschnitt = f.teams[0]!.eventTypes.find((e) => e.id === 2001)!;
        haarschnitt.bookingFields = [
          { slug: "haarlaenge", type: "text", label: "Haarlänge", required: true },
        ];
      });
      const result = await withCalcom(withField, () =>
        app.useCases.voice.bookAppointment(call("call-field"), {
          service: "Haarschnitt",
          start,
          customer_name: "Feld Kunde",
        }),
      );
      expect(result).toMatchObject({ kind: "refused", refusal: "required_booking_field" });
      expect(
        (await app.store.services.findByName(salon.id, "Haarschnitt"))?.bookingProblem,
      ).toMatchObject({
        code: "required_booking_field",
        message: expect.stringContaining("Missing required booking field"),
      });
      expect(warnings("required_booking_field")).not.toHaveLength(0);
      // Fixed in Cal.com: the next booking goes through and the problem is gone.
      const booked = await app.useCases.voice.bookAppointment(call("call-field"), {
        service: "Haarschnitt",
        start,
        customer_name: "Feld Kunde",
      });
      expect(booked).toMatchObject({ kind: "booked" });
      expect((await app.store.services.findByName(salon.id, "Haarschnitt"))?.bookingProblem).toBe(
        null,
      );
    });

    it("an event type Cal.com turned into a managed parent cannot be booked this way", async () => {
      const start = await user.firstSlot(2003, 9);
      const managed = bookingFixture((f) => {
        f.teams[0]!.eventTypes.find((e) => e.id === 2003)!.schedulingType = "managed";
      });
      const result = await withCalcom(managed, () =>
        app.useCases.voice.bookAppointment(call("call-managed"), {
          service: "Bartpflege",
          start,
          customer_name: "Verwaltet Kunde",
        }),
      );
      expect(result).toMatchObject({ kind: "refused", refusal: "not_bookable" });
      expect(
        (await app.store.services.findByName(salon.id, "Bartpflege"))?.bookingProblem?.code,
      ).toBe("not_bookable");
    });

    it.each([
      [
        "an invalid phone number",
        {
          status: 400,
          body: {
            status: "error",
            error: {
              code: "BadRequestException",
              message: "attendee.phoneNumber: phoneNumber must be a valid phone number",
            },
          },
        },
        { refusal: "invalid_contact", field: "customer_phone" },
      ],
      [
        "an event type that requires authentication",
        {
          status: 401,
          body: {
            status: "error",
            error: {
              code: "UnauthorizedException",
              message: "This event type requires authentication: bookingRequiresAuthentication",
            },
          },
        },
        { refusal: "not_bookable", field: null },
      ],
      [
        "a refusal nobody knows",
        {
          status: 400,
          body: {
            status: "error",
            error: { code: "BadRequestException", message: "Something unexpected happened" },
          },
        },
        { refusal: "refused", field: null },
      ],
    ] as const)("%s: a plain sentence, no other times", async (_name, answer, expected) => {
      const start = await user.firstSlot(2002, 0);
      nextBookingAnswer = answer;
      const reads = slotReads(sim);
      const result = await app.useCases.voice.bookAppointment(
        call(`call-refused-${expected.refusal}`),
        {
          service: "Färben",
          start,
          customer_name: "Abgewiesen Kunde",
        },
      );
      expect(result).toEqual({ kind: "refused", service: "Färben", ...expected });
      expect(slotReads(sim)).toBe(reads);
      expect(
        await app.store.bookingAttempts.find(
          salon.id,
          await keyOf(`call-refused-${expected.refusal}`, "Färben", start),
        ),
      ).toBeNull();
    });

    it("an email Cal.com would refuse is asked for again", async () => {
      const start = await user.firstSlot(2002, 2);
      const result = await app.useCases.voice.bookAppointment(call("call-bad-mail"), {
        service: "Färben",
        start,
        customer_name: "Mail Kunde",
        customer_email: "max..muster@example.de",
      });
      expect(result).toMatchObject({
        kind: "refused",
        refusal: "invalid_contact",
        field: "customer_email",
      });
      // Not kept for the caller's next booking: only an address Cal.com accepted is.
      expect((await app.store.customers.findByPhone(salon.id, caller))?.email ?? null).toBeNull();
    });
  });

  describe("the reply Retell gets", () => {
    const apiKey = "key_retell_booking_test";
    const book = async (callId: string, args: Record<string, string>) => {
      const http = createHttpApp({
        health: app.health,
        metrics: createMetrics(),
        logger: createLogger({ level: "silent" }),
        useCases: impatient.useCases,
        retellApiKey: apiKey,
      });
      const body = JSON.stringify({
        name: "book_appointment",
        call: { call_id: callId, agent_id: "agent_1", to_number: salonNumber, from_number: caller },
        args,
      });
      const res = await http.request("/webhooks/retell/functions", {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-retell-signature": await Retell.sign(body, apiKey),
        },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { ok: boolean; message: string; data: Record<string, unknown> };
    };

    it("says 'checking' for a lost answer, 'accepted' once it is found, 'pending' for a request", async () => {
      const start = await user.firstSlot(2001, 24);
      const args = { service: "Haarschnitt", start, customer_name: "Antwort Kunde" };
      sim.faults.inject({ kind: "lost-answer", method: "POST", path: "/v2/bookings" });
      const lost = await book("call-http-lost", args);
      expect(lost.data).toMatchObject({ booked: false, status: "checking" });
      expect(lost.message).toMatch(/^Ich prüfe noch, ob der Termin eingetragen ist/);
      expect(lost.message).not.toMatch(/nicht buchen|andere Zeit/);
      const again = await book("call-http-lost", args);
      expect(again).toMatchObject({ ok: true, data: { booked: true, status: "accepted" } });

      const request = await user.firstSlot(2010, 8);
      const pending = await book("call-http-pending", {
        service: "Erstgespräch",
        start: request,
        customer_name: "Anfrage Kunde",
      });
      expect(pending).toMatchObject({ ok: true, data: { booked: true, status: "pending" } });
      expect(pending.message).toMatch(/angefragt.*bestätigt/);
    });

    it("says a refusal plainly, without codes or times", async () => {
      const start = await user.firstSlot(2002, 4);
      nextBookingAnswer = {
        status: 400,
        body: {
          status: "error",
          error: { code: "BadRequestException", message: "booker_limit_exceeded_error" },
        },
      };
      const refused = await book("call-http-refused", {
        service: "Färben",
        start,
        customer_name: "Grenze Kunde",
      });
      expect(refused).toMatchObject({ ok: false, data: { booked: false } });
      expect(refused.data).not.toHaveProperty("slots");
      expect(refused.message).toMatch(/keine weiteren Buchungen/);
      expect(refused.message).not.toMatch(/booker|limit_|_error/);
    });
  });

  describe("whose customer record and email a booking uses", () => {
    const anna = "+4915122220000";
    const bernd = "+4915133330000";

    it("a caller booking for another number never reads or changes that number's record", async () => {
      // Bernd once called himself and left his email.
      await app.store.customers.upsertByPhone(salon.id, {
        phone: bernd,
        name: "Bernd Berger",
        email: "bernd@example.de",
      });
      const start = await user.firstSlot(2001, 14);
      const result = await app.useCases.voice.bookAppointment(call("call-for-bernd", anna), {
        service: "Haarschnitt",
        start,
        customer_name: "Bernd Berger",
        customer_phone: bernd,
      });
      expect(result.kind).toBe("booked");
      if (result.kind !== "booked") return;
      const booking = target.bookings().find((b) => b.uid === result.appointment.bookingUid)!;
      // Bernd's phone on the booking, but never Bernd's stored email: Anna has none on file, so
      // the booking gets an address of its own.
      expect(booking.attendee.phoneNumber).toBe(bernd);
      expect(booking.attendee.email).not.toBe("bernd@example.de");
      expect(booking.attendee.email).toBe(guestEmail(salon, bernd));
      expect(await app.store.customers.findByPhone(salon.id, bernd)).toMatchObject({
        name: "Bernd Berger",
        email: "bernd@example.de",
      });
      // The appointment belongs to the verified caller, whose record was not given Bernd's name.
      const annaRecord = await app.store.customers.findByPhone(salon.id, anna);
      expect(result.appointment.customerId).toBe(annaRecord!.id);
      expect(annaRecord).toMatchObject({ name: null, email: null });
      expect(result.appointment).toMatchObject({
        attendeeName: "Bernd Berger",
        attendeeEmail: guestEmail(salon, bernd),
      });
    });

    it("the email is the one given now, else the verified caller's own from before", async () => {
      const start = await user.firstSlot(2001, 16);
      const own = await app.useCases.voice.bookAppointment(call("call-anna-self", anna), {
        service: "Haarschnitt",
        start,
        customer_name: "Anna Ahrens",
        customer_email: "anna@example.de",
      });
      expect(own.kind).toBe("booked");
      expect(await app.store.customers.findByPhone(salon.id, anna)).toMatchObject({
        name: "Anna Ahrens",
        email: "anna@example.de",
      });
      // Later Anna books for Bernd without giving an email: her own address, not Bernd's.
      const next = await user.firstSlot(2001, 18);
      const forBernd = await app.useCases.voice.bookAppointment(call("call-anna-bernd", anna), {
        service: "Haarschnitt",
        start: next,
        customer_name: "Bernd Berger",
        customer_phone: bernd,
      });
      if (forBernd.kind !== "booked") throw new Error(forBernd.kind);
      expect(
        target.bookings().find((b) => b.uid === forBernd.appointment.bookingUid),
      ).toMatchObject({ attendee: { email: "anna@example.de", phoneNumber: bernd } });
      // An email given in this call wins, and goes to no customer record but the booking.
      const third = await user.firstSlot(2001, 20);
      const withMail = await app.useCases.voice.bookAppointment(call("call-anna-mail", anna), {
        service: "Haarschnitt",
        start: third,
        customer_name: "Bernd Berger",
        customer_phone: bernd,
        customer_email: "bernd.neu@example.de",
      });
      if (withMail.kind !== "booked") throw new Error(withMail.kind);
      expect(
        target.bookings().find((b) => b.uid === withMail.appointment.bookingUid)?.attendee.email,
      ).toBe("bernd.neu@example.de");
      expect((await app.store.customers.findByPhone(salon.id, bernd))?.email).toBe(
        "bernd@example.de",
      );
      expect((await app.store.customers.findByPhone(salon.id, anna))?.email).toBe(
        "anna@example.de",
      );
    });

    it("an anonymous caller's booking writes no customer record at all", async () => {
      const carla = "+4915144440000";
      const start = await user.firstSlot(2001, 22);
      const result = await app.useCases.voice.bookAppointment(call("call-anonymous", null), {
        service: "Haarschnitt",
        start,
        customer_name: "Carla Conrad",
        customer_phone: carla,
      });
      expect(result).toMatchObject({ kind: "booked", appointment: { customerId: null } });
      expect(await app.store.customers.findByPhone(salon.id, carla)).toBeNull();
    });
  });
});
