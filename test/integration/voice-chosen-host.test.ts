import type { Hono } from "hono";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const apiKey = "key_retell_test_chosen_host";
const salonNumber = "+493012345670";
const brightNumber = "+442079460018";
/** The salon's Cal.com users and the staff members they are mapped to. */
const staffOf: Record<number, string> = {
  501: "Jörg Müller",
  502: "Anna Schmidt",
  503: "Sophie Weiss",
};

interface Reply {
  ok: boolean;
  message: string;
  data: {
    available?: boolean;
    slots?: { start: string; label: string }[];
    staff_name?: string;
    staff_guaranteed?: boolean;
    staff_options?: string[];
    missing?: string;
  };
}

/**
 * A caller asking for a stylist, over signed requests as Retell sends them: where the event type
 * takes chosen hosts, only that stylist's free times; an older Cal.com's refusal is remembered;
 * namesakes are asked about; the ring's prefetch covers the stylist; one tenant's staff never
 * answers for another.
 */
describe.each(testEngines())("check_availability with a stylist on %s", (engine) => {
  let database: TestDatabase;
  let salon: Company;
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ salon } = await seedDemoTenants(assembleForTest(database, calcom.fetch)));
  });
  afterAll(() => database.drop());

  /** A fresh instance (its own slot cache and prefetcher) over the seeded database. */
  function instance(calcomFetch: typeof fetch = calcom.fetch) {
    const app = assembleForTest(database, calcomFetch, undefined, { slotPrefetch: { tickMs: 0 } });
    const http: Hono = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: apiKey,
    });
    const retell = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const signature = await Retell.sign(body, apiKey);
      return http.request(path, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-retell-signature": signature },
      });
    };
    const callOf = (callId: string, toNumber: string) => ({
      call_id: callId,
      agent_id: "agent_1",
      to_number: toNumber,
      from_number: "+4915112345678",
    });
    const check = async (
      args: Record<string, string>,
      callId = "call_stylist",
      toNumber = salonNumber,
    ): Promise<Reply> => {
      const res = await retell("/webhooks/retell/functions", {
        name: "check_availability",
        call: callOf(callId, toNumber),
        args,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Reply;
    };
    const ring = (callId: string) =>
      retell("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: { ...callOf(callId, salonNumber), agent_version: "prod" },
      });
    return { app, check, ring };
  }

  /** Our slots requests since `from` (the tests' own carry no key), with the hosts they name. */
  const slotsRequests = (from: number) =>
    calcom.state.sim.requests
      .slice(from)
      .filter((r) => r.path === "/v2/slots" && r.apiKey !== null)
      .map((r) => ({ eventTypeId: r.query.eventTypeId, hosts: r.query.rrHostSubsetIds ?? null }));

  it("offers only the stylist's own free times, and says whose they are", async () => {
    const { app, check } = instance();
    const slot = await user.firstSlot(2001, 3);
    const booking = await user.book(2001, slot, {
      name: "Erika Muster",
      email: "erika@example.org",
    });
    const busy = booking.hosts[0]!.id;
    const free = [501, 502, 503].find((id) => id !== busy)!;

    const team = await check({ service: "Haarschnitt", date: slot });
    expect(team.data.available).toBe(true);

    const before = calcom.state.sim.requests.length;
    const taken = await check({ service: "Haarschnitt", date: slot, staff: staffOf[busy]! });
    expect(taken).toMatchObject({
      ok: true,
      data: { available: false, staff_name: staffOf[busy], staff_guaranteed: true },
    });
    expect(taken.data.slots!.map((s) => Date.parse(s.start))).not.toContain(Date.parse(slot));
    expect(taken.message).toContain(`Ich habe im Kalender von ${staffOf[busy]} nachgesehen.`);
    expect(slotsRequests(before)).toEqual([{ eventTypeId: "2001", hosts: String(busy) }]);

    const other = await check({ service: "Haarschnitt", date: slot, staff: staffOf[free]! });
    expect(other.data).toMatchObject({ available: true, staff_guaranteed: true });
    expect((await app.store.companies.findById(salon.id))?.calcom.chosenHosts).toBe("supported");
  });

  it("on an older Cal.com offers the team's times, not promised, and remembers it", async () => {
    const { app, check } = instance();
    await app.store.companies.update(salon.id, { calcomChosenHosts: null });
    calcom.state.sim.setRefuseRrHostSubsetIds(true);
    try {
      const slot = await user.firstSlot(2001, 5);
      const before = calcom.state.sim.requests.length;
      const first = await check({ service: "Haarschnitt", date: slot, staff: "Anna" });
      expect(first).toMatchObject({
        ok: true,
        data: { available: true, staff_name: "Anna Schmidt", staff_guaranteed: false },
      });
      expect(first.message).toMatch(
        /Dass Anna Schmidt den Termin übernimmt, kann ich leider nicht versprechen, Ihren Wunsch notiere ich aber\.$/,
      );
      // Refused once, then asked again without the hosts.
      expect(slotsRequests(before)).toEqual([
        { eventTypeId: "2001", hosts: "502" },
        { eventTypeId: "2001", hosts: null },
      ]);
      expect((await app.store.companies.findById(salon.id))?.calcom.chosenHosts).toBe(
        "unsupported",
      );
      // The second check, in another week so nothing is cached, sends no refused request.
      const later = await user.firstSlot(2001, 0, 15);
      const afterFirst = calcom.state.sim.requests.length;
      const again = await check({ service: "Haarschnitt", date: later, staff: "Anna" });
      expect(again.data).toMatchObject({ staff_guaranteed: false });
      expect(slotsRequests(afterFirst)).not.toHaveLength(0);
      expect(slotsRequests(afterFirst).every((r) => r.hosts === null)).toBe(true);
    } finally {
      calcom.state.sim.setRefuseRrHostSubsetIds(false);
      await app.store.companies.update(salon.id, { calcomChosenHosts: null });
    }
  });

  it("asks which of two namesakes who both do the service, and takes the one who does", async () => {
    const { app, check } = instance();
    const ctx = { company: salon, actor: { type: "cli" as const } };
    // A second Jörg, for Mehmet's host: both do Bartpflege, only Jörg Müller does Haarschnitt.
    const [joerg] = await app.store.staff.insert(salon.id, [
      { name: "Jörg Berger", email: "joerg.berger@salon-beispiel.de", phone: null, active: true },
    ]);
    await app.useCases.mappings.changeHostMapping(ctx, {
      verb: "set",
      calcomUserId: 504,
      staffId: joerg!.id,
    });
    const slot = await user.firstSlot(2003, 1);
    const beard = await check({ service: "Bartpflege", date: slot, staff: "Jörg" });
    expect(beard).toMatchObject({ ok: false, data: { available: false } });
    expect(beard.data.staff_options?.toSorted()).toEqual(["Jörg Berger", "Jörg Müller"]);
    expect(beard.message).toMatch(
      /^Bei uns gibt es mehrere mit diesem Namen\. Meinen Sie Jörg (Müller|Berger) oder Jörg (Berger|Müller)\?$/,
    );
    const cut = await check({ service: "Haarschnitt", date: slot, staff: "Joerg" });
    expect(cut.data).toMatchObject({ staff_name: "Jörg Müller", staff_guaranteed: true });
  });

  it("answers the first check with a stylist after call_inbound without asking Cal.com", async () => {
    const { app, check, ring } = instance();
    expect((await ring("call_ring")).status).toBe(200);
    await app.slotPrefetch.settled();
    const fetched = slotsRequests(0).filter((r) => r.hosts === "502");
    expect(fetched.length).toBeGreaterThan(0);
    const slot = await user.firstSlot(2002, 2);
    const before = calcom.state.sim.requests.length;
    const reply = await check({ service: "Färben", date: slot, staff: "Anna" }, "call_ring");
    expect(reply.data).toMatchObject({
      available: true,
      staff_name: "Anna Schmidt",
      staff_guaranteed: true,
    });
    expect(calcom.state.sim.requests.slice(before).filter((r) => r.apiKey !== null)).toEqual([]);
  });

  it("never matches another tenant's staff", async () => {
    const { check } = instance();
    const slot = await user.firstSlot(2101, 1);
    // Anna works at the salon, not at the dental practice.
    const atBright = await check(
      { service: "Check-up", date: slot, staff: "Anna" },
      "call_b",
      brightNumber,
    );
    expect(atBright).toMatchObject({ ok: false, data: { missing: "staff" } });
    expect(atBright.message).toBe("I don't know that name in our team. Who would you like to see?");
    const atSalon = await check({ service: "Haarschnitt", date: slot, staff: "Emily" });
    expect(atSalon).toMatchObject({ ok: false, data: { missing: "staff" } });
    const own = await check(
      { service: "Check-up", date: slot, staff: "Emily" },
      "call_b",
      brightNumber,
    );
    // The practice's event types take no chosen hosts: the team's times, the wish noted.
    expect(own.data).toMatchObject({ staff_name: "Emily Carter", staff_guaranteed: false });
    expect(own.message).toMatch(
      /I can't promise it will be Emily Carter, but I'll note your wish\.$/,
    );
  });
});
