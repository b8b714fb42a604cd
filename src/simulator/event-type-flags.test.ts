import { describe, expect, it } from "vitest";
import { simulatorFixtureSchema } from "./fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, capturingFetch, flagsFixture, post, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
// Tuesday 2026-10-20, 09:00 in Berlin (UTC+2).
const nine = "2026-10-20T07:00:00.000Z";

function setup() {
  const hook = capturingFetch();
  const sim = createSimulator(flagsFixture(), {
    now,
    fetch: hook.fetch,
    webhooks: [{ teamId: 1001, url: "http://hooks.test/salon", secret: "s" }],
  });
  return { sim, hook };
}

async function listing(sim: ReturnType<typeof setup>["sim"], id: number) {
  const res = await call(sim.app, "/v2/teams/1001/event-types");
  return res.json.data.find((e: { id: number }) => e.id === id);
}

describe("booking fields", () => {
  it("lists Cal.com's default fields first, then the fixture's own", async () => {
    const { sim } = setup();
    const fields = (await listing(sim, 2007)).bookingFields;
    expect(fields.map((f: { slug: string; isDefault: boolean }) => [f.slug, f.isDefault])).toEqual([
      ["name", true],
      ["email", true],
      ["attendeePhoneNumber", true],
      ["location", true],
      ["title", true],
      ["notes", true],
      ["guests", true],
      ["rescheduleReason", true],
      ["allergies", false],
      ["referral", false],
      ["internal", false],
    ]);
    expect(fields[2]).toMatchObject({ type: "phone", required: false, hidden: true });
    expect(fields[8]).toEqual({
      isDefault: false,
      type: "textarea",
      slug: "allergies",
      label: "Allergien",
      required: true,
      hidden: false,
    });
    expect(fields[9]).toMatchObject({ type: "select", options: ["Google", "Freunde"] });
    // An event type without custom fields still has the defaults.
    expect((await listing(sim, 2001)).bookingFields).toHaveLength(8);
  });

  it("refuses a booking without an answer to a required visible field", async () => {
    const { sim } = setup();
    const res = await book(sim.app, nine, 2007, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: "BadRequestException",
      message:
        "Missing required booking field response: allergies - it is required by the event type booking fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID 2007 to see the required fields.",
    });
    expect(sim.bookings()).toEqual([]);
  });

  it("accepts the answer (a hidden required field needs none) and labels it in the webhook", async () => {
    const { sim, hook } = setup();
    const res = await book(
      sim.app,
      nine,
      2007,
      { name: "A", email: "a@x.de" },
      { bookingFieldsResponses: { allergies: "Nüsse", referral: "Google" } },
    );
    expect(res.status).toBe(201);
    expect(res.json.data.bookingFieldsResponses).toMatchObject({ allergies: "Nüsse" });
    await sim.flushWebhooks();
    expect(hook.received[0]!.body.payload.userFieldsResponses).toEqual({
      allergies: { label: "Allergien", value: "Nüsse" },
      referral: { label: "Wie haben Sie uns gefunden?", value: "Google" },
    });
  });

  it.each([
    [{ allergies: 3 }, "Invalid type for booking field 'allergies'. Expected type string"],
    [{ allergies: "x", referral: "Radio" }, "Invalid option 'Radio' for booking field 'referral'"],
  ])("checks the type and options of answers: %j", async (responses, message) => {
    const { sim } = setup();
    const res = await book(
      sim.app,
      nine,
      2007,
      { name: "A", email: "a@x.de" },
      { bookingFieldsResponses: responses },
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
  });

  it("refuses a custom field that reuses a default slug", () => {
    const fixture = flagsFixture();
    fixture.teams[0]!.eventTypes[0]!.bookingFields = [
      { slug: "notes", type: "text", label: "Notizen" },
    ];
    expect(simulatorFixtureSchema.safeParse(fixture).success).toBe(false);
  });
});

describe("attendee contact details", () => {
  it.each([
    ["email", { email: "not-an-email" }, "attendee.email: Invalid email format"],
    [
      "phone number",
      { email: "a@x.de", phoneNumber: "+49 123" },
      "attendee.phoneNumber: Invalid phone number format. Please use international format.",
    ],
  ])("refuses an invalid %s with Cal.com's wording", async (_, contact, message) => {
    const { sim } = setup();
    const res = await call(sim.app, "/v2/bookings", {
      method: "POST",
      version: "2024-08-13",
      body: {
        start: nine,
        eventTypeId: 2001,
        attendee: { name: "A", timeZone: "UTC", ...contact },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
    expect(res.json.error.message).toBe(message);
  });

  it("accepts a valid international phone number", async () => {
    const { sim } = setup();
    const res = await book(sim.app, nine, 2001, {
      name: "A",
      email: "a@x.de",
      phoneNumber: "+4915112345678",
    } as never);
    expect(res.status).toBe(201);
  });
});

describe("managed event types", () => {
  it("lists the parent with the hosts of its children", async () => {
    const { sim } = setup();
    const parent = await listing(sim, 2008);
    expect(parent).toMatchObject({ schedulingType: "managed", parentEventTypeId: null });
    expect(parent.hosts.map((h: { userId: number }) => h.userId)).toEqual([501, 502]);
    expect(parent.hosts[0]).not.toHaveProperty("mandatory");
  });

  it("refuses to book the parent with Cal.com's answer", async () => {
    const { sim } = setup();
    const res = await book(sim.app, nine, 2008, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(
      "Event type with id=2008 is the parent managed event type that can't be booked. You have to provide the child event type id aka id of event type that has been assigned to one of the users.",
    );
  });
});

describe("recurring event types", () => {
  it("shows the recurrence in the listing (null when not recurring)", async () => {
    const { sim } = setup();
    expect((await listing(sim, 2009)).recurrence).toEqual({
      interval: 1,
      occurrences: 3,
      frequency: "weekly",
    });
    expect((await listing(sim, 2001)).recurrence).toBeNull();
  });

  it("answers a booking with an array of occurrences sharing recurringBookingUid", async () => {
    const { sim, hook } = setup();
    const res = await book(sim.app, nine, 2009, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(201);
    expect(Array.isArray(res.json.data)).toBe(true);
    const data = res.json.data as { start: string; recurringBookingUid: string; uid: string }[];
    expect(data.map((b) => b.start)).toEqual([
      "2026-10-20T07:00:00.000Z",
      "2026-10-27T08:00:00.000Z", // same wall clock in Berlin after summer time ends
      "2026-11-03T08:00:00.000Z",
    ]);
    const series = data[0]!.recurringBookingUid;
    expect(series).toEqual(expect.any(String));
    expect(data.every((b) => b.recurringBookingUid === series)).toBe(true);
    expect(new Set(data.map((b) => b.uid)).size).toBe(3);
    // The series uid answers with every occurrence.
    const bySeries = await call(sim.app, `/v2/bookings/${series}`, { version: "2024-08-13" });
    expect(bySeries.json.data).toHaveLength(3);
    await sim.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.body.payload.recurringEvent).toEqual({
      freq: 2,
      count: 3,
      interval: 1,
    });
  });

  it("books recurrenceCount occurrences, never more than the event type allows", async () => {
    const { sim } = setup();
    const two = await book(
      sim.app,
      nine,
      2009,
      { name: "A", email: "a@x.de" },
      { recurrenceCount: 2 },
    );
    expect(two.json.data).toHaveLength(2);
    const tooMany = await book(
      sim.app,
      "2026-10-21T07:00:00Z",
      2009,
      { name: "B", email: "b@x.de" },
      { recurrenceCount: 4 },
    );
    expect(tooMany.status).toBe(400);
  });

  it("cancels the rest of a series with cancelSubsequentBookings", async () => {
    const { sim } = setup();
    const data = (await book(sim.app, nine, 2009, { name: "A", email: "a@x.de" })).json.data;
    const res = await post(sim.app, `/v2/bookings/${data[1].uid}/cancel`, {
      cancelSubsequentBookings: true,
    });
    expect(res.json.data.map((b: { status: string }) => b.status)).toEqual([
      "accepted",
      "cancelled",
      "cancelled",
    ]);
  });
});

describe("seated event types", () => {
  it("shows the seats in the listing", async () => {
    const { sim } = setup();
    const workshop = await listing(sim, 2010);
    expect(workshop).toMatchObject({
      seats: { seatsPerTimeSlot: 2, showAttendeeInfo: false, showAvailabilityCount: true },
      seatsPerTimeSlot: 2,
    });
    expect(await listing(sim, 2001)).not.toHaveProperty("seats");
  });

  it("seats attendees in one booking until it is full, and counts seats in slots", async () => {
    const { sim } = setup();
    const first = await book(sim.app, nine, 2010, { name: "A", email: "a@x.de" });
    expect(first.status).toBe(201);
    expect(first.json.data.seatUid).toEqual(expect.any(String));
    // Without an admin key and without showAttendeeInfo the seats' attendees stay hidden.
    expect(first.json.data.attendees).toEqual([]);
    const slots = await call(
      sim.app,
      `/v2/slots?eventTypeId=2010&start=${nine}&end=${nine}&format=range`,
      { version: "2024-09-04" },
    );
    expect(slots.json.data["2026-10-20"]).toEqual([
      {
        start: nine,
        end: "2026-10-20T08:00:00.000Z",
        seatsBooked: 1,
        seatsRemaining: 1,
        seatsTotal: 2,
        bookingUid: first.json.data.uid,
      },
    ]);
    const second = await book(sim.app, nine, 2010, { name: "B", email: "b@x.de" });
    expect(second.json.data.uid).toBe(first.json.data.uid);
    expect(second.json.data.seatUid).not.toBe(first.json.data.seatUid);
    const admin = await call(sim.app, `/v2/bookings/${first.json.data.uid}`, {
      version: "2024-08-13",
      key: salonKey,
    });
    expect(admin.json.data.attendees.map((a: { email: string }) => a.email)).toEqual([
      "a@x.de",
      "b@x.de",
    ]);
    const third = await book(sim.app, nine, 2010, { name: "C", email: "c@x.de" });
    expect(third.status).toBe(409);
    expect(third.json.error).toMatchObject({
      code: "ConflictException",
      message: "No more seats left at this seated booking.",
    });
    const full = await call(sim.app, `/v2/slots?eventTypeId=2010&start=${nine}&end=${nine}`, {
      version: "2024-09-04",
    });
    expect(full.json.data).toEqual({});
  });

  it("frees one seat when it is cancelled by seatUid", async () => {
    const { sim } = setup();
    const a = (await book(sim.app, nine, 2010, { name: "A", email: "a@x.de" })).json.data;
    await book(sim.app, nine, 2010, { name: "B", email: "b@x.de" });
    const res = await post(sim.app, `/v2/bookings/${a.uid}/cancel`, { seatUid: a.seatUid });
    expect(res.json.data.status).toBe("accepted");
    expect(sim.bookings()[0]!.seats!.map((s) => s.attendee.email)).toEqual(["b@x.de"]);
    const unknown = await post(sim.app, `/v2/bookings/${a.uid}/cancel`, { seatUid: "nope" });
    expect(unknown.status).toBe(400);
  });
});

describe("booking limits", () => {
  it("lists the limit and refuses the booking over it with booking_limit_reached", async () => {
    const { sim } = setup();
    expect((await listing(sim, 2011)).bookingLimitsCount).toEqual({ day: 2 });
    expect(await listing(sim, 2001)).not.toHaveProperty("bookingLimitsCount");
    for (const name of ["A", "B"]) {
      expect((await book(sim.app, nine, 2011, { name, email: `${name}@x.de` })).status).toBe(201);
    }
    const third = await book(sim.app, "2026-10-20T12:00:00Z", 2011, { name: "C", email: "c@x.de" });
    expect(third.status).toBe(400);
    expect(third.json.error).toMatchObject({
      code: "BadRequestException",
      message: "booking_limit_reached",
    });
    // The day is full in the slots too; the next day is not.
    const slots = await call(
      sim.app,
      "/v2/slots?eventTypeId=2011&start=2026-10-20&end=2026-10-21&timeZone=Europe/Berlin",
      { version: "2024-09-04" },
    );
    expect(Object.keys(slots.json.data)).toEqual(["2026-10-21"]);
    expect(
      (await book(sim.app, "2026-10-21T12:00:00Z", 2011, { name: "C", email: "c@x.de" })).status,
    ).toBe(201);
  });
});
