import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import type { CalcomBookingEvent, Company, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { createSimulator, demoFixture, type SimulatorFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { bookingEvent, companyInput } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const frontdesk = "http://frontdesk.test";

/**
 * The demo teams, plus a salon event type whose first host is fixed (mandatory): Cal.com makes
 * that host the organizer and the host it chose from the pool a team member and attendee.
 */
function fixtureWithFixedHost(): SimulatorFixture {
  const fixture = demoFixture();
  fixture.teams[0]!.eventTypes.push({
    id: 2005,
    title: "Hochsteckfrisur",
    slug: "hochsteckfrisur",
    lengthInMinutes: 60,
    schedulingType: "roundRobin",
    hosts: [{ userId: 501, mandatory: true }, { userId: 502 }, { userId: 503 }],
  });
  return fixture;
}

describe.each(testEngines())("Cal.com booking webhooks on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let http: Hono;
  let salon: TenantContext;
  let bright: TenantContext;
  // Cal.com delivers its webhooks straight into our HTTP app, unless a test holds them back to
  // deliver them itself (recorded in `webhookDeliveries` either way).
  let holdDeliveries = false;
  // The use-cases' clock runs this far ahead of real time (the refusal-sync cooldown).
  let aheadMs = 0;
  const clock = { now: () => new Date(Date.now() + aheadMs) };
  const calcom = simulatedCalcom(fixtureWithFixedHost(), {
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
    app = assembleForTest(database, calcom.fetch, clock);
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
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
      await app.useCases.staff.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
      await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
      for (const s of demo.services) await app.useCases.service.createService(ctx, s);
    }
    // Every host of Haarschnitt is mapped once Sophie's suggestion is accepted.
    await app.useCases.mappings.changeHostMapping(salon, { verb: "accept", calcomUserId: 503 });
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
    // The attendee is the booking's; a public booking page is nobody's verified phone number.
    expect(stored).toMatchObject({
      attendeeName: "Maria Muster",
      attendeeEmail: "maria@example.de",
      customerId: null,
    });
    expect(await app.store.customers.findByPhone(salon.company.id, "+491701234567")).toBeNull();
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
  });

  it("answers an unknown company exactly like a bad signature, so slugs cannot be probed", async () => {
    const delivery = calcom.state.sim.webhookDeliveries.at(-1)!;
    const answer = async (slug: string, signature: string | null) => {
      const res = await post(slug, delivery.body, signature);
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    };
    const badSignature = await answer("salon", "not-hex");
    expect(badSignature.status).toBe(401);
    expect(await answer("nobody", delivery.signature)).toEqual(badSignature);
    expect(await answer("nobody", null)).toEqual(badSignature);
    expect(await answer("salon", null)).toEqual(badSignature);
  });

  it("accepts at once a secret another instance just changed; a change here refuses the old one at once", async () => {
    const delivery = calcom.state.sim.webhookDeliveries.at(-1)!;
    const signed = (secret: string) => signCalcomBody(delivery.body, secret);
    // This instance holds the company (and its secret) in its call directory…
    expect((await post("salon", delivery.body, signed("salon-webhook-secret"))).status).toBe(200);
    // …when another instance rotates the secret: the new one works here at once (the old one
    // keeps working here until the directory's 5 s are up).
    const other = assembleForTest(database, calcom.fetch);
    await other.useCases.company.updateCompanySettings(salon, {
      calcomWebhookSecret: "rotated-secret-42",
    });
    expect((await post("salon", delivery.body, signed("rotated-secret-42"))).status).toBe(200);
    // A change made through this instance drops its copy: the secret it replaced is refused.
    await app.useCases.company.updateCompanySettings(salon, {
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
      return app.useCases.appointments.ingestCalcomBooking(salon, event, JSON.stringify(event));
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
    const event = await app.useCases.appointments.ingestCalcomBooking(
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
    await app.useCases.mappings.changeHostMapping(salon, {
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
    const event = await app.useCases.appointments.ingestCalcomBooking(
      salon,
      bookingEvent("BOOKING_CREATED", "booked-by-a-new-colleague", {
        start,
        end: start,
        hostUserId: 777,
      }),
      body,
    );
    expect(event).toMatchObject({ outcome: "created", unmappedHost: true, unknownHost: true });
    // The follow-up is a team-sync job: queued when the answer goes out, run soon after.
    await event.followUp;
    await vi.waitFor(
      async () => {
        const runs = await app.store.syncRuns.list(salon.company.id, 500);
        expect(runs.length).toBeGreaterThan(runsBefore);
        expect(runs.some((r) => r.trigger === "webhook" && r.status === "succeeded")).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
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
    // The refusal synced the salon's team first (the event type might have been new)…
    const runs = await app.store.syncRuns.list(salon.company.id, 500);
    expect(runs[0]).toMatchObject({ kind: "team", trigger: "webhook", status: "succeeded" });
    // …and took no dedupe key: the same delivery again is refused again, never a duplicate,
    // without another sync so soon.
    const requests = calcom.state.sim.requests.length;
    const again = await post(
      "salon",
      delivery.body,
      signCalcomBody(delivery.body, "salon-webhook-secret"),
    );
    expect(await again.json()).toMatchObject({ outcome: "refused_foreign_event_type" });
    expect(calcom.state.sim.requests.length).toBe(requests);
    const refusals = await database.db
      .selectFrom("inbox_event")
      .select(["dedupe_key", "outcome"])
      .where("company_id", "=", salon.company.id)
      .where("payload", "=", delivery.body)
      .execute();
    expect(refusals).toHaveLength(2);
    for (const r of refusals) {
      expect(r.outcome).toBe("refused_foreign_event_type");
      expect(r.dedupe_key).toMatch(new RegExp(`^BOOKING_CREATED:${booking.uid}#retriable:`));
    }
  });

  it("a booking of an event type created since the last sync: the team sync, then the booking", async () => {
    aheadMs = 5 * 60_000; // past the cooldown of the refusal above
    const original = calcom.state.sim;
    const fixture = fixtureWithFixedHost();
    fixture.teams[0]!.eventTypes.push({
      id: 2006,
      title: "Wimpern",
      slug: "wimpern",
      lengthInMinutes: 45,
      schedulingType: "roundRobin",
      hosts: [{ userId: 502 }],
    });
    calcom.state.sim = createSimulator(fixture);
    try {
      expect(await app.store.calcomMirror.findEventType(salon.company.id, 2006)).toBeNull();
      const event = bookingEvent("BOOKING_CREATED", "booked-on-a-new-event-type", {
        eventTypeId: 2006,
        hostUserId: 502,
      });
      const result = await app.useCases.appointments.ingestCalcomBooking(
        salon,
        event,
        JSON.stringify(event),
      );
      expect(result).toMatchObject({ outcome: "created", appointment: { calcomUserId: 502 } });
      expect(await app.store.calcomMirror.findEventType(salon.company.id, 2006)).not.toBeNull();
      expect(await staffName(salon, result.appointment!.staffId)).toBe("Anna Schmidt");
      // Two inbox rows: the first look (refused, its key freed) and the applied delivery.
      const rows = await database.db
        .selectFrom("inbox_event")
        .select(["dedupe_key", "outcome"])
        .where("company_id", "=", salon.company.id)
        .where("dedupe_key", "like", "BOOKING_CREATED:booked-on-a-new-event-type%")
        .orderBy("received_at")
        .execute();
      expect(rows.map((r) => r.outcome).sort()).toEqual(["created", "refused_foreign_event_type"]);
      const again = await app.useCases.appointments.ingestCalcomBooking(
        salon,
        event,
        JSON.stringify(event),
      );
      expect(again.outcome).toBe("duplicate");
    } finally {
      calcom.state.sim = original;
      aheadMs = 0;
    }
  });

  it("fixed hosts: the appointment is the chosen pool host's, not the fixed organizer's", async () => {
    const deliver = async (uid: string, participants: CalcomBookingEvent["participants"]) => {
      const event = bookingEvent("BOOKING_CREATED", uid, {
        eventTypeId: 2005,
        hostUserId: 501, // Jörg, fixed: the organizer of every booking of this event type
        participants,
      });
      const result = await app.useCases.appointments.ingestCalcomBooking(
        salon,
        event,
        JSON.stringify(event),
      );
      return {
        host: result.appointment!.calcomUserId,
        staff: await staffName(salon, result.appointment!.staffId),
      };
    };
    // Cal.com chose Anna: a team member of the booking besides the organizer.
    expect(
      await deliver("fixed-member", { memberIds: [502], attendeeEmails: ["kundin@example.de"] }),
    ).toEqual({ host: 502, staff: "Anna Schmidt" });
    // Cal.com chose Sophie: known here only as an attendee of the booking.
    expect(
      await deliver("fixed-attendee", {
        memberIds: [],
        attendeeEmails: ["kundin@example.de", "sophie.weiss@icloud.com"],
      }),
    ).toEqual({ host: 503, staff: "Sophie Weiss" });
    // Only the fixed host takes part: it is the organizer's.
    expect(
      await deliver("fixed-alone", { memberIds: [], attendeeEmails: ["kundin@example.de"] }),
    ).toEqual({ host: 501, staff: "Jörg Müller" });
    // Without fixed hosts the organizer is the host, whoever else takes part.
    const plain = bookingEvent("BOOKING_CREATED", "no-fixed-host", {
      hostUserId: 501,
      participants: { memberIds: [502], attendeeEmails: [] },
    });
    const result = await app.useCases.appointments.ingestCalcomBooking(
      salon,
      plain,
      JSON.stringify(plain),
    );
    expect(result.appointment?.calcomUserId).toBe(501);
  });

  it("an outsider's public booking with a caller's phone number: no customer made or changed, not the caller's appointment", async () => {
    const victimPhone = "+4915155501234";
    const victim = await app.store.customers.upsertByPhone(salon.company.id, {
      phone: victimPhone,
      name: "Vera Opfer",
      email: "vera@example.de",
    });
    const start = new Date(Date.now() + 4 * 86_400_000).toISOString();
    await app.store.appointments.insert(salon.company.id, {
      serviceId: null,
      staffId: null,
      customerId: victim.id,
      calcomUserId: 501,
      bookingUid: "vera-own-booking",
      bookingId: null,
      eventTypeId: 2001,
      startAt: start,
      endAt: start,
      status: "accepted",
      source: "voice",
      retellCallId: "call-vera",
      idempotencyKey: null,
      rescheduledFromUid: null,
      rescheduledToUid: null,
      notes: null,
      attendeeName: "Vera Opfer",
      attendeeEmail: "vera@example.de",
    });
    const planted = await user.book(2001, await user.firstSlot(2001, 7), {
      name: "Mallory Fremd",
      email: "mallory@example.com",
      phoneNumber: victimPhone,
    });
    const stranger = await user.book(2001, await user.firstSlot(2001, 8), {
      name: "Nobody Known",
      email: "nobody@example.com",
      phoneNumber: "+4915155509999",
    });
    await calcom.state.sim.flushWebhooks();

    const stored = (await appointments(salon)).find((a) => a.bookingUid === planted.uid)!;
    expect(stored).toMatchObject({ customerId: null, attendeeName: "Mallory Fremd" });
    expect(await app.store.customers.findById(salon.company.id, victim.id)).toEqual(victim);
    expect(await app.store.customers.findByPhone(salon.company.id, "+4915155509999")).toBeNull();
    expect((await appointments(salon)).some((a) => a.bookingUid === stranger.uid)).toBe(true);

    const found = await app.useCases.voice.findAppointments({
      company: salon.company,
      actor: { type: "voice", callId: "call-vera-2" },
      call: { callId: "call-vera-2", fromNumber: victimPhone, toNumber: null, agentId: null },
    });
    expect(found.kind).toBe("appointments");
    if (found.kind !== "appointments") return;
    expect(found.appointments.map((a) => a.bookingUid)).toEqual(["vera-own-booking"]);

    // The appointment list shows each booking's own attendee, the phone only for our own.
    const listed = await app.useCases.appointments.listAppointments(salon);
    expect(listed.find((a) => a.bookingUid === planted.uid)?.customer).toEqual({
      name: "Mallory Fremd",
      phone: null,
      email: "mallory@example.com",
    });
    expect(listed.find((a) => a.bookingUid === "vera-own-booking")?.customer).toEqual({
      name: "Vera Opfer",
      phone: victimPhone,
      email: "vera@example.de",
    });
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
