import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, type CallOptions, call, dentalKey, salonKey } from "./test-helpers.ts";

const nine = "2026-10-20T07:00:00.000Z";
const minute = 60_000;

/** A simulator on a clock the test moves. */
function setup() {
  let nowMs = Date.parse("2026-10-19T06:00:00Z");
  const sim = createSimulator(demoFixture(), { now: () => new Date(nowMs) });
  const slots = (opts: CallOptions = {}) =>
    call(sim.app, "/v2/slots/reservations", { version: "2024-09-04", method: "POST", ...opts });
  const reservation = (uid: string, opts: CallOptions = {}) =>
    call(sim.app, `/v2/slots/reservations/${uid}`, { version: "2024-09-04", ...opts });
  const listed = async (eventTypeId: number) => {
    const res = await call(
      sim.app,
      `/v2/slots?eventTypeId=${eventTypeId}&start=2026-10-20&end=2026-10-20`,
      { version: "2024-09-04" },
    );
    return Object.values(res.json.data as Record<string, { start: string }[]>)
      .flat()
      .map((s) => s.start);
  };
  return {
    sim,
    reserve: slots,
    reservation,
    listed,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe("POST /v2/slots/reservations", () => {
  it("holds a slot for 5 minutes by default and answers 201 with the reservation", async () => {
    const { reserve } = setup();
    const res = await reserve({ body: { eventTypeId: 2001, slotStart: nine } });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("success");
    expect(res.json.data).toEqual({
      eventTypeId: 2001,
      slotStart: nine,
      slotEnd: "2026-10-20T07:30:00.000Z",
      slotDuration: 30,
      reservationUid: expect.any(String),
      reservationDuration: 5,
      reservationUntil: "2026-10-19T06:05:00.000Z",
    });
  });

  it("lets a member of the team set the duration; anonymous callers and others may not", async () => {
    const { reserve } = setup();
    const body = { eventTypeId: 2001, slotStart: nine, reservationDuration: 12 };
    const anonymous = await reserve({ body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UnauthorizedException");
    const stranger = await reserve({ body, key: dentalKey });
    expect(stranger.status).toBe(403);
    const member = await reserve({ body, key: salonKey });
    expect(member.status).toBe(201);
    expect(member.json.data.reservationDuration).toBe(12);
    expect(member.json.data.reservationUntil).toBe("2026-10-19T06:12:00.000Z");
  });

  it("hides the time from the whole event type's slots until it expires", async () => {
    const { reserve, reservation, listed, advance } = setup();
    const res = await reserve({
      body: { eventTypeId: 2001, slotStart: nine, reservationDuration: 10 },
      key: salonKey,
    });
    // Three hosts could take 09:00, yet it is gone for all of them; other event types keep it.
    expect(await listed(2001)).not.toContain(nine);
    expect(await listed(2001)).toContain("2026-10-20T07:30:00.000Z");
    expect(await listed(2002)).toContain(nine);
    expect((await reservation(res.json.data.reservationUid)).json.data).toMatchObject({
      reservationUid: res.json.data.reservationUid,
      reservationUntil: "2026-10-19T06:10:00.000Z",
    });

    advance(10 * minute);
    expect(await listed(2001)).toContain(nine);
    expect((await reservation(res.json.data.reservationUid)).json).toEqual({
      status: "success",
      data: null,
    });
  });

  it("does not stop a booking through the API", async () => {
    const { sim, reserve } = setup();
    await reserve({ body: { eventTypeId: 2001, slotStart: nine } });
    const res = await book(sim.app, nine, 2001, { name: "Kim", email: "kim@example.de" });
    expect(res.status).toBe(201);
  });

  it("is refused for a time the event type has booked or another reservation holds", async () => {
    const { sim, reserve } = setup();
    await book(sim.app, nine, 2001, { name: "Kim", email: "kim@example.de" });
    const booked = await reserve({ body: { eventTypeId: 2001, slotStart: nine } });
    expect(booked.status).toBe(422);
    expect(booked.json.error).toMatchObject({
      code: "UnprocessableEntityException",
      message: "Can't reserve a slot if the event is already booked.",
    });
    await reserve({ body: { eventTypeId: 2002, slotStart: nine } });
    const overlapping = await reserve({
      body: { eventTypeId: 2002, slotStart: "2026-10-20T08:00:00.000Z" },
    });
    expect(overlapping.status).toBe(422);
    expect(overlapping.json.error.message).toBe(
      "This time slot is already reserved by another user. Please choose a different time.",
    );
  });

  it("checks its input the way Cal.com does", async () => {
    const { reserve } = setup();
    expect((await reserve({ body: { eventTypeId: 9999, slotStart: nine } })).json.error).toEqual({
      code: "NotFoundException",
      message: "Event Type with ID=9999 not found",
    });
    const length = await reserve({
      body: { eventTypeId: 2001, slotStart: nine, slotDuration: 60 },
    });
    expect(length.status).toBe(400);
    expect((await reserve({ body: { eventTypeId: 2001, slotStart: "soon" } })).status).toBe(400);
    expect(
      (await reserve({ body: { eventTypeId: 2004, slotStart: nine } })).json.error.message,
    ).toBe("Cannot reserve a slot for a team event without any hosts");
  });

  it("needs cal-api-version 2024-09-04", async () => {
    const { reserve } = setup();
    const res = await reserve({
      body: { eventTypeId: 2001, slotStart: nine },
      version: "2024-08-13",
    });
    expect(res.status).toBe(404);
  });
});

describe("PATCH and DELETE /v2/slots/reservations/{uid}", () => {
  it("moves a reservation, and a deleted one frees its time", async () => {
    const { reserve, reservation, listed } = setup();
    const created = await reserve({ body: { eventTypeId: 2001, slotStart: nine } });
    const uid = created.json.data.reservationUid;
    const moved = await reservation(uid, {
      method: "PATCH",
      body: { eventTypeId: 2001, slotStart: "2026-10-20T08:00:00.000Z" },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.data).toMatchObject({
      reservationUid: uid,
      slotStart: "2026-10-20T08:00:00.000Z",
    });
    expect(await listed(2001)).toContain(nine);
    expect(await listed(2001)).not.toContain("2026-10-20T08:00:00.000Z");

    const deleted = await reservation(uid, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ status: "success" });
    expect(await listed(2001)).toContain("2026-10-20T08:00:00.000Z");
  });

  it("answers an unknown uid: PATCH is a 404, DELETE succeeds anyway", async () => {
    const { reservation } = setup();
    const patch = await reservation("nope", {
      method: "PATCH",
      body: { eventTypeId: 2001, slotStart: nine },
    });
    expect(patch.status).toBe(404);
    expect(patch.json.error.message).toBe("Slot with uid=nope not found");
    expect((await reservation("nope", { method: "DELETE" })).status).toBe(200);
  });
});
