import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { Appointment, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import type { ReconcileRun } from "../../src/features/appointments/reconcile-bookings.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { demoFixture, type SimulatorFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const frontdesk = "http://frontdesk.test";
const minute = 60_000;

/**
 * The demo teams plus what reconciliation must handle: an event type with a fixed host (the
 * organizer of every booking; the pool host is among the attendees), one whose bookings wait
 * for confirmation, and an agency key that sees both teams.
 */
function fixture(): SimulatorFixture {
  const f = demoFixture();
  f.apiKeys.push({ key: "cal_test_agency", teamIds: [1001, 1002] });
  f.teams[0]!.eventTypes.push(
    {
      id: 2005,
      title: "Hochsteckfrisur",
      slug: "hochsteckfrisur",
      lengthInMinutes: 60,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501, mandatory: true }, { userId: 502 }, { userId: 503 }],
    },
    {
      id: 2007,
      title: "Typberatung",
      slug: "typberatung",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      requiresConfirmation: true,
      hosts: [{ userId: 501 }, { userId: 502 }],
    },
  );
  return f;
}

describe.each(testEngines())("reconciling Cal.com bookings on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let http: Hono;
  let salon: TenantContext;
  let bright: TenantContext;
  /** Cal.com's clock: each step of a test happens at one instant, steps minutes apart. */
  let calcomNow = Date.now();
  const calcom = simulatedCalcom(fixture(), {
    now: () => new Date(calcomNow),
    webhooks: [
      { teamId: 1001, url: `${frontdesk}/webhooks/calcom/salon`, secret: "salon-webhook-secret" },
      { teamId: 1002, url: `${frontdesk}/webhooks/calcom/bright`, secret: "bright-webhook-secret" },
    ],
    fetch: (input, init) => Promise.resolve(http.request(String(input), init)),
  });
  const sim = () => calcom.state.sim;
  const user = simulatorUser(sim);
  const step = () => {
    calcomNow += 10 * minute;
  };

  const connect = async (slug: string, team: number, key: string, demo = true) => {
    const company = await app.store.companies.create(
      companyInput(slug, {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: team,
        calcomApiKey: new Secret(key),
        calcomWebhookSecret: new Secret(`${slug}-webhook-secret`),
      }),
    );
    const ctx: TenantContext = { company, actor: { type: "cli" } };
    if (demo) {
      const data = team === 1001 ? demoCompanies[0]! : demoCompanies[1]!;
      await app.useCases.staff.importStaff(ctx, { text: data.staffCsv, format: "csv" });
      await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
      for (const s of data.services) await app.useCases.service.createService(ctx, s);
    }
    return ctx;
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, calcom.fetch);
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
    });
    salon = await connect("salon", 1001, "cal_test_salon_beispiel");
    // An agency key that sees the salon's team too: the run still asks for its own team only.
    bright = await connect("bright", 1002, "cal_test_agency");
    await app.useCases.mappings.changeHostMapping(salon, { verb: "accept", calcomUserId: 503 });
  });
  afterAll(() => database.drop());

  /** Runs one reconciliation and checks what it cost against what Cal.com received. */
  const reconcile = async (ctx: TenantContext, since?: string) => {
    const key = ctx.company.calcom.apiKey!.reveal();
    const before = sim().requests.length;
    const run = await app.useCases.appointments.reconcileBookings(ctx, {
      trigger: "cli",
      ...(since ? { since } : {}),
    });
    const made = sim()
      .requests.slice(before)
      .filter((r) => r.apiKey === key);
    expect(made).toHaveLength(run.calcomRequests);
    const listings = made.filter((r) => r.method === "GET" && r.path === "/v2/bookings");
    for (const r of listings) {
      expect(r.apiVersion).toBe("2024-08-13");
      expect(r.query).toMatchObject({
        teamId: String(ctx.company.calcom.teamId),
        sortUpdatedAt: "asc",
        take: "250",
      });
    }
    return { run, listings };
  };
  const counts = (run: ReconcileRun) => ({
    status: run.status,
    checked: run.checked,
    created: run.created,
    updated: run.updated,
    cancelled: run.cancelled,
    unchanged: run.unchanged,
    calcomRequests: run.calcomRequests,
    error: run.error,
  });
  const expected = (c: Partial<ReturnType<typeof counts>>) => ({
    status: "succeeded",
    checked: 0,
    created: 0,
    updated: 0,
    cancelled: 0,
    unchanged: 0,
    calcomRequests: 1,
    error: null,
    ...c,
  });
  const appointment = async (ctx: TenantContext, uid: string): Promise<Appointment | undefined> =>
    (await app.store.appointments.findByUid(ctx.company.id, uid)) ?? undefined;
  const staffName = async (ctx: TenantContext, id: string | null) =>
    id ? (await app.store.staff.findById(ctx.company.id, id))?.name : null;
  const isoAt = (ms: number) => new Date(ms).toISOString();

  /** The bookings the previous step changed: a run re-checks the last two minutes before its cursor. */
  let previous = 0;

  it("a quiet company costs one request, and a second run changes nothing", async () => {
    const first = await reconcile(salon);
    expect(counts(first.run)).toEqual(expected({}));
    // No cursor yet: every booking of the team, from the start.
    expect(first.listings[0]!.query).toEqual({
      teamId: "1001",
      sortUpdatedAt: "asc",
      take: "250",
      skip: "0",
    });
    const second = await reconcile(salon);
    expect(counts(second.run)).toEqual(expected({}));
    const runs = (await app.store.syncRuns.list(salon.company.id, 10)).filter(
      (r) => r.kind === "reconcile",
    );
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({
      trigger: "cli",
      status: "succeeded",
      calcomRequests: 1,
      counts: { checked: 0, created: 0, updated: 0, cancelled: 0, unchanged: 0 },
    });
  });

  it("a booking we already have is unchanged; the cursor then asks from two minutes before it", async () => {
    step();
    const booked = await user.book(2001, await user.firstSlot(2001), {
      name: "Wilma Webhook",
      email: "wilma@example.de",
    });
    await sim().flushWebhooks();
    expect((await appointment(salon, booked.uid))?.status).toBe("accepted");
    const { run } = await reconcile(salon);
    expect(counts(run)).toEqual(expected({ checked: 1, unchanged: 1 }));
    const again = await reconcile(salon);
    expect(counts(again.run)).toEqual(expected({ checked: 1, unchanged: 1 }));
    expect(again.listings[0]!.query.afterUpdatedAt).toBe(isoAt(calcomNow - 2 * minute));
    previous = 1;
  });

  it("repairs a cancellation and a public booking Cal.com sent no webhook for", async () => {
    const booked = await user.book(2001, await user.firstSlot(2001, 1), {
      name: "Carla Cancel",
      email: "carla@example.de",
    });
    await sim().flushWebhooks();
    step();
    sim().control.cancel(booked.uid, "changed plans");
    const made = sim().control.publicBooking({
      eventTypeId: 2002,
      start: await user.firstSlot(2002, 2),
      attendee: { name: "Paula Public", email: "paula@example.de", phoneNumber: "+4915170000001" },
      webhook: false,
    });
    expect(await appointment(salon, made.uid)).toBeUndefined();

    const { run } = await reconcile(salon);
    // The earlier booking is checked again (it changed within the overlap): unchanged.
    expect(counts(run)).toEqual(
      expected({ checked: previous + 2, created: 1, cancelled: 1, unchanged: previous }),
    );
    expect((await appointment(salon, booked.uid))?.status).toBe("cancelled");
    const created = (await appointment(salon, made.uid))!;
    const host = sim()
      .bookings()
      .find((b) => b.uid === made.uid)!.hostUserId;
    const mapping = await app.store.hostMappings.find(salon.company.id, host);
    expect(created).toMatchObject({
      status: "accepted",
      source: "calcom",
      eventTypeId: 2002,
      calcomUserId: host,
      staffId: mapping?.staffId ?? null,
      customerId: null,
      attendeeName: "Paula Public",
      attendeeEmail: "paula@example.de",
      startAt: made.start,
    });
    expect(created.serviceId).not.toBeNull();
    // Cal.com attendee data never makes a customer record.
    expect(await app.store.customers.findByPhone(salon.company.id, "+4915170000001")).toBeNull();

    const again = await reconcile(salon);
    expect(counts(again.run)).toEqual(expected({ checked: 2, unchanged: 2 }));
    previous = 2;
  });

  it("moves a reassigned booking (same uid, no webhook) to the new host's staff member", async () => {
    step();
    const booked = await user.book(2001, await user.firstSlot(2001, 3), {
      name: "Rudi Reassign",
      email: "rudi@example.de",
    });
    await sim().flushWebhooks();
    const before = (await appointment(salon, booked.uid))!;
    const other = [501, 502, 503].find((h) => h !== before.calcomUserId)!;
    sim().control.reassign(booked.uid, other);

    const { run } = await reconcile(salon);
    expect(counts(run)).toEqual(
      expected({ checked: previous + 1, updated: 1, unchanged: previous }),
    );
    const after = (await appointment(salon, booked.uid))!;
    const mapping = (await app.store.hostMappings.find(salon.company.id, other))!;
    expect(after).toMatchObject({ id: before.id, calcomUserId: other, staffId: mapping.staffId });
    expect(after.staffId).not.toBe(before.staffId);
    expect(counts((await reconcile(salon)).run)).toEqual(expected({ checked: 1, unchanged: 1 }));
    previous = 1;
  });

  it("a fixed organizer: a reassignment swaps the pool host among the attendees", async () => {
    step();
    const booked = await user.book(2005, await user.firstSlot(2005, 16), {
      name: "Frieda Fix",
      email: "frieda@example.de",
    });
    await sim().flushWebhooks();
    const stored = sim()
      .bookings()
      .find((b) => b.uid === booked.uid)!;
    expect(stored.hostUserId).toBe(501); // the fixed host organizes
    const first = (await appointment(salon, booked.uid))!;
    expect([502, 503]).toContain(first.calcomUserId);
    const other = first.calcomUserId === 502 ? 503 : 502;
    sim().control.reassign(booked.uid, other);

    const { run } = await reconcile(salon);
    expect(counts(run)).toEqual(
      expected({ checked: previous + 1, updated: 1, unchanged: previous }),
    );
    const after = (await appointment(salon, booked.uid))!;
    expect(after.calcomUserId).toBe(other);
    expect(await staffName(salon, after.staffId)).toBe(
      other === 502 ? "Anna Schmidt" : "Sophie Weiss",
    );
    previous = 1;
  });

  it("requests confirmed and declined while their webhooks were lost", async () => {
    step();
    sim().setWebhookDropRate(1);
    try {
      const yes = await user.book(2007, await user.firstSlot(2007, 0), {
        name: "Yvonne Ja",
        email: "yes@example.de",
      });
      const no = await user.book(2007, await user.firstSlot(2007, 2), {
        name: "Norbert Nein",
        email: "no@example.de",
      });
      await sim().flushWebhooks();
      const requested = await reconcile(salon);
      expect(counts(requested.run)).toEqual(
        expected({ checked: previous + 2, created: 2, unchanged: previous }),
      );
      expect((await appointment(salon, yes.uid))?.status).toBe("pending");
      expect((await appointment(salon, no.uid))?.status).toBe("pending");

      step();
      sim().control.confirm(yes.uid);
      sim().control.decline(no.uid, "fully booked");
      await sim().flushWebhooks();
      const decided = await reconcile(salon);
      expect(counts(decided.run)).toEqual(expected({ checked: 2, updated: 1, cancelled: 1 }));
      expect((await appointment(salon, yes.uid))?.status).toBe("accepted");
      expect((await appointment(salon, no.uid))?.status).toBe("rejected");
    } finally {
      sim().setWebhookDropRate(0);
    }
    previous = 2;
  });

  it("follows a reschedule chain whose webhook was lost", async () => {
    step();
    const booked = await user.book(2003, await user.firstSlot(2003, 2), {
      name: "Sven Schieben",
      email: "sven@example.de",
    });
    await sim().flushWebhooks();
    step();
    sim().setWebhookDropRate(1);
    let moved: { uid: string };
    try {
      moved = await user.reschedule(booked.uid, await user.firstSlot(2003, 6));
      await sim().flushWebhooks();
    } finally {
      sim().setWebhookDropRate(0);
    }
    expect(await appointment(salon, moved.uid)).toBeUndefined();

    const { run } = await reconcile(salon);
    expect(counts(run)).toEqual(
      expected({ checked: previous + 2, created: 1, updated: 1, unchanged: previous }),
    );
    const old = (await appointment(salon, booked.uid))!;
    const next = (await appointment(salon, moved.uid))!;
    expect(old).toMatchObject({ status: "rescheduled", rescheduledToUid: moved.uid });
    expect(next).toMatchObject({
      status: "accepted",
      rescheduledFromUid: booked.uid,
      serviceId: old.serviceId,
      attendeeName: "Sven Schieben",
    });
    expect(counts((await reconcile(salon)).run)).toEqual(expected({ checked: 2, unchanged: 2 }));
    previous = 2;
  });

  it("pages past 250 changed bookings (the totals are wrong) and applies them all", async () => {
    step();
    const slots = await allSlots(2001);
    const made: string[] = [];
    for (const start of slots) {
      for (let host = 0; host < 3 && made.length < 260; host++) {
        try {
          made.push(
            sim().control.publicBooking({
              eventTypeId: 2001,
              start,
              attendee: { name: `Menge ${made.length}`, email: `menge${made.length}@example.de` },
              webhook: false,
            }).uid,
          );
        } catch {
          break; // every host of this slot is taken
        }
      }
      if (made.length >= 260) break;
    }
    expect(made).toHaveLength(260);

    // A timer due meanwhile runs during the reconciliation, not after it (SQLite answers
    // synchronously, so a run that never pauses would hold every other request up).
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const { run, listings } = await reconcile(salon).finally(() => clearInterval(ticker));
    expect(ticks).toBeGreaterThan(5);
    expect(counts(run)).toEqual(
      expected({ checked: 262, created: 260, unchanged: 2, calcomRequests: 2 }),
    );
    // Cal.com's totals count the whole team (and ignore the date filter): never read.
    expect(listings.map((l) => l.query.skip)).toEqual(["0", "245"]);
    const ours = new Set(
      (await app.store.appointments.list(salon.company.id, { limit: 5000 })).map(
        (a) => a.bookingUid,
      ),
    );
    expect(made.every((uid) => ours.has(uid))).toBe(true);
    const again = await reconcile(salon);
    expect(counts(again.run)).toEqual(
      expected({ checked: 260, unchanged: 260, calcomRequests: 2 }),
    );
  });

  it("each company reconciles its own team only, even under a key that sees another's", async () => {
    step();
    const salonBefore = await app.store.appointments.list(salon.company.id, { limit: 5000 });
    const made = sim().control.publicBooking({
      eventTypeId: 2101,
      start: await user.firstSlot(2101),
      attendee: { name: "Brenda Bright", email: "brenda@example.com" },
      webhook: false,
    });
    const { run } = await reconcile(bright);
    expect(counts(run)).toEqual(expected({ checked: 1, created: 1 }));
    expect((await appointment(bright, made.uid))?.eventTypeId).toBe(2101);
    expect(await app.store.appointments.list(salon.company.id, { limit: 5000 })).toEqual(
      salonBefore,
    );
    const brightUids = (await app.store.appointments.list(bright.company.id, { limit: 5000 })).map(
      (a) => a.bookingUid,
    );
    expect(brightUids).toEqual([made.uid]);
  });

  it("a second company on the same team and key: its own appointments; a failed team sync holds the cursor", async () => {
    const salonBefore = await app.store.appointments.list(salon.company.id, { limit: 5000 });
    // Never synced: every event type is unknown, and its team sync fails at first.
    const twin = await connect("salon-twin", 1001, "cal_test_salon_beispiel", false);
    sim().faults.inject({
      kind: "500",
      method: "GET",
      path: "/v2/teams/1001/event-types",
      times: 5,
    });
    const failed = await reconcile(twin);
    expect(failed.run).toMatchObject({ status: "failed", created: 0 });
    expect(failed.run.checked).toBeGreaterThan(260);
    expect(failed.run.error).toMatch(/team sync failed.*wait for the next run/);
    expect(await app.store.appointments.list(twin.company.id, { limit: 5000 })).toEqual([]);
    expect(await app.store.reconcileCursors.get(twin.company.id)).toBe(
      sim()
        .bookings()
        .filter((b) => b.teamId === 1001)
        .map((b) => b.updatedAt)
        .sort()[0],
    );

    sim().faults.clear();
    const total = sim()
      .bookings()
      .filter((b) => b.teamId === 1001).length;
    const applied = await reconcile(twin);
    // Two pages, then one targeted team sync (event types + members), then everything.
    expect(counts(applied.run)).toEqual(
      expected({ checked: total, created: total, calcomRequests: 4 }),
    );
    const teamSyncs = (await app.store.syncRuns.list(twin.company.id, 20)).filter(
      (r) => r.kind === "team",
    );
    expect(teamSyncs.map((r) => r.status)).toEqual(["succeeded", "failed"]);
    expect(await app.store.appointments.list(twin.company.id, { limit: 5000 })).toHaveLength(total);
    // The salon's own appointments were not touched.
    expect(await app.store.appointments.list(salon.company.id, { limit: 5000 })).toEqual(
      salonBefore,
    );
    const again = await reconcile(twin);
    expect(again.run).toMatchObject({ status: "succeeded", created: 0, updated: 0, cancelled: 0 });
    expect(again.run.unchanged).toBe(again.run.checked);
  });

  it("--since overrides the cursor; a company without a team cannot be reconciled", async () => {
    const since = isoAt(calcomNow + minute);
    const { run, listings } = await reconcile(salon, since);
    expect(counts(run)).toEqual(expected({}));
    expect(listings[0]!.query.afterUpdatedAt).toBe(since);
    const lonely = await app.store.companies.create(companyInput("lonely"));
    await expect(
      app.useCases.appointments.reconcileBookings(
        { company: lonely, actor: { type: "cli" } },
        { trigger: "cli" },
      ),
    ).rejects.toThrow(/no Cal.com team id/);
    await expect(
      app.useCases.appointments.reconcileBookings(salon, { trigger: "cli", since: "yesterday" }),
    ).rejects.toThrow(/invalid reconciliation/);
  });

  it("a booking carrying our frontdeskRef is the voice agent's: recorded under its key", async () => {
    step();
    const made = sim().control.publicBooking({
      eventTypeId: 2003,
      start: await user.firstSlot(2003, 9),
      attendee: { name: "Lost Answer", email: "lost@example.de" },
      metadata: { frontdeskRef: "voice-key-123" },
      webhook: false,
    });
    const { run } = await reconcile(salon, isoAt(calcomNow));
    expect(counts(run)).toEqual(expected({ checked: 1, created: 1 }));
    // The voice retry that lost this answer finds it under its key instead of booking again.
    expect(
      await app.store.appointments.findByIdempotencyKey(salon.company.id, "voice-key-123"),
    ).toMatchObject({ bookingUid: made.uid, source: "voice", customerId: null });
  });

  /** Every free start of an event type in the coming weeks (UTC ISO), as Cal.com lists them. */
  async function allSlots(eventTypeId: number): Promise<string[]> {
    const from = isoAt(calcomNow + 86_400_000).slice(0, 10);
    const to = isoAt(calcomNow + 30 * 86_400_000).slice(0, 10);
    const res = await sim().app.request(
      `http://calcom.test/v2/slots?eventTypeId=${eventTypeId}&start=${from}&end=${to}`,
      { headers: { "cal-api-version": "2024-09-04" } },
    );
    const body = (await res.json()) as { data: Record<string, { start: string }[]> };
    return Object.values(body.data)
      .flat()
      .map((s) => new Date(s.start).toISOString());
  }
});
