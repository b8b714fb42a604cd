import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * The voice path reads routing and services through a cache of a few seconds (call directory):
 * a warm availability check touches neither the database nor Cal.com, a change made through a
 * use-case shows at once, and one made by another instance within the cache's lifetime.
 */
describe.each(testEngines())("voice call directory on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let other: ReturnType<typeof assembleForTest>;
  const queries: string[] = [];
  // The simulator lives in real time; this clock starts there and only moves when told.
  const startedAt = Date.now();
  const clock = fixedClock(new Date(startedAt).toISOString());
  const at = (ms: number) => new Date(startedAt + ms).toISOString();
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);
  let salon: Company;
  let bright: Company;
  const salonNumber = "+493012345670";

  beforeAll(async () => {
    database = await createTestDatabase(engine, { onQuery: (sql) => queries.push(sql) });
    app = assembleForTest(database, calcom.fetch, clock);
    other = assembleForTest(database, calcom.fetch, clock);
    ({ salon, bright } = await seedDemoTenants(app));
  });
  afterAll(() => database.drop());

  /** What the functions route does for one call: route it, then check availability. */
  async function check(toNumber: string, date: string, service = "Haarschnitt") {
    const company = await app.useCases.calls.routeCall({ toNumber, agentId: null });
    if (!company) return null;
    return app.useCases.voice.checkAvailability(
      {
        company,
        actor: { type: "voice", callId: "call-dir" },
        call: { callId: "call-dir", fromNumber: null, toNumber, agentId: null },
      },
      { service, date },
    );
  }

  it("answers a repeated availability check without one SQL query or Cal.com request", async () => {
    const slot = await user.firstSlot(2001);
    expect(await check(salonNumber, slot)).toMatchObject({ kind: "available" });
    const sql = queries.length;
    const requests = calcom.state.sim.requests.length;
    const again = await check(salonNumber, slot);
    expect(again).toMatchObject({ kind: "available", service: "Haarschnitt" });
    expect(queries.length - sql).toBe(0);
    expect(calcom.state.sim.requests.length - requests).toBe(0);
  });

  it("sees a change made through a use-case at once", async () => {
    const newNumber = "+493055555555";
    expect(await app.useCases.calls.routeCall({ toNumber: newNumber, agentId: null })).toBeNull();
    await app.useCases.company.addPhoneNumber(
      { company: bright, actor: { type: "cli" } },
      { number: newNumber },
    );
    expect((await app.useCases.calls.routeCall({ toNumber: newNumber, agentId: null }))?.slug).toBe(
      "bright",
    );

    const slot = await user.firstSlot(2001);
    const haarschnitt = (await app.store.services.findByName(salon.id, "Haarschnitt"))!;
    await app.useCases.service.updateService(
      { company: salon, actor: { type: "cli" } },
      { serviceId: haarschnitt.id, active: false },
    );
    expect(await check(salonNumber, slot)).toMatchObject({ kind: "unknown_service" });
    await app.useCases.service.updateService(
      { company: salon, actor: { type: "cli" } },
      { serviceId: haarschnitt.id, active: true },
    );
    expect(await check(salonNumber, slot)).toMatchObject({ kind: "available" });

    await app.useCases.company.updateCompanySettings(
      { company: salon, actor: { type: "cli" } },
      { locale: "en" },
    );
    expect(
      (await app.useCases.calls.routeCall({ toNumber: salonNumber, agentId: null }))?.locale,
    ).toBe("en");
    await app.useCases.company.updateCompanySettings(
      { company: salon, actor: { type: "cli" } },
      { locale: "de" },
    );
  });

  it("finds a webhook's company by slug without a query when warm; a new secret shows at once", async () => {
    expect((await app.useCases.company.getCompany.bySlug("salon")).id).toBe(salon.id);
    const sql = queries.length;
    expect((await app.useCases.company.getCompany.bySlug("salon")).id).toBe(salon.id);
    expect(queries.length - sql).toBe(0);

    const before = (
      await app.useCases.company.getCompany.bySlug("salon")
    ).calcom.webhookSecret?.reveal();
    await app.useCases.company.updateCompanySettings(
      { company: salon, actor: { type: "cli" } },
      { calcomWebhookSecret: "rotated-secret-0123456789" },
    );
    const after = await app.useCases.company.getCompany.bySlug("salon");
    expect(after.calcom.webhookSecret?.reveal()).toBe("rotated-secret-0123456789");
    expect(after.calcom.webhookSecret?.reveal()).not.toBe(before);
    // A slug nobody had is not remembered as unknown: a company created now is found now.
    await expect(app.useCases.company.getCompany.bySlug("later")).rejects.toThrow(/no company/);
    await other.useCases.company.createCompany(
      { type: "cli" },
      { name: "Later GmbH", slug: "later", timezone: "Europe/Berlin" },
    );
    expect((await app.useCases.company.getCompany.bySlug("later")).slug).toBe("later");
  });

  it("sees another instance's change within five seconds, never another company's", async () => {
    const number = "+493066666666";
    expect(await app.useCases.calls.routeCall({ toNumber: number, agentId: null })).toBeNull();
    await other.useCases.company.addPhoneNumber(
      { company: salon, actor: { type: "cli" } },
      { number },
    );
    // Within the lifetime this instance still answers what it knew…
    clock.set(at(4_900));
    expect(await app.useCases.calls.routeCall({ toNumber: number, agentId: null })).toBeNull();
    // …and after it, what the database says.
    clock.set(at(5_100));
    expect((await app.useCases.calls.routeCall({ toNumber: number, agentId: null }))?.slug).toBe(
      "salon",
    );
    expect(
      (await app.useCases.calls.routeCall({ toNumber: "+442079460018", agentId: null }))?.slug,
    ).toBe("bright");
  });
});
