import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createInstanceChannel, type InstanceChannel } from "../../src/db/notify-channel.ts";
import type { Company } from "../../src/domain/entities.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";

/** Long enough that nothing in this file can be explained by an entry expiring. */
const hour = 3_600_000;
const cli = { type: "cli" as const };

/*
 * Two instances over one PostgreSQL database, each with its own listener (as two `serve`
 * processes have), and a third without one: it shows what the cache alone would serve, so each
 * fresh read on B is the channel's doing, not the TTL's.
 */
describe.runIf(testEngines().includes("postgres"))("cache invalidation between instances", () => {
  const calcom = simulatedCalcom(demoFixture());
  const silent = createLogger({ level: "silent" });
  let database: TestDatabase;
  let channelA: InstanceChannel;
  let channelB: InstanceChannel;
  let a: ReturnType<typeof assembleForTest>;
  let b: ReturnType<typeof assembleForTest>;
  let deaf: ReturnType<typeof assembleForTest>;
  let salon: Company;
  let bright: Company;
  let salonNumber: string;

  const channel = (origin: string) =>
    createInstanceChannel({
      connectionString: database.url,
      db: database.db,
      origin,
      logger: silent,
      // A window wide enough to act in while B is disconnected.
      backoff: { min: 300, max: 300 },
    });
  const routedTo = async (app: typeof a, number: string) =>
    (await app.useCases.calls.routeCall({ toNumber: number, agentId: null }))?.slug ?? null;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    channelA = channel("instance-a");
    channelB = channel("instance-b");
    await Promise.all([channelA.start(), channelB.start()]);
    const overrides = (instances?: InstanceChannel) => ({ instances, callDirectoryTtlMs: hour });
    a = assembleForTest(database, calcom.fetch, undefined, overrides(channelA));
    b = assembleForTest(database, calcom.fetch, undefined, overrides(channelB));
    deaf = assembleForTest(database, calcom.fetch, undefined, overrides());
    ({ salon, bright } = await seedDemoTenants(a));
    salonNumber = (await a.store.phoneNumbers.list(salon.id))[0]!.number;
  });
  afterAll(async () => {
    await Promise.all([channelA?.close(), channelB?.close()]);
    await database?.drop();
  });

  it("a phone number moved to another company on A routes there on B at once", async () => {
    expect(await routedTo(b, salonNumber)).toBe("salon");
    expect(await routedTo(deaf, salonNumber)).toBe("salon");

    await a.useCases.company.removePhoneNumber(
      { company: salon, actor: cli },
      { number: salonNumber },
    );
    await a.useCases.company.addPhoneNumber(
      { company: bright, actor: cli },
      { number: salonNumber },
    );

    await vi.waitFor(async () => expect(await routedTo(b, salonNumber)).toBe("bright"), {
      timeout: 2_000,
      interval: 20,
    });
    // Without the channel the hour-long entry still answers with the old company.
    expect(await routedTo(deaf, salonNumber)).toBe("salon");
  });

  it("a webhook secret rotated on A is the one B checks deliveries with", async () => {
    const secretOn = async (app: typeof a) =>
      (await app.useCases.company.getCompany.bySlug("salon")).calcom.webhookSecret?.reveal();
    const before = await secretOn(b);
    expect(await secretOn(deaf)).toBe(before);

    await a.useCases.company.rotateWebhookSecret({ company: salon, actor: cli }, {});
    const rotated = (await a.store.companies.findById(salon.id))!.calcom.webhookSecret?.reveal();
    expect(rotated).not.toBe(before);

    await vi.waitFor(async () => expect(await secretOn(b)).toBe(rotated), {
      timeout: 2_000,
      interval: 20,
    });
    expect(await secretOn(deaf)).toBe(before);
  });

  it("a service renamed on A is offered under its new name by B", async () => {
    const names = async (app: typeof a) =>
      (await app.useCases.voice.listVoiceServices({ company: bright, actor: cli })).services.map(
        (s) => s.name,
      );
    const service = (await a.store.services.list(bright.id)).find((s) => s.active)!;
    expect(await names(b)).toContain(service.name);
    expect(await names(deaf)).toContain(service.name);

    await a.useCases.service.updateService(
      { company: bright, actor: cli },
      { serviceId: service.id, name: "Renamed on A" },
    );

    await vi.waitFor(async () => expect(await names(b)).toContain("Renamed on A"), {
      timeout: 2_000,
      interval: 20,
    });
    expect(await names(deaf)).not.toContain("Renamed on A");
  });

  it("a change published on A reaches B's live page subscribers for that company only", async () => {
    const heard: string[] = [];
    const otherTenant: string[] = [];
    const stop = b.changes.subscribe(salon.id, (topic) => heard.push(topic));
    const stopOther = b.changes.subscribe(bright.id, (topic) => otherTenant.push(topic));
    try {
      a.changes.publish(salon.id, "appointments");
      await vi.waitFor(() => expect(heard).toEqual(["appointments"]), { timeout: 2_000 });
      expect(otherTenant).toEqual([]);
    } finally {
      stop();
      stopOther();
    }
  });

  it("B's listener terminated by the server: nothing stale while it is away or after it is back", async () => {
    const number = salonNumber;
    // Warm on B: routed to bright since the first test.
    expect(await routedTo(b, number)).toBe("bright");
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1",
        ["frontdesk listener instance-b"],
      );
      expect(killed.rows).toEqual([{ ok: true }]);
    } finally {
      await admin.end();
    }
    await vi.waitFor(() => expect(channelB.listening()).toBe(false), { timeout: 2_000 });

    // Moved back while B hears nothing: B reads the database instead of its cache.
    await a.useCases.company.removePhoneNumber({ company: bright, actor: cli }, { number });
    await a.useCases.company.addPhoneNumber({ company: salon, actor: cli }, { number });
    expect(channelB.listening()).toBe(false);
    expect(await routedTo(b, number)).toBe("salon");

    // Back (reconnected with backoff): cached again, and told of the next change.
    await vi.waitFor(() => expect(channelB.listening()).toBe(true), { timeout: 5_000 });
    expect(await routedTo(b, number)).toBe("salon");
    await a.useCases.company.removePhoneNumber({ company: salon, actor: cli }, { number });
    await a.useCases.company.addPhoneNumber({ company: bright, actor: cli }, { number });
    await vi.waitFor(async () => expect(await routedTo(b, number)).toBe("bright"), {
      timeout: 2_000,
      interval: 20,
    });
  });
});
