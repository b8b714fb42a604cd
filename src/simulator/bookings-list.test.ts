import { describe, expect, it } from "vitest";
import { createSimulator } from "./simulator.ts";
import { book, call, dentalKey, flagsFixture, post, salonKey } from "./test-helpers.ts";

function setup() {
  let t = Date.parse("2026-10-19T06:00:00Z");
  const sim = createSimulator(flagsFixture(), { now: () => new Date(t) });
  const at = (iso: string) => {
    t = Date.parse(iso);
  };
  const list = (query = "", key = salonKey) =>
    call(sim.app, `/v2/bookings${query}`, { key, version: "2024-08-13" });
  return { sim, at, list };
}

const uids = (res: { json: { data: { uid: string }[] } }) => res.json.data.map((b) => b.uid);

/** Four salon bookings made a minute apart, one of them later cancelled, plus a dental one. */
async function seeded() {
  const s = setup();
  const { sim, at } = s;
  at("2026-10-19T06:00:00Z");
  const a = (await book(sim.app, "2026-10-21T07:00:00Z", 2001, { name: "A", email: "a@x.de" })).json
    .data;
  at("2026-10-19T06:01:00Z");
  const b = (await book(sim.app, "2026-10-20T07:00:00Z", 2003, { name: "B", email: "b@x.de" })).json
    .data;
  at("2026-10-19T06:02:00Z");
  const c = (await book(sim.app, "2026-10-22T07:00:00Z", 2006, { name: "C", email: "c@x.de" })).json
    .data;
  at("2026-10-19T06:03:00Z");
  const d = (await book(sim.app, "2026-10-20T08:00:00Z", 2101, { name: "D", email: "d@x.de" })).json
    .data;
  at("2026-10-19T06:04:00Z");
  await post(sim.app, `/v2/bookings/${b.uid}/cancel`, { cancellationReason: "krank" });
  return { ...s, a, b, c, d };
}

describe("GET /v2/bookings", () => {
  it("needs a key and shows only the key's teams", async () => {
    const { list, a, b, c, d } = await seeded();
    expect((await call(setup().sim.app, "/v2/bookings", { version: "2024-08-13" })).status).toBe(
      401,
    );
    expect(uids(await list())).toEqual([b.uid, a.uid, c.uid]); // by start
    expect(uids(await list("", dentalKey))).toEqual([d.uid]);
  });

  it("filters by team, event type, status and attendee", async () => {
    const { list, a, b, c } = await seeded();
    expect(uids(await list("?teamId=1001"))).toEqual([b.uid, a.uid, c.uid]);
    expect(uids(await list("?teamIds=1002"))).toEqual([]);
    expect(uids(await list("?eventTypeId=2001"))).toEqual([a.uid]);
    expect(uids(await list("?eventTypeIds=2001,2006"))).toEqual([a.uid, c.uid]);
    expect(uids(await list("?status=unconfirmed"))).toEqual([c.uid]);
    expect(uids(await list("?status=cancelled"))).toEqual([b.uid]);
    expect(uids(await list("?status=upcoming"))).toEqual([a.uid, c.uid]);
    expect(uids(await list("?status=upcoming,cancelled"))).toEqual([b.uid, a.uid, c.uid]);
    expect(uids(await list("?attendeeEmail=C@X.de"))).toEqual([c.uid]);
    const statuses = (await list()).json.data.map((x: { status: string }) => x.status);
    expect(statuses).toEqual(["cancelled", "accepted", "pending"]);
  });

  it("filters by updatedAt, createdAt, start and end", async () => {
    const { list, a, b, c } = await seeded();
    // b was cancelled at 06:04, so it was updated last.
    expect(uids(await list("?afterUpdatedAt=2026-10-19T06:01:30Z"))).toEqual([b.uid, c.uid]);
    expect(uids(await list("?beforeUpdatedAt=2026-10-19T06:01:30Z"))).toEqual([a.uid]);
    expect(uids(await list("?afterCreatedAt=2026-10-19T06:01:00Z"))).toEqual([b.uid, c.uid]);
    expect(uids(await list("?afterStart=2026-10-21T00:00:00Z"))).toEqual([a.uid, c.uid]);
    expect(uids(await list("?beforeEnd=2026-10-21T12:00:00Z"))).toEqual([b.uid, a.uid]);
  });

  it("sorts by start, updatedAt or createdAt, ascending or descending", async () => {
    const { list, a, b, c } = await seeded();
    expect(uids(await list("?sortStart=desc"))).toEqual([c.uid, a.uid, b.uid]);
    expect(uids(await list("?sortUpdatedAt=asc"))).toEqual([a.uid, c.uid, b.uid]);
    expect(uids(await list("?sortUpdatedAt=desc"))).toEqual([b.uid, c.uid, a.uid]);
    expect(uids(await list("?sortCreatedAt=asc"))).toEqual([a.uid, b.uid, c.uid]);
    expect((await list("?sortStart=up")).status).toBe(400);
  });

  it("shows createdAt, updatedAt, metadata, statuses and reschedule links in each booking", async () => {
    const { sim, list, at } = setup();
    const old = (
      await book(
        sim.app,
        "2026-10-20T07:00:00Z",
        2001,
        { name: "A", email: "a@x.de" },
        { metadata: { frontdeskRef: "r1" } },
      )
    ).json.data;
    at("2026-10-19T07:00:00Z");
    const moved = (
      await post(sim.app, `/v2/bookings/${old.uid}/reschedule`, { start: "2026-10-21T07:00:00Z" })
    ).json.data;
    const [first, second] = (await list("?sortCreatedAt=asc")).json.data;
    expect(first).toMatchObject({
      uid: old.uid,
      status: "cancelled",
      rescheduledToUid: moved.uid,
      createdAt: "2026-10-19T06:00:00.000Z",
      updatedAt: "2026-10-19T07:00:00.000Z",
      metadata: { frontdeskRef: "r1" },
      attendees: [expect.objectContaining({ email: "a@x.de" })],
    });
    expect(second).toMatchObject({
      uid: moved.uid,
      status: "accepted",
      rescheduledFromUid: old.uid,
      metadata: { frontdeskRef: "r1" },
    });
  });

  it("takes 100 by default and at most 250", async () => {
    const { list } = setup();
    expect((await list()).json.pagination.itemsPerPage).toBe(100);
    expect((await list("?take=250")).status).toBe(200);
    const over = await list("?take=251");
    expect(over.status).toBe(400);
    expect(over.json.error.code).toBe("BadRequestException");
    expect(over.json.error.message).toBe("take: take must not be greater than 250");
    expect(over.json.error.details.errors).toEqual([
      { property: "take", message: "take must not be greater than 250" },
    ]);
  });

  it("counts the totals without the date filters, as Cal.com does, so only a short page ends", async () => {
    const { list, a, b, c } = await seeded();
    const page = await list("?afterUpdatedAt=2026-10-19T06:01:30Z&sortUpdatedAt=asc&take=1");
    expect(uids(page)).toEqual([c.uid]);
    expect(page.json.pagination).toEqual({
      totalItems: 3, // all three salon bookings, though only two match the date filter
      totalCount: 3,
      remainingItems: 2,
      returnedItems: 1,
      itemsPerPage: 1,
      currentPage: 1,
      totalPages: 3,
      hasNextPage: true,
      hasPreviousPage: false,
    });
    const second = await list(
      "?afterUpdatedAt=2026-10-19T06:01:30Z&sortUpdatedAt=asc&take=1&skip=1",
    );
    expect(uids(second)).toEqual([b.uid]);
    const third = await list(
      "?afterUpdatedAt=2026-10-19T06:01:30Z&sortUpdatedAt=asc&take=1&skip=2",
    );
    // Empty, although hasNextPage said there was more.
    expect(third.json.data).toEqual([]);
    expect(third.json.pagination).toMatchObject({ returnedItems: 0, totalItems: 3 });
    expect(uids(await list("?take=2&skip=0"))).toEqual([b.uid, a.uid]);
  });
});
