import { describe, expect, it } from "vitest";
import { createSimulator } from "./simulator.ts";
import { book, call, capturingFetch, flagsFixture, post } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
// Tuesday 2026-10-20, 09:00 and 10:00 in Berlin (UTC+2).
const nine = "2026-10-20T07:00:00.000Z";
const ten = "2026-10-20T08:00:00.000Z";

function setup() {
  const hook = capturingFetch();
  const sim = createSimulator(flagsFixture(), {
    now,
    fetch: hook.fetch,
    webhooks: [{ teamId: 1001, url: "http://hooks.test/salon", secret: "s" }],
  });
  return { sim, hook };
}

describe("round robin with a mandatory (fixed) host", () => {
  it("makes the first fixed host the organizer and lists the chosen pool host as an attendee", async () => {
    const { sim } = setup();
    const res = await book(sim.app, nine, 2005, { name: "Max", email: "max@example.com" });
    expect(res.status).toBe(201);
    // Hosts are [502, 501 (fixed), 503]: 501 organizes, 502 (medium, no bookings, lowest id) is chosen.
    expect(res.json.data.hosts).toEqual([
      expect.objectContaining({ id: 501, email: "joerg.mueller@salon-beispiel.de" }),
    ]);
    expect(res.json.data.title).toBe("VIP between Jörg Müller and Max");
    expect(res.json.data.attendees).toEqual([
      expect.objectContaining({ name: "Max", email: "max@example.com" }),
      {
        name: "Anna Schmidt",
        email: "anna.schmidt@salon-beispiel.de",
        timeZone: "Europe/Berlin",
        language: "en",
        absent: false,
      },
    ]);
    expect(sim.bookings()[0]).toMatchObject({
      hostUserId: 501,
      chosenHostUserId: 502,
      hostUserIds: [501, 502],
    });
    // GET answers the same participants.
    const again = await call(sim.app, `/v2/bookings/${res.json.data.uid}`, {
      version: "2024-08-13",
    });
    expect(again.json.data).toEqual(res.json.data);
  });

  it("puts the organizer in the webhook's organizer and the chosen host in team.members and attendees", async () => {
    const { sim, hook } = setup();
    await book(sim.app, nine, 2005, { name: "Max", email: "max@example.com" });
    await sim.flushWebhooks();
    const { payload } = hook.received[0]!.body;
    expect(payload.organizer).toMatchObject({ id: 501, email: "joerg.mueller@salon-beispiel.de" });
    expect(payload.team.members).toEqual([
      {
        id: 502,
        name: "Anna Schmidt",
        email: "anna.schmidt@salon-beispiel.de",
        timeZone: "Europe/Berlin",
        language: { locale: "en" },
      },
    ]);
    expect(payload.attendees.map((a: { email: string }) => a.email)).toEqual([
      "max@example.com",
      "anna.schmidt@salon-beispiel.de",
    ]);
  });

  it("keeps the fixed host and the chosen one busy for that time", async () => {
    const { sim } = setup();
    await book(sim.app, nine, 2005, { name: "A", email: "a@x.de" });
    // The fixed host is taken, so the VIP slot is gone even though 503 is free.
    const second = await book(sim.app, nine, 2005, { name: "B", email: "b@x.de" });
    expect(second.status).toBe(400);
    expect(second.json.error.message).toBe(
      "One of the hosts either already has booking at this time or is not available",
    );
    // Haarschnitt (501, 502, 503) at 09:00: only 503 is left.
    const other = await book(sim.app, nine, 2001, { name: "C", email: "c@x.de" });
    expect(other.json.data.hosts[0].id).toBe(503);
    const slots = await call(sim.app, `/v2/slots?eventTypeId=2005&start=${nine}&end=${ten}`, {
      version: "2024-09-04",
    });
    expect(slots.json.data["2026-10-20"].map((s: { start: string }) => s.start)).toEqual([ten]);
  });

  it("spreads the pool by fewest bookings while the organizer stays the fixed host", async () => {
    const { sim } = setup();
    const chosen: number[] = [];
    for (const [i, start] of [nine, ten, "2026-10-20T09:00:00.000Z"].entries()) {
      await book(sim.app, start, 2005, { name: `P${i}`, email: `p${i}@x.de` });
    }
    for (const b of sim.bookings()) {
      expect(b.hostUserId).toBe(501);
      chosen.push(b.chosenHostUserId!);
    }
    expect(chosen).toEqual([502, 503, 502]);
  });

  it("keeps the fixed organizer on reschedule", async () => {
    const { sim, hook } = setup();
    const old = (await book(sim.app, nine, 2005, { name: "A", email: "a@x.de" })).json.data;
    const moved = await post(sim.app, `/v2/bookings/${old.uid}/reschedule`, { start: ten });
    expect(moved.status).toBe(201);
    expect(moved.json.data.hosts[0].id).toBe(501);
    expect(moved.json.data.attendees).toHaveLength(2);
    await sim.flushWebhooks();
    const rescheduled = hook.received.find((w) => w.body.triggerEvent === "BOOKING_RESCHEDULED");
    expect(rescheduled!.body.payload.organizer.id).toBe(501);
    expect(rescheduled!.body.payload.team.members.map((m: { id: number }) => m.id)).toHaveLength(1);
  });
});

describe("round robin without fixed hosts", () => {
  it("still makes the chosen host the organizer, with no other attendee", async () => {
    const { sim, hook } = setup();
    const res = await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    expect(res.json.data.hosts[0].id).toBe(501);
    expect(res.json.data.attendees).toHaveLength(1);
    expect(sim.bookings()[0]).toMatchObject({ hostUserId: 501, chosenHostUserId: 501 });
    await sim.flushWebhooks();
    expect(hook.received[0]!.body.payload.team.members).toEqual([]);
  });
});
