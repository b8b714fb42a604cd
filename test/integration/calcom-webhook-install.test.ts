import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import { secretFingerprint } from "../../src/features/company/install-calcom-webhooks.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { calSignature, demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const frontdesk = "https://frontdesk.test";
const bookingTriggers = [
  "BOOKING_CREATED",
  "BOOKING_CANCELLED",
  "BOOKING_RESCHEDULED",
  "BOOKING_REQUESTED",
  "BOOKING_REJECTED",
];

describe.each(testEngines())("installing Cal.com webhooks on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let http: Hono;
  let salon: TenantContext;
  let bright: TenantContext;
  // No team-wide receiver: only the webhooks we install reach us.
  const calcom = simulatedCalcom(demoFixture(), {
    fetch: (input, init) => Promise.resolve(http.request(String(input), init)),
  });
  const sim = () => calcom.state.sim;
  const user = simulatorUser(sim);
  const hooksOf = async (eventTypeId: number, key = "cal_test_salon_beispiel") => {
    const res = await sim().app.request(`/v2/event-types/${eventTypeId}/webhooks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return ((await res.json()) as { data: { id: string; subscriberUrl: string }[] }).data;
  };
  const requestsSince = (n: number) => sim().requests.slice(n);
  const fresh = async (ctx: TenantContext): Promise<TenantContext> => ({
    ...ctx,
    company: (await app.store.companies.findById(ctx.company.id)) as Company,
  });
  const install = (ctx: TenantContext, input = {}) =>
    app.useCases.company.installCalcomWebhooks(ctx, input);
  const cleaning = async () =>
    (await app.store.services.list(bright.company.id)).find((s) => s.calcomEventTypeId === 2102)!;
  const beratung = async () =>
    (await app.store.services.list(salon.company.id)).find((s) => s.name === "Beratung")!;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, calcom.fetch, undefined, { publicUrl: `${frontdesk}/` });
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
    });
    // Seeded by an instance without a public URL, so linking the services installs nothing yet.
    const seeder = assembleForTest(database, calcom.fetch);
    const tenants = await seedDemoTenants(seeder);
    salon = { company: tenants.salon, actor: { type: "cli" } };
    bright = { company: tenants.bright, actor: { type: "cli" } };
    // Linked again later, to be installed at the next team sync.
    await seeder.useCases.service.updateService(salon, {
      serviceId: (await beratung()).id,
      active: false,
    });
    // Linked again by the console, which installs its webhook at once.
    await seeder.useCases.service.updateService(bright, {
      serviceId: (await cleaning()).id,
      active: false,
    });
  });
  afterAll(() => database.drop());

  it("installs one webhook per linked event type, through which a Cal.com booking reaches us", async () => {
    const before = sim().requests.length;
    const result = await install(salon);
    expect(result.subscriberUrl).toBe(`${frontdesk}/webhooks/calcom/salon`);
    expect(result.eventTypes.map((e) => [e.eventTypeId, e.outcome])).toEqual([
      [2001, "created"],
      [2002, "created"],
      [2003, "created"],
    ]);
    expect(result.counts).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
    expect(result.calcomRequests).toBe(6);
    expect(requestsSince(before).every((r) => r.apiKey === "cal_test_salon_beispiel")).toBe(true);
    expect(await hooksOf(2001)).toEqual([
      {
        id: result.eventTypes[0]!.webhookId,
        eventTypeId: 2001,
        subscriberUrl: `${frontdesk}/webhooks/calcom/salon`,
        active: true,
        triggers: bookingTriggers,
        payloadTemplate: null,
      },
    ]);
    const rows = await app.store.calcomWebhooks.list(salon.company.id);
    expect(rows.map((r) => [r.eventTypeId, r.secretFingerprint])).toEqual([
      [2001, secretFingerprint("salon-webhook-secret")],
      [2002, secretFingerprint("salon-webhook-secret")],
      [2003, secretFingerprint("salon-webhook-secret")],
    ]);

    const booking = await user.book(2001, await user.firstSlot(2001), {
      name: "Maria Muster",
      email: "maria@example.de",
    });
    await sim().flushWebhooks();
    const delivery = sim().webhookDeliveries.at(-1)!;
    expect(delivery).toMatchObject({ webhookId: rows[0]!.webhookId, status: 200 });
    const stored = await app.store.appointments.list(salon.company.id, { limit: 100 });
    expect(stored.find((a) => a.bookingUid === booking.uid)).toMatchObject({ source: "calcom" });
  });

  it("changes nothing on a second run: reads only, and none at all for onlyMissing", async () => {
    const before = sim().requests.length;
    const again = await install(salon);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(requestsSince(before).map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
    const missing = await install(salon, { onlyMissing: true });
    expect(missing.counts.unchanged).toBe(3);
    expect(missing.calcomRequests).toBe(0);
    expect(requestsSince(before)).toHaveLength(3);
  });

  it("never touches another company's event types or webhooks", async () => {
    const salonHooks = await hooksOf(2001);
    expect(await hooksOf(2101, "cal_test_bright_smiles")).toEqual([]);
    const before = sim().requests.length;
    const result = await install(bright);
    expect(result.eventTypes.map((e) => [e.eventTypeId, e.outcome])).toEqual([[2101, "created"]]);
    const paths = requestsSince(before).map((r) => r.path);
    expect(paths.every((p) => /^\/v2\/event-types\/21\d\d\/webhooks$/.test(p))).toBe(true);
    expect(requestsSince(before).every((r) => r.apiKey === "cal_test_bright_smiles")).toBe(true);
    expect(await hooksOf(2001)).toEqual(salonHooks);
    expect((await hooksOf(2101, "cal_test_bright_smiles"))[0]!.subscriberUrl).toBe(
      `${frontdesk}/webhooks/calcom/bright`,
    );
    expect(
      (await app.store.calcomWebhooks.list(salon.company.id)).map((r) => r.eventTypeId),
    ).toEqual([2001, 2002, 2003]);
  });

  it("gives a service linked where no webhook could be installed its webhook at the next team sync", async () => {
    await assembleForTest(database, calcom.fetch).useCases.service.updateService(salon, {
      serviceId: (await beratung()).id,
      active: true,
    });
    expect(await hooksOf(2004)).toEqual([]);
    const sync = await app.useCases.sync.syncTeam(salon, { trigger: "cli" });
    expect(sync.status).toBe("succeeded");
    expect((await hooksOf(2004)).map((h) => h.subscriberUrl)).toEqual([
      `${frontdesk}/webhooks/calcom/salon`,
    ]);
    expect(
      (await app.store.calcomWebhooks.list(salon.company.id)).map((r) => r.eventTypeId),
    ).toEqual([2001, 2002, 2003, 2004]);
  });

  it("installs a rotated secret again, so deliveries are signed with the new one", async () => {
    const hooks = await hooksOf(2001);
    const before = sim().requests.length;
    const rotated = await app.useCases.company.rotateWebhookSecret(salon, {
      secret: "salon-rotated-secret-0123456789",
    });
    salon = await fresh(salon);
    expect(rotated.calcom.webhookSecret?.reveal()).toBe("salon-rotated-secret-0123456789");
    expect(requestsSince(before).filter((r) => r.method === "PATCH")).toHaveLength(4);
    // The same webhooks, patched in place.
    expect(await hooksOf(2001)).toEqual(hooks);
    const rows = await app.store.calcomWebhooks.list(salon.company.id);
    expect(new Set(rows.map((r) => r.secretFingerprint))).toEqual(
      new Set([secretFingerprint("salon-rotated-secret-0123456789")]),
    );

    await user.book(2002, await user.firstSlot(2002), { name: "Rita", email: "rita@example.de" });
    await sim().flushWebhooks();
    const delivery = sim().webhookDeliveries.at(-1)!;
    expect(delivery.signature).toBe(calSignature(delivery.body, "salon-rotated-secret-0123456789"));
    expect(delivery.status).toBe(200);
    expect((await install(salon, { onlyMissing: true })).calcomRequests).toBe(0);
  });

  it("reports a Cal.com failure per event type and stores nothing for it", async () => {
    // The webhook on 2003 is gone in Cal.com, and creating it again fails.
    const [gone] = await hooksOf(2003);
    await sim().app.request(`/v2/event-types/2003/webhooks/${gone!.id}`, {
      method: "DELETE",
      headers: { authorization: "Bearer cal_test_salon_beispiel" },
    });
    const rowBefore = (await app.store.calcomWebhooks.list(salon.company.id)).find(
      (r) => r.eventTypeId === 2003,
    );
    sim().faults.inject({
      kind: "500",
      method: "POST",
      path: "/v2/event-types/2003/webhooks",
      times: 10,
    });
    const result = await install(salon);
    sim().faults.clear();
    const failed = result.eventTypes.find((e) => e.eventTypeId === 2003)!;
    expect(failed.outcome).toBe("failed");
    expect(failed.reason).toMatch(/500|Internal server error/i);
    expect(failed.reason).not.toContain("cal_test_salon_beispiel");
    expect(result.counts).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 1 });
    expect(await hooksOf(2003)).toEqual([]);
    const rowAfter = (await app.store.calcomWebhooks.list(salon.company.id)).find(
      (r) => r.eventTypeId === 2003,
    );
    expect(rowAfter).toEqual(rowBefore);
    // Once Cal.com answers again it is created.
    expect((await install(salon)).counts.created).toBe(1);
  });

  it("installs the webhook as soon as a service is linked to an event type", async () => {
    expect(await hooksOf(2102, "cal_test_bright_smiles")).toEqual([]);
    await app.useCases.service.updateService(bright, {
      serviceId: (await cleaning()).id,
      active: true,
    });
    expect((await hooksOf(2102, "cal_test_bright_smiles")).map((h) => h.subscriberUrl)).toEqual([
      `${frontdesk}/webhooks/calcom/bright`,
    ]);
  });

  it("says what to set when there is no public URL or no webhook secret", async () => {
    const bare = assembleForTest(database, calcom.fetch);
    await expect(bare.useCases.company.installCalcomWebhooks(salon)).rejects.toThrow(
      /set PUBLIC_URL/,
    );
    const noSecret = {
      ...salon,
      company: { ...salon.company, calcom: { ...salon.company.calcom, webhookSecret: null } },
    };
    await expect(install(noSecret)).rejects.toThrow(/webhook secret/);
  });
});
