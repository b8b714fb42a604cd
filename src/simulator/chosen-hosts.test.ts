import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, post, salonKey } from "./test-helpers.ts";

/** Monday 2026-10-19, 08:00 in Berlin; the salon works 09:00–18:00 (07:00Z–16:00Z). */
const early = () => new Date("2026-10-19T06:00:00Z");
const nine = "2026-10-20T07:00:00.000Z";
const ten = "2026-10-20T08:00:00.000Z";

type App = Parameters<typeof call>[0];

async function slotStarts(app: App, eventTypeId: number, hostIds?: string): Promise<string[]> {
  const subset = hostIds === undefined ? "" : `&rrHostSubsetIds=${hostIds}`;
  const res = await call(
    app,
    `/v2/slots?eventTypeId=${eventTypeId}&start=2026-10-20&end=2026-10-20${subset}`,
    { version: "2024-09-04" },
  );
  expect(res.status).toBe(200);
  return Object.values(res.json.data as Record<string, { start: string }[]>)
    .flat()
    .map((s) => s.start);
}

const kim = { name: "Kim", email: "kim@example.de" };

describe("rrHostSubsetEnabled in the team event-type listing", () => {
  it("is true for the salon's round robins and false where it is not enabled", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const salon = await call(app, "/v2/teams/1001/event-types");
    const flags = Object.fromEntries(
      salon.json.data.map((e: { id: number; rrHostSubsetEnabled: boolean }) => [
        e.id,
        e.rrHostSubsetEnabled,
      ]),
    );
    expect(flags).toEqual({ 2001: true, 2002: true, 2003: true, 2004: false });
    const dental = await call(app, "/v2/teams/1002/event-types");
    expect(
      dental.json.data.map((e: { rrHostSubsetEnabled: boolean }) => e.rrHostSubsetEnabled),
    ).toEqual([false, false]);
  });
});

describe("rrHostSubsetIds on GET /v2/slots", () => {
  it("lists only the chosen hosts' free times, never the others'", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    // Haarschnitt: 501, 502, 503. 502 takes 09:00.
    const first = await book(app, nine, 2001, kim, { rrHostSubsetIds: [502] });
    expect(first.json.data.hosts[0].id).toBe(502);

    expect(await slotStarts(app, 2001, "502")).not.toContain(nine);
    expect(await slotStarts(app, 2001, "502,503")).toContain(nine);
    expect(await slotStarts(app, 2001)).toContain(nine);
  });

  it("has no slots for ids that are not hosts of the event type", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    expect(await slotStarts(app, 2001, "504")).toEqual([]);
  });

  it("is ignored for an event type without rrHostSubsetEnabled", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await call(
      app,
      "/v2/slots?eventTypeId=2101&start=2026-10-20&end=2026-10-20&rrHostSubsetIds=999",
      { version: "2024-09-04" },
    );
    expect(Object.values(res.json.data).flat().length).toBeGreaterThan(0);
  });

  it("is a 400 when the list is not made of integers", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await call(
      app,
      "/v2/slots?eventTypeId=2001&start=2026-10-20&end=2026-10-20&rrHostSubsetIds=anna",
      { version: "2024-09-04" },
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
  });
});

describe("rrHostSubsetIds on POST /v2/bookings", () => {
  it("books one of the chosen hosts, not the one round robin would pick", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    // Without a choice 501 (the lowest id of equals) is picked.
    const res = await book(app, nine, 2001, kim, { rrHostSubsetIds: [503] });
    expect(res.status).toBe(201);
    expect(res.json.data.hosts[0].id).toBe(503);
  });

  it("refuses a busy chosen host with Cal.com's message, though others are free", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    await book(app, nine, 2001, kim, { rrHostSubsetIds: [502] });
    const res = await book(
      app,
      nine,
      2001,
      { name: "Lou", email: "lou@example.de" },
      {
        rrHostSubsetIds: [502],
      },
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(
      "One of the hosts either already has booking at this time or is not available",
    );
    const other = await book(app, nine, 2001, { name: "Lou", email: "lou@example.de" });
    expect(other.status).toBe(201);
  });

  it("is ignored for an event type without rrHostSubsetEnabled", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await book(
      app,
      nine,
      2101,
      { ...kim, timeZone: "Europe/London" },
      {
        rrHostSubsetIds: [602],
      },
    );
    expect(res.status).toBe(201);
    expect(res.json.data.hosts[0].id).toBe(601);
  });

  it("must be an array of integers", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await book(app, nine, 2001, kim, { rrHostSubsetIds: "503" });
    expect(res.status).toBe(400);
  });
});

describe("rrHostSubsetIds on POST /v2/bookings/{uid}/reschedule", () => {
  it("moves the booking to one of the chosen hosts, or refuses", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const original = await book(app, nine, 2001, kim);
    await book(
      app,
      ten,
      2001,
      { name: "Lou", email: "lou@example.de" },
      {
        rrHostSubsetIds: [502],
      },
    );
    const refused = await post(app, `/v2/bookings/${original.json.data.uid}/reschedule`, {
      start: ten,
      rrHostSubsetIds: [502],
    });
    expect(refused.status).toBe(400);
    const moved = await post(app, `/v2/bookings/${original.json.data.uid}/reschedule`, {
      start: ten,
      rrHostSubsetIds: [503],
    });
    expect(moved.status).toBe(201);
    expect(moved.json.data.hosts[0].id).toBe(503);
  });
});

describe("an older deployment (refuseRrHostSubsetIds)", () => {
  const refusal = "property rrHostSubsetIds should not exist";

  it("refuses the parameter on slots, bookings and reschedules with a 400", async () => {
    const sim = createSimulator(demoFixture(), { now: early, refuseRrHostSubsetIds: true });
    const slots = await call(
      sim.app,
      "/v2/slots?eventTypeId=2001&start=2026-10-20&end=2026-10-20&rrHostSubsetIds=502",
      { version: "2024-09-04" },
    );
    expect(slots.status).toBe(400);
    expect(slots.json).toMatchObject({
      status: "error",
      error: { code: "BadRequestException", message: refusal },
    });
    const booking = await book(sim.app, nine, 2001, kim, { rrHostSubsetIds: [502] });
    expect(booking.status).toBe(400);
    expect(booking.json.error.message).toBe(refusal);
    expect(sim.bookings()).toHaveLength(0);

    // The same requests without it work.
    expect(await slotStarts(sim.app, 2001)).toContain(nine);
    const plain = await book(sim.app, nine, 2001, kim);
    expect(plain.status).toBe(201);
    const moved = await post(sim.app, `/v2/bookings/${plain.json.data.uid}/reschedule`, {
      start: ten,
      rrHostSubsetIds: [503],
    });
    expect(moved.status).toBe(400);
    expect(moved.json.error.message).toBe(refusal);
  });

  it("is switched by setRefuseRrHostSubsetIds and POST /_simulator/rr-host-subset-ids", async () => {
    const sim = createSimulator(demoFixture(), { now: early });
    sim.setRefuseRrHostSubsetIds(true);
    expect((await book(sim.app, nine, 2001, kim, { rrHostSubsetIds: [502] })).status).toBe(400);
    const toggled = await call(sim.app, "/_simulator/rr-host-subset-ids", {
      method: "POST",
      body: { refuse: false },
    });
    expect(toggled.json).toEqual({ status: "success", data: { refuse: false } });
    expect((await book(sim.app, nine, 2001, kim, { rrHostSubsetIds: [502] })).status).toBe(201);
    const bad = await call(sim.app, "/_simulator/rr-host-subset-ids", {
      method: "POST",
      body: { refuse: "yes" },
      key: salonKey,
    });
    expect(bad.status).toBe(400);
  });
});
