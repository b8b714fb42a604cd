import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, dentalKey, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
// Tuesday 2026-10-20, 09:00 and 09:30 in Berlin (UTC+2).
const nine = "2026-10-20T07:00:00.000Z";
const nineThirty = "2026-10-20T07:30:00.000Z";

const setup = () => createSimulator(demoFixture(), { now });

// What Cal.com answers for a team event type when no host is free at that start.
const hostsUnavailable =
  "One of the hosts either already has booking at this time or is not available";

describe("cal-api-version on /v2/bookings", () => {
  it("sends a request without the header to the legacy handler: 400", async () => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings", {
      method: "POST",
      body: { start: nine, eventTypeId: 2001, attendee: { name: "A", timeZone: "UTC" } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
    expect(res.json.error.message).toMatch(/legacy/);
    expect((await call(app, "/v2/bookings/abc")).status).toBe(400);
  });

  it.each(["2024-09-04", "2025-07-11"])("is a 404 with the wrong version %s", async (version) => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings", {
      method: "POST",
      version,
      body: { start: nine, eventTypeId: 2001, attendee: { name: "A", timeZone: "UTC" } },
    });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NotFoundException");
  });
});

describe("POST /v2/bookings", () => {
  it("creates a booking: 201 with BookingOutput listing only the organizer as host", async () => {
    const { app } = setup();
    const res = await book(
      app,
      nine,
      2001,
      { name: "Max Mustermann", email: "max@example.com" },
      {
        bookingFieldsResponses: { notes: "kurz bitte" },
        metadata: { callId: "call_1" },
      },
    );
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("success");
    expect(res.json.data).toMatchObject({
      id: 1,
      uid: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{22}$/),
      title: "Haarschnitt between Jörg Müller and Max Mustermann",
      description: "kurz bitte",
      status: "accepted",
      start: nine,
      end: "2026-10-20T07:30:00.000Z",
      duration: 30,
      eventTypeId: 2001,
      eventType: { id: 2001, slug: "haarschnitt" },
      hosts: [
        {
          id: 501,
          name: "Jörg Müller",
          email: "joerg.mueller@salon-beispiel.de",
          username: "joerg",
          timeZone: "Europe/Berlin",
        },
      ],
      attendees: [
        {
          name: "Max Mustermann",
          email: "max@example.com",
          timeZone: "Europe/Berlin",
          language: "en",
          absent: false,
        },
      ],
      bookingFieldsResponses: { notes: "kurz bitte" },
      metadata: { callId: "call_1" },
      createdAt: "2026-10-19T06:00:00.000Z",
      updatedAt: "2026-10-19T06:00:00.000Z",
    });
    expect(res.json.data.hosts).toHaveLength(1);
    const second = await book(app, nineThirty, 2001, { name: "B", email: "b@example.com" });
    expect(second.json.data.id).toBe(2);
    expect(second.json.data.uid).not.toBe(res.json.data.uid);
  });

  it("keeps the attendee's phone number", async () => {
    const { app } = setup();
    const res = await book(app, nine, 2001, { name: "A", email: "a@example.com" }, {});
    expect(res.json.data.attendees[0]).not.toHaveProperty("phoneNumber");
    const withPhone = await call(app, "/v2/bookings", {
      method: "POST",
      version: "2024-08-13",
      body: {
        start: nineThirty,
        eventTypeId: 2001,
        attendee: {
          name: "P",
          email: "p@example.com",
          timeZone: "UTC",
          phoneNumber: "+4930123456",
        },
      },
    });
    expect(withPhone.json.data.attendees[0].phoneNumber).toBe("+4930123456");
  });

  it("works with or without a valid key, and refuses an unknown one", async () => {
    const { app } = setup();
    const body = { start: nine, eventTypeId: 2001, attendee: { name: "A", timeZone: "UTC" } };
    const opts = { method: "POST", version: "2024-08-13", body };
    expect((await call(app, "/v2/bookings", { ...opts, key: "cal_unknown" })).status).toBe(401);
    expect((await call(app, "/v2/bookings", { ...opts, key: salonKey })).status).toBe(201);
  });

  it("picks round-robin hosts deterministically: fewest bookings, then lowest userId", async () => {
    const { app } = setup();
    const hosts: number[] = [];
    for (const [i, start] of [
      nine,
      nineThirty,
      "2026-10-20T08:00:00Z",
      "2026-10-20T08:30:00Z",
    ].entries()) {
      const res = await book(app, start, 2001, { name: `C${i}`, email: `c${i}@example.com` });
      hosts.push(res.json.data.hosts[0].id);
    }
    expect(hosts).toEqual([501, 502, 503, 501]);
  });

  it("prefers a higher priority host", async () => {
    const fixture = demoFixture();
    fixture.teams[0]!.eventTypes[0]!.hosts = [
      { userId: 501, priority: "low" },
      { userId: 502 },
      { userId: 503, priority: "highest" },
    ];
    const { app } = createSimulator(fixture, { now });
    const res = await book(app, nine, 2001, { name: "A", email: "a@example.com" });
    expect(res.json.data.hosts[0].id).toBe(503);
  });

  it("refuses a slot once every host is booked (no double booking)", async () => {
    const { app } = setup();
    const picked: number[] = [];
    for (const name of ["A", "B", "C"]) {
      const res = await book(app, nine, 2001, { name, email: `${name}@example.com` });
      picked.push(res.json.data.hosts[0].id);
    }
    expect(picked).toEqual([501, 502, 503]);
    const fourth = await book(app, nine, 2001, { name: "D", email: "d@example.com" });
    expect(fourth.status).toBe(400);
    expect(fourth.json.error).toMatchObject({
      code: "BadRequestException",
      message: "One of the hosts either already has booking at this time or is not available",
    });
  });

  it.each([
    ["off the slot grid", "2026-10-20T07:10:00Z"],
    ["outside working hours", "2026-10-20T17:00:00Z"],
    ["on a Sunday", "2026-10-25T09:00:00Z"],
  ])("refuses a start %s", async (_, start) => {
    const { app } = setup();
    const res = await book(app, start, 2001, { name: "A", email: "a@example.com" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(hostsUnavailable);
  });

  it("refuses a start in the past", async () => {
    const { app } = setup();
    const res = await book(app, "2026-10-16T07:00:00Z", 2001, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(400);
  });

  it("returns the existing booking for the same attendee, slot and event type", async () => {
    const sim = setup();
    const first = await book(sim.app, nine, 2001, { name: "Shared", email: "kasse@salon.de" });
    const again = await book(sim.app, nine, 2001, {
      name: "Other Caller",
      email: "KASSE@salon.de",
    });
    expect(again.status).toBe(201);
    expect(again.json.data.uid).toBe(first.json.data.uid);
    expect(again.json.data.attendees[0].name).toBe("Shared");
    expect(sim.bookings()).toHaveLength(1);
  });

  it("books a second attendee at the same slot with another host", async () => {
    const sim = setup();
    await book(sim.app, nine, 2001, { name: "A", email: "a@example.com" });
    await book(sim.app, nine, 2001, { name: "B", email: "b@example.com" });
    expect(sim.bookings().map((b) => b.hostUserId)).toEqual([501, 502]);
  });

  it.each([
    ["no attendee name", { attendee: { timeZone: "UTC", email: "a@x.de" } }],
    ["an empty attendee name", { attendee: { name: " ", timeZone: "UTC" } }],
    ["no attendee time zone", { attendee: { name: "A" } }],
    ["an unknown attendee time zone", { attendee: { name: "A", timeZone: "Nowhere/City" } }],
    ["an invalid email", { attendee: { name: "A", timeZone: "UTC", email: "nope" } }],
    ["no start", { start: undefined }],
    ["an invalid start", { start: "next tuesday" }],
    [
      "more than 50 metadata keys",
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
    ],
    ["a metadata key over 40 characters", { metadata: { ["k".repeat(41)]: "v" } }],
    ["a metadata value over 500 characters", { metadata: { k: "v".repeat(501) } }],
    ["a lengthInMinutes the event type does not offer", { lengthInMinutes: 45 }],
    ["no event type", { eventTypeId: undefined }],
  ])("answers %s with 400 and details", async (_, change) => {
    const { app } = setup();
    const body = {
      start: nine,
      eventTypeId: 2001,
      attendee: { name: "A", timeZone: "UTC" },
      ...change,
    };
    const res = await call(app, "/v2/bookings", { method: "POST", version: "2024-08-13", body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
  });

  it("lists every validation problem in details.errors", async () => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings", {
      method: "POST",
      version: "2024-08-13",
      body: { start: nine, eventTypeId: 2001, attendee: {} },
    });
    expect(res.json.error.details.errors.map((e: { property: string }) => e.property)).toEqual([
      "attendee.name",
      "attendee.timeZone",
    ]);
  });

  it("answers a malformed JSON body with 400", async () => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings", {
      method: "POST",
      version: "2024-08-13",
      rawBody: '{"start": "2026-10-20T07:00:00Z",',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
  });

  it("answers an unknown event type with 404", async () => {
    const { app } = setup();
    const res = await book(app, nine, 9999, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(404);
  });
});

describe("GET /v2/bookings/:uid", () => {
  it("returns the same shape as the create response", async () => {
    const { app } = setup();
    const created = await book(app, nine, 2001, { name: "A", email: "a@x.de" });
    const res = await call(app, `/v2/bookings/${created.json.data.uid}`, { version: "2024-08-13" });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual(created.json.data);
  });

  it("answers an unknown uid with 404", async () => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings/doesnotexist", { version: "2024-08-13" });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NotFoundException");
  });
});

describe("GET /v2/bookings", () => {
  const list = (app: Parameters<typeof call>[0], query = "", key = salonKey) =>
    call(app, `/v2/bookings${query}`, { key, version: "2024-08-13" });

  it("requires auth", async () => {
    const { app } = setup();
    expect((await call(app, "/v2/bookings", { version: "2024-08-13" })).status).toBe(401);
  });

  it("filters and pages the key's bookings", async () => {
    const { app } = setup();
    const a = await book(app, nine, 2001, { name: "A", email: "a@x.de" });
    await book(app, nineThirty, 2001, { name: "B", email: "b@x.de" });
    await book(app, nine, 2003, { name: "A", email: "a@x.de" });
    await book(app, "2026-10-20T07:00:00Z", 2101, { name: "D", email: "d@x.de" });
    await call(app, `/v2/bookings/${a.json.data.uid}/cancel`, {
      method: "POST",
      version: "2024-08-13",
      body: {},
    });

    const all = await list(app);
    expect(all.json.data).toHaveLength(3);
    expect(all.json.pagination).toEqual({
      totalItems: 3,
      totalCount: 3,
      remainingItems: 0,
      returnedItems: 3,
      itemsPerPage: 100,
      currentPage: 1,
      totalPages: 1,
      hasNextPage: false,
      hasPreviousPage: false,
    });
    const byEmail = await list(app, "?attendeeEmail=A@x.de");
    expect(byEmail.json.data.map((b: { eventTypeId: number }) => b.eventTypeId)).toEqual([
      2001, 2003,
    ]);
    expect(
      (await list(app, "?status=cancelled")).json.data.map((b: { uid: string }) => b.uid),
    ).toEqual([a.json.data.uid]);
    expect((await list(app, "?status=upcoming")).json.data).toHaveLength(2);
    expect((await list(app, "?eventTypeId=2003")).json.data).toHaveLength(1);
    expect((await list(app, "?afterStart=2026-10-20T07:15:00Z")).json.data).toHaveLength(1);
    const page = await list(app, "?take=2&skip=2");
    expect(page.json.pagination).toMatchObject({
      totalItems: 3,
      returnedItems: 1,
      currentPage: 2,
      totalPages: 2,
      hasNextPage: false,
      hasPreviousPage: true,
    });
    expect((await list(app, "", dentalKey)).json.data).toHaveLength(1);
    expect((await list(app, "?status=soon")).status).toBe(400);
  });
});

describe("POST /v2/bookings/:uid/cancel", () => {
  it("cancels, frees the slot, and refuses a second cancel", async () => {
    const fixture = demoFixture();
    fixture.teams[0]!.eventTypes[2]!.hosts = [{ userId: 504 }];
    const sim = createSimulator(fixture, { now });
    const created = await book(sim.app, nine, 2003, { name: "A", email: "a@x.de" });
    expect((await book(sim.app, nine, 2003, { name: "B", email: "b@x.de" })).status).toBe(400);
    const uid = created.json.data.uid;
    const cancel = () =>
      call(sim.app, `/v2/bookings/${uid}/cancel`, {
        method: "POST",
        version: "2024-08-13",
        body: { cancellationReason: "Kunde krank" },
      });
    const res = await cancel();
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({
      uid,
      status: "cancelled",
      cancellationReason: "Kunde krank",
    });
    expect(sim.bookings()[0]!.status).toBe("cancelled");
    expect((await book(sim.app, nine, 2003, { name: "B", email: "b@x.de" })).status).toBe(201);
    expect((await cancel()).status).toBe(400);
  });

  it("answers an unknown uid with 404", async () => {
    const { app } = setup();
    const res = await call(app, "/v2/bookings/nope/cancel", {
      method: "POST",
      version: "2024-08-13",
      body: {},
    });
    expect(res.status).toBe(404);
  });
});

describe("POST /v2/bookings/:uid/reschedule", () => {
  const reschedule = (app: Parameters<typeof call>[0], uid: string, start: string) =>
    call(app, `/v2/bookings/${uid}/reschedule`, {
      method: "POST",
      version: "2024-08-13",
      body: { start, reschedulingReason: "Termin passt nicht" },
    });

  it("creates a new booking with a new uid and cancels the old one", async () => {
    const sim = setup();
    const old = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    const res = await reschedule(sim.app, old.uid, "2026-10-21T08:00:00Z");
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({
      status: "accepted",
      start: "2026-10-21T08:00:00.000Z",
      rescheduledFromUid: old.uid,
      reschedulingReason: "Termin passt nicht",
      attendees: [expect.objectContaining({ email: "a@x.de" })],
    });
    expect(res.json.data.uid).not.toBe(old.uid);
    expect(res.json.data.id).not.toBe(old.id);
    const before = await call(sim.app, `/v2/bookings/${old.uid}`, { version: "2024-08-13" });
    expect(before.json.data).toMatchObject({
      status: "cancelled",
      rescheduledToUid: res.json.data.uid,
    });
    expect(sim.bookings().map((b) => [b.status, b.rescheduledFromUid, b.rescheduledToUid])).toEqual(
      [
        ["cancelled", undefined, res.json.data.uid],
        ["accepted", old.uid, undefined],
      ],
    );
  });

  it("lets a booking move into time its own old slot occupies", async () => {
    const fixture = demoFixture();
    const bart = fixture.teams[0]!.eventTypes[2]!;
    bart.hosts = [{ userId: 504 }];
    bart.lengthInMinutes = 60;
    bart.slotInterval = 30;
    const { app } = createSimulator(fixture, { now });
    const old = (await book(app, nine, 2003, { name: "A", email: "a@x.de" })).json.data;
    const res = await reschedule(app, old.uid, nineThirty);
    expect(res.status).toBe(201);
    expect(res.json.data.hosts[0].id).toBe(504);
  });

  it("refuses a slot that is taken", async () => {
    const fixture = demoFixture();
    fixture.teams[0]!.eventTypes[2]!.hosts = [{ userId: 504 }];
    const { app } = createSimulator(fixture, { now });
    const old = (await book(app, nine, 2003, { name: "A", email: "a@x.de" })).json.data;
    await book(app, "2026-10-20T08:00:00Z", 2003, { name: "B", email: "b@x.de" });
    const res = await reschedule(app, old.uid, "2026-10-20T08:00:00Z");
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(hostsUnavailable);
  });

  it("refuses to reschedule a cancelled booking", async () => {
    const { app } = setup();
    const old = (await book(app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    await reschedule(app, old.uid, "2026-10-21T08:00:00Z");
    expect((await reschedule(app, old.uid, "2026-10-22T08:00:00Z")).status).toBe(400);
  });
});
