import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CalApiError } from "./http-errors.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, capturingFetch, flagsFixture, post, salonKey } from "./test-helpers.ts";

const nine = "2026-10-20T07:00:00.000Z";

function setup(options: { webhookDropRate?: number; seed?: number } = {}) {
  let t = Date.parse("2026-10-19T06:00:00Z");
  const hook = capturingFetch();
  const sim = createSimulator(flagsFixture(), {
    now: () => new Date(t),
    fetch: hook.fetch,
    webhooks: [{ teamId: 1001, url: "http://hooks.test/salon", secret: "s" }],
    ...options,
  });
  const later = (ms = 60_000) => {
    t += ms;
  };
  const triggers = async () => {
    await sim.flushWebhooks();
    return hook.received.map((w) => w.body.triggerEvent);
  };
  return { sim, hook, later, triggers };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("control.publicBooking", () => {
  it("books like the public page and sends the normal webhook", async () => {
    const { sim, hook, triggers } = setup();
    const booking = sim.control.publicBooking({
      eventTypeId: 2001,
      start: nine,
      attendee: { name: "Walk-in", email: "walkin@example.com" },
    });
    expect(booking).toMatchObject({
      status: "accepted",
      hostUserId: 501,
      attendee: { name: "Walk-in", timeZone: "Europe/Berlin" }, // the team's zone by default
    });
    expect(await triggers()).toEqual(["BOOKING_CREATED"]);
    expect(hook.received[0]!.body.payload.uid).toBe(booking.uid);
    const viaApi = await call(sim.app, `/v2/bookings/${booking.uid}`, { version: "2024-08-13" });
    expect(viaApi.json.data.status).toBe("accepted");
  });

  it("can skip the webhook, follows the booking rules and throws Cal.com's errors", async () => {
    const { sim, triggers } = setup();
    sim.control.publicBooking({
      eventTypeId: 2006,
      start: nine,
      attendee: { name: "A", email: "a@x.de" },
      webhook: false,
    });
    expect(sim.bookings()[0]!.status).toBe("pending");
    expect(await triggers()).toEqual([]);
    let error: unknown;
    try {
      sim.control.publicBooking({ eventTypeId: 2006, start: nine, attendee: { name: "B" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalApiError);
    expect((error as CalApiError).status).toBe(400);
    expect(() =>
      sim.control.publicBooking({ eventTypeId: 9999, start: nine, attendee: { name: "B" } }),
    ).toThrow(/not found/);
  });
});

describe("control.cancel", () => {
  it("cancels silently by default, moving updatedAt, or with the webhook when asked", async () => {
    const { sim, later, triggers } = setup();
    const a = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    const b = (await book(sim.app, nine, 2001, { name: "B", email: "b@x.de" })).json.data;
    later();
    const cancelled = sim.control.cancel(a.uid, "am Telefon abgesagt");
    expect(cancelled).toMatchObject({
      status: "cancelled",
      cancellationReason: "am Telefon abgesagt",
      updatedAt: "2026-10-19T06:01:00.000Z",
    });
    sim.control.cancel(b.uid, undefined, { webhook: true });
    expect(await triggers()).toEqual(["BOOKING_CREATED", "BOOKING_CREATED", "BOOKING_CANCELLED"]);
    expect(() => sim.control.cancel(a.uid)).toThrow("This booking has already been cancelled.");
  });
});

describe("control.reassign", () => {
  it("moves a round-robin booking to another host: same uid, new organizer, no webhook", async () => {
    const { sim, later, triggers } = setup();
    const created = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    expect(created.hosts[0].id).toBe(501);
    later();
    const moved = sim.control.reassign(created.uid, 503);
    expect(moved).toMatchObject({
      uid: created.uid,
      hostUserId: 503,
      hostUserIds: [503],
      chosenHostUserId: 503,
      updatedAt: "2026-10-19T06:01:00.000Z",
      title: "Haarschnitt between Sophie Weiß and A",
    });
    const viaApi = await call(sim.app, `/v2/bookings/${created.uid}`, { version: "2024-08-13" });
    expect(viaApi.json.data.hosts[0].id).toBe(503);
    expect(await triggers()).toEqual(["BOOKING_CREATED"]);
    // 501 is free again at nine; 503 is not.
    const again = await book(sim.app, nine, 2001, { name: "B", email: "b@x.de" });
    expect(again.json.data.hosts[0].id).toBe(501);
  });

  it("swaps the pool host among the attendees when a fixed host organizes", async () => {
    const { sim, triggers } = setup();
    const created = (await book(sim.app, nine, 2005, { name: "A", email: "a@x.de" })).json.data;
    sim.control.reassign(created.uid, 503);
    const viaApi = await call(sim.app, `/v2/bookings/${created.uid}`, { version: "2024-08-13" });
    expect(viaApi.json.data.hosts[0].id).toBe(501);
    expect(viaApi.json.data.attendees.map((a: { email: string }) => a.email)).toEqual([
      "a@x.de",
      "sophie.weiss@icloud.com",
    ]);
    expect(sim.bookings()[0]).toMatchObject({ hostUserIds: [501, 503], chosenHostUserId: 503 });
    expect(await triggers()).toEqual(["BOOKING_CREATED"]);
  });

  it("refuses a host outside the pool, a busy host, and a cancelled booking", async () => {
    const { sim } = setup();
    const a = (await book(sim.app, nine, 2005, { name: "A", email: "a@x.de" })).json.data;
    expect(() => sim.control.reassign(a.uid, 501)).toThrow(/not a valid Round Robin host/);
    expect(() => sim.control.reassign(a.uid, 504)).toThrow(/not a valid Round Robin host/);
    const b = (await book(sim.app, nine, 2001, { name: "B", email: "b@x.de" })).json.data;
    expect(b.hosts[0].id).toBe(503); // 501 and 502 are in the VIP booking
    expect(() => sim.control.reassign(a.uid, 503)).toThrow(/no other host is available/);
    sim.control.cancel(b.uid);
    expect(() => sim.control.reassign(b.uid, 502)).toThrow(/cancelled/);
  });
});

describe("control.confirm and control.decline", () => {
  it("send BOOKING_CREATED and BOOKING_REJECTED like the dashboard buttons", async () => {
    const { sim, hook, triggers } = setup();
    const a = (await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" })).json.data;
    const b = (await book(sim.app, "2026-10-20T08:00:00Z", 2006, { name: "B", email: "b@x.de" }))
      .json.data;
    expect(sim.control.confirm(a.uid).status).toBe("accepted");
    expect(sim.control.decline(b.uid, "voll").status).toBe("rejected");
    expect(await triggers()).toEqual([
      "BOOKING_REQUESTED",
      "BOOKING_REQUESTED",
      "BOOKING_CREATED",
      "BOOKING_REJECTED",
    ]);
    expect(hook.received[3]!.body.payload.rejectionReason).toBe("voll");
  });
});

describe("control.orphan", () => {
  it("leaves the booking with the host id 'unknown'", async () => {
    const { sim } = setup();
    const a = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    expect(sim.control.orphan(a.uid).orphaned).toBe(true);
    const viaApi = await call(sim.app, `/v2/bookings/${a.uid}`, { version: "2024-08-13" });
    expect(viaApi.json.data.hosts).toEqual([
      { id: "unknown", name: "unknown", email: "unknown", username: "unknown" },
    ]);
  });
});

describe("/_simulator routes", () => {
  const control = (app: Parameters<typeof call>[0], path: string, body: unknown = {}) =>
    call(app, `/_simulator${path}`, { method: "POST", body });

  it("drive the same controls over HTTP, unrecorded and unthrottled", async () => {
    const { sim, triggers } = setup();
    const made = await control(sim.app, "/bookings", {
      eventTypeId: 2006,
      start: nine,
      attendee: { name: "A", email: "a@x.de" },
    });
    expect(made.status).toBe(201);
    const uid = made.json.data.uid;
    expect((await control(sim.app, `/bookings/${uid}/confirm`)).json.data.status).toBe("accepted");
    expect((await control(sim.app, `/bookings/${uid}/reassign`, { userId: 504 })).status).toBe(200);
    expect((await control(sim.app, `/bookings/${uid}/orphan`)).json.data.orphaned).toBe(true);
    const cancelled = await control(sim.app, `/bookings/${uid}/cancel`, {
      reason: "x",
      webhook: true,
    });
    expect(cancelled.json.data.status).toBe("cancelled");
    const b = await control(sim.app, "/bookings", {
      eventTypeId: 2006,
      start: nine,
      attendee: { name: "B", email: "b@x.de" },
    });
    const declined = await control(sim.app, `/bookings/${b.json.data.uid}/decline`, {
      reason: "r",
    });
    expect(declined.json.data.status).toBe("rejected");
    const all = await call(sim.app, "/_simulator/bookings");
    expect(all.json.data).toHaveLength(2);
    expect(await triggers()).toEqual([
      "BOOKING_REQUESTED",
      "BOOKING_CREATED",
      "BOOKING_CANCELLED",
      "BOOKING_REQUESTED",
      "BOOKING_REJECTED",
    ]);
    expect(sim.requests).toEqual([]);
  });

  it("answer errors in Cal.com's envelope", async () => {
    const { sim } = setup();
    const res = await control(sim.app, "/bookings/nope/cancel");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NotFoundException");
    expect((await control(sim.app, "/bookings/x/reassign", { userId: "x" })).status).toBe(400);
  });

  it("inject and clear faults, and set the webhook drop rate", async () => {
    const { sim } = setup();
    expect(
      (await control(sim.app, "/faults", { kind: "500", pathPattern: "^/v2/teams$", times: 2 }))
        .status,
    ).toBe(201);
    expect((await call(sim.app, "/v2/teams", { key: salonKey })).status).toBe(500);
    await control(sim.app, "/faults/clear");
    expect((await call(sim.app, "/v2/teams", { key: salonKey })).status).toBe(200);
    expect((await control(sim.app, "/faults", { kind: "nope" })).status).toBe(400);
    expect((await control(sim.app, "/webhook-drop-rate", { rate: 1 })).status).toBe(200);
    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    expect(sim.webhookDeliveries.map((d) => d.dropped)).toEqual([true]);
    expect((await control(sim.app, "/webhook-drop-rate", { rate: 2 })).status).toBe(400);
  });
});

describe("webhook delivery", () => {
  it("drops the configured share of deliveries, seeded, recording them as dropped", async () => {
    const run = async (seed: number) => {
      const { sim, hook } = setup({ webhookDropRate: 0.5, seed });
      for (let i = 0; i < 40; i++) {
        const start = new Date(Date.parse("2026-10-20T07:00:00Z") + (i % 18) * 1_800_000);
        const day = Math.floor(i / 18);
        start.setUTCDate(start.getUTCDate() + day);
        await book(sim.app, start.toISOString(), 2001, { name: `P${i}`, email: `p${i}@x.de` });
      }
      await sim.flushWebhooks();
      return { dropped: sim.webhookDeliveries.map((d) => d.dropped), received: hook.received };
    };
    const first = await run(3);
    expect(first.dropped).toHaveLength(40);
    const lost = first.dropped.filter(Boolean).length;
    expect(lost).toBeGreaterThan(10);
    expect(lost).toBeLessThan(30);
    expect(first.received).toHaveLength(40 - lost);
    expect((await run(3)).dropped).toEqual(first.dropped);
    expect((await run(4)).dropped).not.toEqual(first.dropped);
  });

  it("changes the drop rate with the setter and refuses rates outside 0..1", async () => {
    const { sim, hook } = setup();
    sim.setWebhookDropRate(1);
    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    sim.setWebhookDropRate(0);
    await book(sim.app, nine, 2001, { name: "B", email: "b@x.de" });
    await sim.flushWebhooks();
    expect(sim.webhookDeliveries).toMatchObject([
      { dropped: true, status: null, error: null },
      { dropped: false, status: 200 },
    ]);
    expect(hook.received).toHaveLength(1);
    expect(() => sim.setWebhookDropRate(-0.1)).toThrow(RangeError);
    expect(() => createSimulator(flagsFixture(), { webhookDropRate: 1.5 })).toThrow(RangeError);
  });

  it("sends each webhook once: never again after a 4xx, a 5xx or a network failure", async () => {
    for (const status of [400, 500, 503]) {
      let hits = 0;
      const server = createServer((_req, res) => {
        hits += 1;
        res.writeHead(status).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      closers.push(() => new Promise((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const sim = createSimulator(flagsFixture(), {
        now: () => new Date("2026-10-19T06:00:00Z"),
        webhooks: [{ teamId: 1001, url, secret: "s" }],
      });
      await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
      await sim.flushWebhooks();
      await new Promise((r) => setTimeout(r, 50));
      expect(hits).toBe(1);
      expect(sim.webhookDeliveries).toMatchObject([{ status, dropped: false }]);
    }
    let calls = 0;
    const sim = createSimulator(flagsFixture(), {
      now: () => new Date("2026-10-19T06:00:00Z"),
      fetch: async () => {
        calls += 1;
        throw new TypeError("fetch failed");
      },
      webhooks: [{ teamId: 1001, url: "http://127.0.0.1:9/", secret: "s" }],
    });
    await post(sim.app, "/v2/bookings", {
      start: nine,
      eventTypeId: 2001,
      attendee: { name: "A", email: "a@x.de", timeZone: "UTC" },
    });
    await sim.flushWebhooks();
    expect(calls).toBe(1);
  });
});
