import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { createSlotCache } from "../../src/platform/slot-cache.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * The time a caller was offered is hidden from Cal.com's booking pages (an unauthenticated
 * `GET /v2/slots`, as a web booker asks) while the call lasts, one time per call, and offered
 * again once the call booked, ended or the hold lapsed; an API booking is never stopped by it,
 * and one company's call never lets go of another company's hold.
 */
describe.each(testEngines())("slot holds during a call on %s", (engine) => {
  let database: TestDatabase;
  let salon: Company;
  let bright: Company;
  // Cal.com and we share one clock, so a hold can be let lapse.
  const clock = fixedClock(new Date().toISOString());
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
  const calcom = simulatedCalcom(demoFixture(), { now: () => clock.now() });
  const user = simulatorUser(() => calcom.state.sim);
  /** Every request we send to Cal.com, as "METHOD /path". */
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push(`${init?.method ?? "GET"} ${url.pathname}`);
    return calcom.fetch(input, init);
  };
  const metrics = createMetrics();
  let app: ReturnType<typeof assembleForTest>;

  const call = (company: Company, callId: string): VoiceContext => ({
    company,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: "+4915112345678", toNumber: null, agentId: null },
  });
  /** Whether a web booker is offered this start of the event type. */
  const offered = async (eventTypeId: number, start: string) => {
    const day = start.slice(0, 10);
    const data = (await (
      await calcom.state.sim.app.request(
        `http://calcom.test/v2/slots?eventTypeId=${eventTypeId}&start=${day}&end=${day}`,
        { headers: { "cal-api-version": "2024-09-04" } },
      )
    ).json()) as { data: Record<string, { start: string }[]> };
    return Object.values(data.data)
      .flat()
      .some((s) => Date.parse(s.start) === Date.parse(start));
  };
  /** A reservation as Cal.com has it now (null once released or lapsed). */
  const reservation = async (uid: string) => {
    const res = await calcom.state.sim.app.request(
      `http://calcom.test/v2/slots/reservations/${uid}`,
      { headers: { "cal-api-version": "2024-09-04" } },
    );
    return ((await res.json()) as { data: unknown }).data;
  };
  /** check_availability for this exact time, as the caller says it (the salon's local time). */
  const ask = (company: Company, callId: string, service: string, start: string) => {
    const local = DateTime.fromISO(start, { zone: company.timezone });
    return app.useCases.voice.checkAvailability(call(company, callId), {
      service,
      date: local.toISODate()!,
      time: local.toFormat("HH:mm"),
    });
  };
  const ended = (company: Company, callId: string) =>
    app.useCases.calls.recordCallEvent(
      { company, actor: { type: "voice" } },
      "call_ended",
      {
        retellCallId: callId,
        agentId: "agent_1",
        fromNumber: "+4915112345678",
        toNumber: null,
        direction: "inbound",
        status: "ended",
        startedAt: null,
        endedAt: clock.now().toISOString(),
        durationMs: 60_000,
        summary: null,
        outcome: null,
      },
      "{}",
    );
  const reservations = () => sent.filter((s) => s.startsWith("POST /v2/slots/reservations"));
  const releases = () => sent.filter((s) => s.startsWith("DELETE /v2/slots/reservations/"));
  const counted = async () => ({
    holds: Object.fromEntries(
      (await metrics.slotHolds.get()).values.map((v) => [v.labels.outcome, v.value]),
    ),
    releases: Object.fromEntries(
      (await metrics.slotHoldReleases.get()).values.map((v) => [
        `${v.labels.reason}:${v.labels.outcome}`,
        v.value,
      ]),
    ),
  });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, fetch, clock, {
      // On the shared clock, so a test can let the cached slots lapse.
      slotCache: createSlotCache({ now: () => clock.now().getTime() }),
      voiceMetrics: { holds: metrics.slotHolds, holdReleases: metrics.slotHoldReleases },
    });
    ({ salon, bright } = await seedDemoTenants(app));
  }, 30_000);
  afterAll(() => database.drop());
  beforeEach(() => {
    sent.length = 0;
    metrics.slotHolds.reset();
    metrics.slotHoldReleases.reset();
  });

  it("hides the offered time from web bookers until the call books it; the API books it", async () => {
    const start = await user.firstSlot(2001, 0);
    expect(await offered(2001, start)).toBe(true);
    const outcome = await ask(salon, "call-book", "Haarschnitt", start);
    expect(outcome).toMatchObject({ kind: "available", slots: [start] });
    await app.slotHolds.settled();
    expect(reservations()).toHaveLength(1);
    expect(await offered(2001, start)).toBe(false);
    expect(await app.store.slotHolds.find(salon.id, "call-book")).toMatchObject({
      eventTypeId: 2001,
      start,
    });

    const booked = await app.useCases.voice.bookAppointment(call(salon, "call-book"), {
      service: "Haarschnitt",
      start,
      customer_name: "Hanna Halter",
    });
    expect(booked).toMatchObject({ kind: "booked", start, repeated: false });
    await app.slotHolds.settled();
    expect(releases()).toHaveLength(1);
    expect(await app.store.slotHolds.find(salon.id, "call-book")).toBeNull();
    // Booked now, so still not offered; the hold is gone from Cal.com, though.
    expect(calcom.state.sim.bookings().some((b) => Date.parse(b.start) === Date.parse(start))).toBe(
      true,
    );
    // Ended after booking: nothing is held, nothing is sent.
    await ended(salon, "call-book");
    await app.slotHolds.settled();
    expect(releases()).toHaveLength(1);
    expect(await counted()).toEqual({
      holds: { held: 1 },
      releases: { "booked:released": 1 },
    });
  });

  it("keeps the held time free for the call holding it, and only for that call", async () => {
    const start = await user.firstSlot(2001, 14);
    await ask(salon, "call-own", "Haarschnitt", start);
    await app.slotHolds.settled();
    expect(await offered(2001, start)).toBe(false);
    // Past the slot cache's 30 s, so both checks read Cal.com again, which hides the time.
    advance(31_000);
    const before = sent.filter((s) => s.startsWith("GET /v2/slots")).length;
    expect(await ask(salon, "call-own", "Haarschnitt", start)).toMatchObject({
      kind: "available",
      slots: [start],
    });
    expect(sent.filter((s) => s.startsWith("GET /v2/slots")).length).toBe(before + 1);
    const other = await ask(salon, "call-other", "Haarschnitt", start);
    expect(other.kind).toBe("alternatives");
    await ended(salon, "call-own");
    await app.slotHolds.settled();
  });

  it("does not stop another API client from booking the held time", async () => {
    const start = await user.firstSlot(2001, 2);
    await ask(salon, "call-api", "Haarschnitt", start);
    await app.slotHolds.settled();
    expect(await offered(2001, start)).toBe(false);
    const booking = await user.book(2001, start, { name: "Web Eilig", email: "eilig@example.com" });
    expect(booking.uid).toBeTruthy();
    await ended(salon, "call-api");
    await app.slotHolds.settled();
    expect(reservations()).toHaveLength(1);
    expect(releases()).toHaveLength(1);
  });

  it("offers the time again once the call ends, and holds one time per call", async () => {
    const first = await user.firstSlot(2001, 4);
    const second = await user.firstSlot(2001, 8);
    await ask(salon, "call-end", "Haarschnitt", first);
    // Asked again for the same time: not held twice.
    await ask(salon, "call-end", "Haarschnitt", first);
    await app.slotHolds.settled();
    expect(reservations()).toHaveLength(1);
    const earlier = (await app.store.slotHolds.find(salon.id, "call-end"))!.reservationUid;
    await ask(salon, "call-end", "Haarschnitt", second);
    await app.slotHolds.settled();
    // The first time was let go before the second was held: one reservation left.
    expect(reservations()).toHaveLength(2);
    expect(releases()).toHaveLength(1);
    expect(await offered(2001, first)).toBe(true);
    expect(await offered(2001, second)).toBe(false);
    const later = (await app.store.slotHolds.find(salon.id, "call-end"))!.reservationUid;
    expect(await reservation(earlier)).toBeNull();
    expect(await reservation(later)).toMatchObject({ slotStart: second });

    await ended(salon, "call-end");
    await app.slotHolds.settled();
    expect(releases()).toHaveLength(2);
    expect(await offered(2001, second)).toBe(true);
    expect(await app.store.slotHolds.find(salon.id, "call-end")).toBeNull();
    expect(await counted()).toEqual({
      holds: { held: 1, replaced: 1 },
      releases: { "call_ended:released": 1 },
    });
  });

  it("never lets another company's call end a hold", async () => {
    const start = await user.firstSlot(2001, 10);
    await ask(salon, "call-shared-id", "Haarschnitt", start);
    await app.slotHolds.settled();
    // Bright's call with the very same Retell call id ends.
    await ended(bright, "call-shared-id");
    await app.slotHolds.settled();
    expect(releases()).toEqual([]);
    expect(await offered(2001, start)).toBe(false);
    expect(await app.store.slotHolds.find(salon.id, "call-shared-id")).not.toBeNull();
    expect(await app.store.slotHolds.find(bright.id, "call-shared-id")).toBeNull();
    await ended(salon, "call-shared-id");
    await app.slotHolds.settled();
    expect(releases()).toHaveLength(1);
    expect(await offered(2001, start)).toBe(true);
  });

  it("lets a hold lapse: offered again, the row purged, no release sent", async () => {
    const start = await user.firstSlot(2101, 0);
    await ask(bright, "call-lapse", "Check-up", start);
    await app.slotHolds.settled();
    expect(await offered(2101, start)).toBe(false);
    const held = await app.store.slotHolds.find(bright.id, "call-lapse");
    expect(Date.parse(held!.expiresAt) - clock.now().getTime()).toBe(10 * 60_000);

    advance(10 * 60_000);
    expect(await offered(2101, start)).toBe(true);
    expect(await app.slotHolds.purgeExpired(salon.id, clock.now())).toBe(0);
    expect(await app.slotHolds.purgeExpired(bright.id, clock.now())).toBe(1);
    await ended(bright, "call-lapse");
    await app.slotHolds.settled();
    expect(reservations()).toHaveLength(1);
    expect(releases()).toEqual([]);
    expect(await counted()).toEqual({ holds: { held: 1 }, releases: { "expired:released": 1 } });
  });
});
