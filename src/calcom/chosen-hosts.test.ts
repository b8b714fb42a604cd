import { describe, expect, it } from "vitest";
import { UpstreamError } from "../domain/errors.ts";
import { Secret } from "../domain/secret.ts";
import { createSimulator, demoFixture, type SimulatorOptions } from "../simulator/index.ts";
import { createCalcomBookingGateway } from "./booking-gateway.ts";
import { bookingRefusalOf, refusesHostSubsets } from "./errors.ts";
import { CalcomError, createCalcomClient, createRateLimiter, retryPolicies } from "./index.ts";
import { simulatedSalon } from "./simulated-salon.ts";

/** Monday 2026-10-19, 08:00 in Berlin; the salon opens at 09:00 (07:00Z). */
const simNow = new Date("2026-10-19T06:00:00Z");
const nine = "2026-10-20T07:00:00.000Z";
const ten = "2026-10-20T08:00:00.000Z";
const range = { startUtc: "2026-10-20T00:00:00.000Z", endUtc: "2026-10-21T00:00:00.000Z" };
const attendee = { name: "Eva Kunde", email: "eva.kunde@example.com", timeZone: "Europe/Berlin" };

const company = simulatedSalon(simNow);

function setup(simOptions: SimulatorOptions = {}) {
  const sim = createSimulator(demoFixture(), { now: () => simNow, ...simOptions });
  const fetch: typeof globalThis.fetch = async (input, init) => sim.app.request(input, init);
  const client = createCalcomClient({
    baseUrl: "http://calcom.test",
    apiKey: new Secret("cal_test_salon_beispiel"),
    policy: retryPolicies.voice,
    rateLimiter: createRateLimiter(),
    fetch,
    sleep: async () => {},
  });
  const gateway = createCalcomBookingGateway({ fetch, rateLimiter: createRateLimiter() });
  const book = (hostIds?: readonly number[], start = nine, email = "kim@example.de") =>
    gateway.createBooking(company, {
      eventTypeId: 2001,
      start,
      attendee: {
        name: "Kim",
        email,
        timeZone: "Europe/Berlin",
        phoneNumber: null,
        language: "de",
      },
      notes: null,
      ref: `ref-${email}-${start}`,
      ...(hostIds ? { hostIds } : {}),
    });
  return { sim, client, gateway, book };
}

async function failure<T extends Error>(promise: Promise<unknown>, type: new (...a: never[]) => T) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe("the client with rrHostSubsetIds", () => {
  it("asks for the chosen hosts' slots as one comma-separated value", async () => {
    const { sim, client } = setup();
    await client.createBooking({
      eventTypeId: 2001,
      start: nine,
      attendee,
      rrHostSubsetIds: [502],
    });
    const slots = await client.getSlots({
      eventTypeId: 2001,
      start: range.startUtc,
      end: range.endUtc,
      rrHostSubsetIds: [502, 503],
    });
    expect(sim.requests.at(-1)?.query.rrHostSubsetIds).toBe("502,503");
    expect(Object.values(slots).flat().length).toBeGreaterThan(0);
    const only502 = await client.getSlots({
      eventTypeId: 2001,
      start: range.startUtc,
      end: range.endUtc,
      rrHostSubsetIds: [502],
    });
    const starts = Object.values(only502)
      .flat()
      .map((s) => new Date(s.start).toISOString());
    expect(starts).not.toContain(nine);
  });

  it("books and reschedules with one of the chosen hosts", async () => {
    const { client } = setup();
    const booking = await client.createBooking({
      eventTypeId: 2001,
      start: nine,
      attendee,
      rrHostSubsetIds: [503],
    });
    expect(booking.hosts[0]?.id).toBe(503);
    const moved = await client.rescheduleBooking(booking.uid, ten, undefined, [502]);
    expect(moved.hosts[0]?.id).toBe(502);
  });

  it("classifies a busy chosen host as slot_taken", async () => {
    const { client } = setup();
    await client.createBooking({
      eventTypeId: 2001,
      start: nine,
      attendee,
      rrHostSubsetIds: [502],
    });
    const error = await failure(
      client.createBooking({
        eventTypeId: 2001,
        start: nine,
        attendee: { ...attendee, email: "lou@example.com" },
        rrHostSubsetIds: [502],
      }),
      CalcomError,
    );
    expect(bookingRefusalOf(error)?.code).toBe("slot_taken");
  });

  it("recognises an older Cal.com's refusal of the parameter, on reads and writes", async () => {
    const { sim, client } = setup({ refuseRrHostSubsetIds: true });
    const read = await failure(
      client.getSlots({
        eventTypeId: 2001,
        start: range.startUtc,
        end: range.endUtc,
        rrHostSubsetIds: [502],
      }),
      CalcomError,
    );
    expect([read.kind, refusesHostSubsets(read)]).toEqual(["invalid_request", true]);
    const write = await failure(
      client.createBooking({ eventTypeId: 2001, start: nine, attendee, rrHostSubsetIds: [502] }),
      CalcomError,
    );
    expect(bookingRefusalOf(write)?.code).toBe("hosts_unsupported");
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(sim.bookings()).toHaveLength(0);
  });
});

describe("the booking gateway with chosen hosts", () => {
  it("passes hostIds on to slots, bookings and reschedules", async () => {
    const { gateway, book } = setup();
    const booked = await book([503]);
    expect(booked.hostUserId).toBe(503);
    const free = await gateway.slots(company, { eventTypeId: 2001, ...range, hostIds: [503] });
    expect(free).not.toContain(nine);
    expect(await gateway.slots(company, { eventTypeId: 2001, ...range })).toContain(nine);
    const moved = await gateway.rescheduleBooking(company, booked.uid, ten, undefined, {
      hostIds: [501],
    });
    expect(moved.hostUserId).toBe(501);
  });

  it("refuses a busy chosen host as slot_taken", async () => {
    const { book } = setup();
    await book([502]);
    const error = await failure(book([502], nine, "lou@example.de"), UpstreamError);
    expect([error.kind, error.refusal]).toEqual(["rejected", "slot_taken"]);
  });

  it("reports an older Cal.com as rejected / hosts_unsupported, on reads as on writes", async () => {
    const { gateway, book } = setup({ refuseRrHostSubsetIds: true });
    const read = await failure(
      gateway.slots(company, { eventTypeId: 2001, ...range, hostIds: [502] }),
      UpstreamError,
    );
    expect([read.kind, read.refusal]).toEqual(["rejected", "hosts_unsupported"]);
    expect(read.upstreamMessage).toBe("property rrHostSubsetIds should not exist");
    const write = await failure(book([502]), UpstreamError);
    expect([write.kind, write.refusal]).toEqual(["rejected", "hosts_unsupported"]);
    // Without the hosts the same requests go through.
    expect(await gateway.slots(company, { eventTypeId: 2001, ...range })).toContain(nine);
    const booked = await book();
    const moved = await failure(
      gateway.rescheduleBooking(company, booked.uid, ten, undefined, { hostIds: [502] }),
      UpstreamError,
    );
    expect([moved.kind, moved.refusal]).toEqual(["rejected", "hosts_unsupported"]);
  });
});
