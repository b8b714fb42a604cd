import type { Hono } from "hono";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceBookableByPhone } from "../../src/domain/bookability.ts";
import type { Company } from "../../src/domain/entities.ts";
import { slotWindow } from "../../src/features/voice/slots.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics, type Metrics } from "../../src/platform/metrics.ts";
import { createSlotCache } from "../../src/platform/slot-cache.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const apiKey = "key_retell_test_prefetch";
const salonNumber = "+493012345670";
const brightNumber = "+442079460018";

/**
 * Free slots fetched while the phone rings (call_inbound), over signed requests as Retell sends
 * them: the caller's first availability check is answered from memory, one Cal.com request per
 * event type and window however many calls and checks ask at once, refreshes end with the call,
 * and one tenant's prefetch never fills another's cache.
 */
describe.each(testEngines())("slot prefetch on call_inbound on %s", (engine) => {
  let database: TestDatabase;
  let salon: Company;
  let bright: Company;
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);
  // The simulator lives in real time; this clock starts there and moves only when told.
  const startedAt = Date.now();
  const clock = fixedClock(new Date(startedAt).toISOString());
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ salon, bright } = await seedDemoTenants(assembleForTest(database, calcom.fetch)));
  });
  afterAll(() => database.drop());

  /** Slots requests may be held back until `open()`; everything else passes. */
  function gatedCalcom() {
    let open = () => {};
    let gate: Promise<void> = Promise.resolve();
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/v2/slots")) await gate;
      return calcom.fetch(input, init);
    };
    return {
      fetch,
      close: () => {
        gate = new Promise<void>((go) => {
          open = go;
        });
      },
      open: () => open(),
    };
  }

  /** A fresh instance (its own slot cache and prefetcher) over the seeded database. */
  function instance(options: { manualTicks?: boolean; metrics?: Metrics } = {}) {
    const gated = gatedCalcom();
    const slotCache = createSlotCache({ now: () => clock.now().getTime() });
    const metrics = options.metrics;
    const app = assembleForTest(database, gated.fetch, clock, {
      slotCache,
      slotPrefetch: options.manualTicks ? { tickMs: 0 } : {},
      ...(metrics
        ? {
            voiceMetrics: {
              slotReads: metrics.slotReads,
              prefetches: metrics.slotPrefetches,
              calls: metrics.slotPrefetchCalls,
            },
          }
        : {}),
    });
    const http: Hono = createHttpApp({
      health: app.health,
      metrics: metrics ?? createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: apiKey,
      clock,
    });
    /** A request exactly as Retell sends it, signed by retell-sdk itself. */
    const retell = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const signature = await Retell.sign(body, apiKey);
      return http.request(path, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-retell-signature": signature },
      });
    };
    const ring = (callId: string, toNumber = salonNumber, from = "+4915112345678") =>
      retell("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: {
          call_id: callId,
          agent_id: "agent_1",
          agent_version: "prod",
          from_number: from,
          to_number: toNumber,
        },
      });
    const check = async (callId: string, args: Record<string, string>, toNumber = salonNumber) => {
      const res = await retell("/webhooks/retell/functions", {
        name: "check_availability",
        call: {
          call_id: callId,
          agent_id: "agent_1",
          to_number: toNumber,
          from_number: "+4915112345678",
        },
        args,
      });
      expect(res.status).toBe(200);
      return {
        reply: (await res.json()) as { ok: boolean; data: { available: boolean } },
        timing: res.headers.get("server-timing") ?? "",
      };
    };
    const end = (callId: string, event = "call_ended") =>
      retell("/webhooks/retell/events", {
        event,
        call: {
          call_id: callId,
          agent_id: "agent_1",
          to_number: salonNumber,
          from_number: "+4915112345678",
          call_status: "ended",
        },
      });
    return { app, slotCache, gated, retell, ring, check, end };
  }

  /**
   * Our slots requests since `from`, as "eventTypeId start end", and " hosts 502" for a stylist's
   * own (the tests' own requests carry no key).
   */
  const slotsRequests = (from: number) =>
    calcom.state.sim.requests
      .slice(from)
      .filter((r) => r.path === "/v2/slots" && r.apiKey !== null)
      .map(
        (r) =>
          `${r.query.eventTypeId} ${r.query.start} ${r.query.end}` +
          (r.query.rrHostSubsetIds ? ` hosts ${r.query.rrHostSubsetIds}` : ""),
      );
  const teamRequests = (from: number) => slotsRequests(from).filter((r) => !r.includes("hosts"));
  /**
   * The salon's stylists' own windows a ring fetches: its round-robin event types take chosen
   * hosts, each with the hosts mapped to staff (Mehmet, 504, is not).
   */
  const salonHostWindows = [
    "2001 hosts 501",
    "2001 hosts 502",
    "2001 hosts 503",
    "2002 hosts 502",
    "2002 hosts 503",
    "2002 hosts 505",
    "2003 hosts 501",
  ];
  const hostWindows = (from: number) =>
    slotsRequests(from)
      .filter((r) => r.includes("hosts"))
      .map((r) => r.replace(/ \S+ \S+ hosts/, " hosts"))
      .sort();

  const bookableEventTypes = async (company: Company) =>
    (await assembleForTest(database, calcom.fetch).store.services.list(company.id))
      .filter(serviceBookableByPhone)
      .map((s) => s.calcomEventTypeId)
      .sort();

  it("answers call_inbound at once and the first check_availability from memory", async () => {
    const { app, gated, ring, check } = instance();
    const before = calcom.state.sim.requests.length;
    gated.close();
    // The reply comes while every slots request is still held back: it does not wait for them.
    const res = await ring("call_first");
    expect(res.status).toBe(200);
    expect(slotsRequests(before)).toEqual([]);
    gated.open();
    await app.slotPrefetch.settled();
    const window = slotWindow(salon, clock.now(), 0);
    expect(teamRequests(before).sort()).toEqual(
      (await bookableEventTypes(salon)).map((id) => `${id} ${window.startUtc} ${window.endUtc}`),
    );
    // Then each stylist's own free times, for a check that names one.
    expect(hostWindows(before)).toEqual(salonHostWindows);

    const afterRing = calcom.state.sim.requests.length;
    const slot = await user.firstSlot(2001);
    const first = await check("call_first", { service: "Haarschnitt", date: slot });
    expect(first.reply).toMatchObject({ ok: true, data: { available: true } });
    // firstSlot itself asked the simulator (without a key); our check asked nothing.
    expect(calcom.state.sim.requests.slice(afterRing).filter((r) => r.apiKey !== null)).toEqual([]);
    expect(first.timing).toMatch(/^calcom;dur=0\.00;desc="Cal.com requests: 0"/);
    // A different day of the same window is served by the same entry.
    const later = await user.firstSlot(2002, 0, 4);
    await check("call_first", { service: "Färben", date: later });
    expect(slotsRequests(afterRing)).toEqual([]);
  });

  it("sends one slots request per event type and window for parallel calls and checks", async () => {
    const { app, gated, ring, check } = instance();
    const slot = await user.firstSlot(2001);
    const before = calcom.state.sim.requests.length;
    gated.close();
    const rings = Promise.all(["p1", "p2", "p3", "p4"].map((id) => ring(`call_${id}`)));
    const checks = Promise.all(
      ["p1", "p2", "p3", "p4"].map((id) =>
        check(`call_${id}`, { service: "Haarschnitt", date: slot }),
      ),
    );
    await rings;
    // Let every prefetch and check reach the held-back request before it is answered.
    await new Promise((r) => setTimeout(r, 50));
    gated.open();
    const answers = await checks;
    await app.slotPrefetch.settled();
    for (const a of answers) expect(a.reply).toMatchObject({ ok: true, data: { available: true } });
    const sent = slotsRequests(before);
    expect(sent.length).toBe(new Set(sent).size);
    expect(teamRequests(before)).toHaveLength((await bookableEventTypes(salon)).length);
    expect(hostWindows(before)).toEqual(salonHostWindows);
  });

  it("keeps the windows fresh while the call lasts and stops when it ends", async () => {
    const { app, ring, end, check } = instance({ manualTicks: true });
    const prefetch = app.slotPrefetch;
    const types = (await bookableEventTypes(salon)).length;
    await ring("call_fresh");
    await prefetch.settled();
    const slot = await user.firstSlot(2001, 0, 8);
    // A check in the next window: that window is kept fresh too.
    await check("call_fresh", { service: "Haarschnitt", date: slot });

    advance(5_000);
    let before = calcom.state.sim.requests.length;
    await prefetch.tick();
    expect(slotsRequests(before)).toEqual([]); // nothing is old yet
    advance(16_000); // 21 s: refreshed before the 30 s cache would drop them
    before = calcom.state.sim.requests.length;
    await prefetch.tick();
    expect(slotsRequests(before)).toHaveLength(types + salonHostWindows.length + 1);

    expect((await end("call_fresh")).status).toBe(204);
    expect(prefetch.calls).toBe(0);
    advance(21_000);
    before = calcom.state.sim.requests.length;
    await prefetch.tick();
    expect(slotsRequests(before)).toEqual([]);
  });

  it("lets go of a call nobody ended after 30 minutes; call_analyzed ends one too", async () => {
    const { app, ring, end } = instance({ manualTicks: true });
    const prefetch = app.slotPrefetch;
    await ring("call_forgotten");
    await ring("call_analyzed_only", salonNumber, "+4915199999999");
    await prefetch.settled();
    expect(prefetch.calls).toBe(2);
    const res = await app.useCases.calls.recordCallEvent(
      { company: salon, actor: { type: "voice" } },
      "call_analyzed",
      {
        retellCallId: "call_analyzed_only",
        agentId: "agent_1",
        fromNumber: "+4915199999999",
        toNumber: salonNumber,
        direction: "inbound",
        status: "ended",
        startedAt: null,
        endedAt: null,
        durationMs: null,
        summary: null,
        outcome: null,
      },
      "{}",
    );
    expect(res).toBe("recorded");
    expect(prefetch.calls).toBe(1);
    expect((await end("call_unknown")).status).toBe(204);
    expect(prefetch.calls).toBe(1);
    clock.set(new Date(clock.now().getTime() + 30 * 60_000 + 1_000).toISOString());
    const before = calcom.state.sim.requests.length;
    await prefetch.tick();
    expect(prefetch.calls).toBe(0);
    expect(slotsRequests(before)).toEqual([]);
    clock.set(new Date(Date.now()).toISOString());
  });

  it("never fills another tenant's cache", async () => {
    const { app, slotCache, ring, check } = instance();
    const before = calcom.state.sim.requests.length;
    await ring("call_salon");
    await app.slotPrefetch.settled();
    const salonKey = salon.calcom.apiKey!.reveal();
    const brightKey = bright.calcom.apiKey!.reveal();
    const prefetched = calcom.state.sim.requests.slice(before);
    expect(prefetched.length).toBeGreaterThan(0);
    expect(prefetched.every((r) => r.apiKey === salonKey)).toBe(true);
    // Every window the salon's prefetch filled is held under the salon only.
    const window = slotWindow(bright, clock.now(), 0);
    for (const id of [...(await bookableEventTypes(salon)), ...(await bookableEventTypes(bright))])
      expect(slotCache.get(bright.id, id, window.range)).toBeUndefined();

    // The other tenant's first check asks Cal.com with its own key.
    const brightSlot = await user.firstSlot(2101);
    const afterSalon = calcom.state.sim.requests.length;
    const reply = await check(
      "call_bright",
      { service: "Check-up", date: brightSlot },
      brightNumber,
    );
    expect(reply.reply).toMatchObject({ ok: true, data: { available: true } });
    const asked = calcom.state.sim.requests.slice(afterSalon).filter((r) => r.apiKey !== null);
    expect(asked.map((r) => [r.path, r.apiKey])).toEqual([["/v2/slots", brightKey]]);
  });

  it("counts prefetches and where each read was answered from", async () => {
    const metrics = createMetrics();
    const { app, ring, check } = instance({ metrics });
    await ring("call_metrics");
    await app.slotPrefetch.settled();
    await check("call_metrics", { service: "Haarschnitt", date: await user.firstSlot(2001) });
    const text = await metrics.registry.metrics();
    const windows = (await bookableEventTypes(salon)).length + salonHostWindows.length;
    expect(text).toContain(`frontdesk_slot_prefetches_total{outcome="fetched"} ${windows}`);
    expect(text).toContain('frontdesk_slot_reads_total{source="cache"} 1');
    expect(text).toContain("frontdesk_slot_prefetch_calls 1");
  });
});
