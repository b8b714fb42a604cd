import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import type { CalcomBookingEvent, Company, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { featuresFor, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { bookingEvent, companyInput } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const frontdesk = "http://frontdesk.test";

describe.each(testEngines())("Cal.com booking webhooks on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof featuresFor>;
  let http: Hono;
  let salon: TenantContext;
  let bright: TenantContext;
  // Cal.com delivers its webhooks straight into our HTTP app, unless a test holds them back to
  // deliver them itself (recorded in `webhookDeliveries` either way).
  let holdDeliveries = false;
  const calcom = simulatedCalcom(demoFixture(), {
    webhooks: [
      { teamId: 1001, url: `${frontdesk}/webhooks/calcom/salon`, secret: "salon-webhook-secret" },
      { teamId: 1002, url: `${frontdesk}/webhooks/calcom/bright`, secret: "bright-webhook-secret" },
    ],
    fetch: (input, init) =>
      holdDeliveries
        ? Promise.resolve(new Response(null, { status: 204 }))
        : Promise.resolve(http.request(String(input), init)),
  });
  const user = simulatorUser(() => calcom.state.sim);

  const connect = (slug: string, team: number, key: string, secret: string): Promise<Company> =>
    app.store.companies.create(
      companyInput(slug, {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: team,
        calcomApiKey: new Secret(key),
        calcomWebhookSecret: new Secret(secret),
      }),
    );

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = featuresFor(database, calcom.fetch);
    http = createHttpApp({
      health: app.store,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      features: app.features,
    });
    salon = {
      company: await connect("salon", 1001, "cal_test_salon_beispiel", "salon-webhook-secret"),
      actor: { type: "cli" },
    };
    bright = {
      company: await connect("bright", 1002, "cal_test_bright_smiles", "bright-webhook-secret"),
      actor: { type: "cli" },
    };
    for (const [ctx, demo] of [
      [salon, demoCompanies[0]!],
      [bright, demoCompanies[1]!],
    ] as const) {
      await app.features.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
      await app.features.syncServiceHosts(ctx, { trigger: "cli" });
      for (const s of demo.services) await app.features.createService(ctx, s);
    }
    // Every host of Haarschnitt is mapped once Sophie's suggestion is accepted.
    await app.features.changeHostMapping(salon, { verb: "accept", calcomUserId: 503 });
  });
  afterAll(() => database.drop());

  const appointments = (ctx: TenantContext) =>
    app.store.appointments.list(ctx.company.id, { limit: 1000 });
  const inboxCount = async () =>
    Number(
      (
        await database.db
          .selectFrom("inbox_event")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const staffName = async (ctx: TenantContext, id: string | null) =>
    id ? (await app.store.staff.findById(ctx.company.id, id))?.name : null;
  const post = (slug: string, body: string, signature: string | null) =>
    http.request(`/webhooks/calcom/${slug}`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        ...(signature ? { "x-cal-signature-256": signature } : {}),
      },
    });

  it("a booking made directly in Cal.com arrives with the staff member mapped to the chosen host", async () => {
    const booking = await user.book(2001, await user.firstSlot(2001), {
      name: "Maria Muster",
      email: "maria@example.de",
      phoneNumber: "+491701234567",
    });
    await calcom.state.sim.flushWebhooks();
    const stored = (await appointments(salon)).find((a) => a.bookingUid === booking.uid)!;
    expect(stored).toMatchObject({
      status: "accepted",
      source: "calcom",
      calcomUserId: booking.hosts[0]!.id,
      bookingId: booking.id,
      eventTypeId: 2001,
    });
    const mapped = await app.store.hostMappings.find(salon.company.id, booking.hosts[0]!.id);
    expect(stored.staffId).toBe(mapped?.status === "active" ? mapped.staffId : null);
    expect(stored.staffId).not.toBeNull();
    expect(stored.serviceId).not.toBeNull();
    const customer = await app.store.customers.findById(salon.company.id, stored.customerId!);
    expect(customer).toMatchObject({ phone: "+491701234567", name: "Maria Muster" });
  });

  it("the same delivery twice stores one appointment", async () => {
    const before = (await appointments(salon)).length;
    const delivery = calcom.state.sim.webhookDeliveries.at(-1)!;
    const again = await post("salon", delivery.body, delivery.signature);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, outcome: "duplicate" });
    expect(await appointments(salon)).toHaveLength(before);
  });

  it("refuses a wrong, missing or other company's signature with 401 and stores nothing", async () => {
    const delivery = calcom.state.sim.webhookDeliveries.at(-1)!;
    const inbox = await inboxCount();
    const tampered = delivery.body.replace("Maria", "Mallory");
    for (const [body, signature] of [
      [tampered, delivery.signature],
      [delivery.body, null],
      [delivery.body, "not-hex"],
      [delivery.body, signCalcomBody(delivery.body, "bright-webhook-secret")],
    ] as const) {
      expect((await post("salon", body, signature)).status).toBe(401);
    }
    expect(await inboxCount()).toBe(inbox);
    expect((await post("nobody", delivery.body, delivery.signature)).status).toBe(404);
  });

  it("accepts at once a secret another instance just changed; a change here refuses the old one at once", async () => {
    const delivery = calcom.state.sim.webhookDeliveries.at(-1)!;
    const signed = (secret: string) => signCalcomBody(delivery.body, secret);
    // This instance holds the company (and its secret) in its call directory…
    expect((await post("salon", delivery.body, signed("salon-webhook-secret"))).status).toBe(200);
    // …when another instance rotates the secret: the new one works here at once (the old one
    // keeps working here until the directory's 5 s are up).
    const other = featuresFor(database, calcom.fetch);
    await other.features.updateCompanySettings(salon, { calcomWebhookSecret: "rotated-secret-42" });
    expect((await post("salon", delivery.body, signed("rotated-secret-42"))).status).toBe(200);
    // A change made through this instance drops its copy: the secret it replaced is refused.
    await app.features.updateCompanySettings(salon, {
      calcomWebhookSecret: "salon-webhook-secret",
    });
    expect((await post("salon", delivery.body, signed("rotated-secret-42"))).status).toBe(401);
    expect((await post("salon", delivery.body, signed("salon-webhook-secret"))).status).toBe(200);
  });

  it("follows a reschedule to the new uid and links the old one", async () => {
    const booking = await user.book(2002, await user.firstSlot(2002), {
      name: "Rita Reschedule",
      email: "rita@example.de",
    });
    const moved = await user.reschedule(booking.uid, await user.firstSlot(2002, 3));
    await calcom.state.sim.flushWebhooks();
    const all = await appointments(salon);
    const old = all.find((a) => a.bookingUid === booking.uid)!;
    const next = all.find((a) => a.bookingUid === moved.uid)!;
    expect(old).toMatchObject({ status: "rescheduled", rescheduledToUid: moved.uid });
    expect(next).toMatchObject({
      status: "accepted",
      rescheduledFromUid: booking.uid,
      serviceId: old.serviceId,
    });
  });

  /** Books, moves and cancels in Cal.com; returns the three deliveries, not yet delivered. */
  const bookMoveCancel = async (skip: number) => {
    holdDeliveries = true;
    try {
      const first = await user.book(2001, await user.firstSlot(2001, skip), {
        name: `Olga Order ${skip}`,
        email: `olga${skip}@example.de`,
      });
      const moved = await user.reschedule(first.uid, await user.firstSlot(2001, skip + 1));
      await user.cancel(moved.uid);
      await calcom.state.sim.flushWebhooks();
      const deliveries = calcom.state.sim.webhookDeliveries.filter(
        (d) => d.body.includes(first.uid) || d.body.includes(moved.uid),
      );
      expect(deliveries.map((d) => JSON.parse(d.body).triggerEvent)).toEqual([
        "BOOKING_CREATED",
        "BOOKING_RESCHEDULED",
        "BOOKING_CANCELLED",
      ]);
      return { first: first.uid, moved: moved.uid, deliveries };
    } finally {
      holdDeliveries = false;
    }
  };
  const expectMovedThenCancelled = async (first: string, moved: string) => {
    const all = await appointments(salon);
    expect(all.filter((a) => a.bookingUid === first)).toMatchObject([
      { status: "rescheduled", rescheduledToUid: moved },
    ]);
    expect(all.filter((a) => a.bookingUid === moved)).toMatchObject([
      { status: "cancelled", rescheduledFromUid: first, serviceId: expect.any(String) },
    ]);
  };

  it("ends in the same state whatever order a booking's deliveries arrive in", async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const [n, order] of orders.entries()) {
      const { first, moved, deliveries } = await bookMoveCancel(20 + 3 * n);
      for (const i of order) {
        const d = deliveries[i]!;
        expect((await post("salon", d.body, d.signature)).status).toBe(200);
      }
      await expectMovedThenCancelled(first, moved);
      // A late copy of the first delivery revives nothing.
      const again = deliveries[0]!;
      expect(await (await post("salon", again.body, again.signature)).json()).toMatchObject({
        outcome: "duplicate",
      });
      await expectMovedThenCancelled(first, moved);
    }
  });

  it("applies a booking's deliveries sent all at once, twice each, as if one at a time", async () => {
    const chains = [await bookMoveCancel(40), await bookMoveCancel(43), await bookMoveCancel(46)];
    const sends = chains.flatMap((c) => [...c.deliveries, ...c.deliveries.toReversed()]);
    const replies = await Promise.all(sends.map((d) => post("salon", d.body, d.signature)));
    expect(replies.map((r) => r.status)).toEqual(sends.map(() => 200));
    const outcomes = (await Promise.all(replies.map((r) => r.json()))) as { outcome: string }[];
    expect(outcomes.filter((o) => o.outcome === "duplicate")).toHaveLength(9);
    for (const c of chains) await expectMovedThenCancelled(c.first, c.moved);
  });

  it("never takes a booking back: a late REQUESTED keeps it accepted, a moved one stays moved", async () => {
    const start = new Date(Date.now() + 9 * 86_400_000).toISOString();
    const deliver = (
      trigger: CalcomBookingEvent["trigger"],
      uid: string,
      rescheduledFromUid: string | null = null,
    ) => {
      const event = bookingEvent(trigger, uid, { start, end: start, rescheduledFromUid });
      return app.features.ingestCalcomBooking(salon, event, JSON.stringify(event));
    };
    const status = async (uid: string) =>
      (await appointments(salon)).find((a) => a.bookingUid === uid)?.status;

    await deliver("BOOKING_CREATED", "late-requested");
    await deliver("BOOKING_REQUESTED", "late-requested");
    expect(await status("late-requested")).toBe("accepted");

    await deliver("BOOKING_REQUESTED", "requested-first");
    expect(await status("requested-first")).toBe("pending");
    await deliver("BOOKING_CREATED", "requested-first");
    expect(await status("requested-first")).toBe("accepted");

    await deliver("BOOKING_CREATED", "moved-away");
    await deliver("BOOKING_RESCHEDULED", "moved-here", "moved-away");
    await deliver("BOOKING_CANCELLED", "moved-away");
    expect(await status("moved-away")).toBe("rescheduled");
    expect(await status("moved-here")).toBe("accepted");
  });

  it("marks a cancelled booking", async () => {
    const booking = await user.book(2001, await user.firstSlot(2001, 5), {
      name: "Carl Cancel",
      email: "carl@example.de",
    });
    await user.cancel(booking.uid);
    await calcom.state.sim.flushWebhooks();
    expect((await appointments(salon)).find((a) => a.bookingUid === booking.uid)?.status).toBe(
      "cancelled",
    );
  });

  it("an unmapped host: no staff, flagged, a targeted sync, and staff as soon as the host is mapped", async () => {
    // Bartpflege's hosts are Jörg (mapped) and Mehmet (no local staff); book until Mehmet is chosen.
    let uid = "";
    for (let skip = 0; skip < 12 && !uid; skip++) {
      const booking = await user.book(2003, await user.firstSlot(2003, skip), {
        name: `Bart ${skip}`,
        email: `bart${skip}@example.de`,
      });
      if (booking.hosts[0]!.id === 504) uid = booking.uid;
    }
    expect(uid).not.toBe("");
    await calcom.state.sim.flushWebhooks();
    const runsBefore = (await app.store.syncRuns.list(salon.company.id, 500)).length;
    const delivery = calcom.state.sim.webhookDeliveries.find((d) => d.body.includes(uid))!;
    // Deliver it again by hand to see the result the route gives.
    await database.db.deleteFrom("inbox_event").where("payload", "=", delivery.body).execute();
    await database.db.deleteFrom("appointment").where("calcom_booking_uid", "=", uid).execute();
    const event = await app.features.ingestCalcomBooking(
      salon,
      bookingEvent("BOOKING_CREATED", uid, {
        eventTypeId: 2003,
        end: new Date(Date.now() + 87_600_000).toISOString(),
        hostUserId: 504,
      }),
      delivery.body,
    );
    // Mehmet is in the team but has no staff record: flagged for an admin, no sync needed.
    expect(event).toMatchObject({
      outcome: "created",
      unmappedHost: true,
      unknownHost: false,
      followUp: null,
    });
    expect((await app.store.syncRuns.list(salon.company.id, 500)).length).toBe(runsBefore);
    const flagged = (await appointments(salon)).find((a) => a.bookingUid === uid)!;
    expect(flagged).toMatchObject({ staffId: null, calcomUserId: 504 });

    const petra = (await app.store.staff.list(salon.company.id)).find(
      (s) => s.name === "Petra Neumann",
    )!;
    await app.features.changeHostMapping(salon, {
      verb: "set",
      calcomUserId: 504,
      staffId: petra.id,
    });
    const fixed = (await appointments(salon)).find((a) => a.bookingUid === uid)!;
    expect(await staffName(salon, fixed.staffId)).toBe("Petra Neumann");
  });

  it("a host the mirror does not know starts a targeted sync", async () => {
    const runsBefore = (await app.store.syncRuns.list(salon.company.id, 500)).length;
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const body = JSON.stringify({
      triggerEvent: "BOOKING_CREATED",
      payload: {
        uid: "booked-by-a-new-colleague",
        eventTypeId: 2001,
        startTime: start,
        endTime: start,
        organizer: { id: 777, name: "Neu im Team" },
        attendees: [{ name: "Kundin", email: "k@example.de" }],
      },
    });
    const event = await app.features.ingestCalcomBooking(
      salon,
      bookingEvent("BOOKING_CREATED", "booked-by-a-new-colleague", {
        start,
        end: start,
        hostUserId: 777,
      }),
      body,
    );
    expect(event).toMatchObject({ outcome: "created", unmappedHost: true, unknownHost: true });
    await event.followUp;
    const runs = await app.store.syncRuns.list(salon.company.id, 500);
    expect(runs.length).toBeGreaterThan(runsBefore);
    expect(runs.some((r) => r.trigger === "webhook")).toBe(true);
  });

  it("refuses a booking of an event type outside the company's team and never stores it there", async () => {
    const booking = await user.book(2101, await user.firstSlot(2101), {
      name: "Dental Dan",
      email: "dan@example.com",
    });
    await calcom.state.sim.flushWebhooks();
    const delivery = calcom.state.sim.webhookDeliveries.find((d) => d.body.includes(booking.uid))!;
    expect((await appointments(bright)).some((a) => a.bookingUid === booking.uid)).toBe(true);
    // The same body, signed with the salon's secret, sent to the salon's URL.
    const res = await post(
      "salon",
      delivery.body,
      signCalcomBody(delivery.body, "salon-webhook-secret"),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "refused_foreign_event_type" });
    expect((await appointments(salon)).some((a) => a.bookingUid === booking.uid)).toBe(false);
  });

  it("answers unknown trigger events with 200 and keeps them in the inbox; malformed bodies get 400", async () => {
    const body = JSON.stringify({
      triggerEvent: "MEETING_ENDED",
      createdAt: new Date().toISOString(),
      payload: {},
    });
    const inbox = await inboxCount();
    const res = await post("salon", body, signCalcomBody(body, "salon-webhook-secret"));
    expect(await res.json()).toEqual({ ok: true, outcome: "ignored" });
    expect(await inboxCount()).toBe(inbox + 1);

    const broken = '{"triggerEvent":"BOOKING_CREATED","payload":{"uid":5}}';
    const bad = await post("salon", broken, signCalcomBody(broken, "salon-webhook-secret"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /^\$\.payload\.uid/,
    );
    const notJson = await post("salon", "{", signCalcomBody("{", "salon-webhook-secret"));
    expect(notJson.status).toBe(400);
  });
});
