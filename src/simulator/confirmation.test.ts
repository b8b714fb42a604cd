import { describe, expect, it } from "vitest";
import { createSimulator } from "./simulator.ts";
import {
  book,
  call,
  capturingFetch,
  dentalKey,
  flagsFixture,
  post,
  salonKey,
} from "./test-helpers.ts";

const nine = "2026-10-20T07:00:00.000Z";

function setup() {
  let t = Date.parse("2026-10-19T06:00:00Z");
  const hook = capturingFetch();
  const sim = createSimulator(flagsFixture(), {
    now: () => new Date(t),
    fetch: hook.fetch,
    webhooks: [{ teamId: 1001, url: "http://hooks.test/salon", secret: "s" }],
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

describe("event types that require confirmation", () => {
  it("shows the confirmation policy in the team listing", async () => {
    const { sim } = setup();
    const res = await call(sim.app, "/v2/teams/1001/event-types");
    const byId = new Map(res.json.data.map((e: { id: number }) => [e.id, e]));
    expect(byId.get(2006)).toMatchObject({
      confirmationPolicy: { type: "always", blockUnconfirmedBookingsInBooker: true },
    });
    expect(byId.get(2001)).toMatchObject({ confirmationPolicy: { disabled: true } });
  });

  it("answers a booking as pending and sends BOOKING_REQUESTED, not BOOKING_CREATED", async () => {
    const { sim, hook, triggers } = setup();
    const res = await book(sim.app, nine, 2006, { name: "Max", email: "max@example.com" });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ status: "pending", hosts: [{ id: 504 }] });
    expect(await triggers()).toEqual(["BOOKING_REQUESTED"]);
    expect(hook.received[0]!.body.payload).toMatchObject({
      status: "PENDING",
      requiresConfirmation: true,
      organizer: { id: 504, email: "mehmet.yilmaz@gmail.com" },
      uid: res.json.data.uid,
    });
  });

  it("lets a pending booking block its slot", async () => {
    const { sim } = setup();
    await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" });
    const again = await book(sim.app, nine, 2006, { name: "B", email: "b@x.de" });
    expect(again.status).toBe(400);
    const slots = await call(sim.app, `/v2/slots?eventTypeId=2006&start=${nine}&end=${nine}`, {
      version: "2024-09-04",
    });
    expect(slots.json.data).toEqual({});
  });

  it("confirms with a team-admin key: accepted, BOOKING_CREATED (ACCEPTED), updatedAt moves", async () => {
    const { sim, hook, later, triggers } = setup();
    const created = (await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" })).json.data;
    later();
    const confirmed = await post(sim.app, `/v2/bookings/${created.uid}/confirm`, {}, salonKey);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.data).toMatchObject({
      uid: created.uid,
      status: "accepted",
      createdAt: "2026-10-19T06:00:00.000Z",
      updatedAt: "2026-10-19T06:01:00.000Z",
    });
    expect(await triggers()).toEqual(["BOOKING_REQUESTED", "BOOKING_CREATED"]);
    expect(hook.received[1]!.body.payload).toMatchObject({ uid: created.uid, status: "ACCEPTED" });
    // Already accepted: Cal.com's shared handler refuses.
    const twice = await post(sim.app, `/v2/bookings/${created.uid}/confirm`, {}, salonKey);
    expect(twice.status).toBe(400);
  });

  it("declines with a reason: rejected, BOOKING_REJECTED with rejectionReason, slot free again", async () => {
    const { sim, hook, later, triggers } = setup();
    const created = (await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" })).json.data;
    later();
    const declined = await post(
      sim.app,
      `/v2/bookings/${created.uid}/decline`,
      { reason: "Kein Termin frei" },
      salonKey,
    );
    expect(declined.status).toBe(200);
    expect(declined.json.data).toMatchObject({
      status: "rejected",
      updatedAt: "2026-10-19T06:01:00.000Z",
    });
    expect(await triggers()).toEqual(["BOOKING_REQUESTED", "BOOKING_REJECTED"]);
    expect(hook.received[1]!.body.payload).toMatchObject({
      status: "REJECTED",
      rejectionReason: "Kein Termin frei",
    });
    expect((await book(sim.app, nine, 2006, { name: "B", email: "b@x.de" })).status).toBe(201);
  });

  it("needs the team's admin key to confirm or decline", async () => {
    const { sim } = setup();
    const created = (await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" })).json.data;
    for (const action of ["confirm", "decline"]) {
      const path = `/v2/bookings/${created.uid}/${action}`;
      expect((await post(sim.app, path)).status).toBe(401);
      expect((await post(sim.app, path, {}, dentalKey)).status).toBe(403);
    }
    expect((await post(sim.app, "/v2/bookings/nope/confirm", {}, salonKey)).status).toBe(404);
    expect(sim.bookings()[0]!.status).toBe("pending");
  });

  it("moves updatedAt on cancel too", async () => {
    const { sim, later } = setup();
    const created = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    later(5_000);
    const cancelled = await post(sim.app, `/v2/bookings/${created.uid}/cancel`, {});
    expect(cancelled.json.data.updatedAt).toBe("2026-10-19T06:00:05.000Z");
    expect(cancelled.json.data.createdAt).toBe("2026-10-19T06:00:00.000Z");
  });

  it("asks for confirmation again when a pending-type booking is rescheduled", async () => {
    const { sim, hook, triggers } = setup();
    const created = (await book(sim.app, nine, 2006, { name: "A", email: "a@x.de" })).json.data;
    const moved = await post(sim.app, `/v2/bookings/${created.uid}/reschedule`, {
      start: "2026-10-21T07:00:00Z",
    });
    expect(moved.json.data.status).toBe("pending");
    expect(await triggers()).toEqual(["BOOKING_REQUESTED", "BOOKING_REQUESTED"]);
    expect(hook.received[1]!.body.payload).toMatchObject({
      uid: moved.json.data.uid,
      rescheduleUid: created.uid,
      status: "PENDING",
    });
  });
});
