import { describe, expect, it } from "vitest";
import { UpstreamError } from "../domain/errors.ts";
import type { UpstreamMeter } from "../domain/ports/calcom.ts";
import { Secret } from "../domain/secret.ts";
import { createSimulator, demoFixture } from "../simulator/index.ts";
import { createCalcomBookingGateway } from "./booking-gateway.ts";
import {
  CalcomError,
  type CalcomRequestInfo,
  createCalcomClient,
  createRateLimiter,
  retryPolicies,
} from "./index.ts";
import { simulatedSalon } from "./simulated-salon.ts";

/** Monday 2026-10-19, 08:00 in Berlin; the salon opens at 09:00 (07:00Z). */
const simNow = new Date("2026-10-19T06:00:00Z");
const nine = "2026-10-20T07:00:00.000Z";
const range = { startUtc: "2026-10-20T00:00:00.000Z", endUtc: "2026-10-21T00:00:00.000Z" };

const company = simulatedSalon(simNow);

function setup(fetchOverride?: typeof fetch) {
  const sim = createSimulator(demoFixture(), { now: () => simNow });
  const fetch: typeof globalThis.fetch =
    fetchOverride ?? (async (input, init) => sim.app.request(input, init));
  const calls: CalcomRequestInfo[] = [];
  const client = createCalcomClient({
    baseUrl: "http://calcom.test",
    apiKey: new Secret("cal_test_salon_beispiel"),
    policy: retryPolicies.voice,
    rateLimiter: createRateLimiter(),
    fetch,
    sleep: async () => {},
    onRequest: (info) => calls.push(info),
  });
  const gateway = createCalcomBookingGateway({ fetch, rateLimiter: createRateLimiter() });
  return { sim, client, gateway, calls };
}

async function failure<T extends Error>(promise: Promise<unknown>, type: new (...a: never[]) => T) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe("slot reservations in the client", () => {
  it("reserves with the slots version and the key, and reads the reservation", async () => {
    const { sim, client } = setup();
    const reservation = await client.createSlotReservation({
      eventTypeId: 2001,
      slotStart: nine,
      reservationDuration: 7,
    });
    expect(reservation).toEqual({
      reservationUid: expect.any(String),
      eventTypeId: 2001,
      slotStart: nine,
      slotEnd: "2026-10-20T07:30:00.000Z",
      reservationUntil: "2026-10-19T06:07:00.000Z",
    });
    expect(sim.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/v2/slots/reservations",
      apiVersion: "2024-09-04",
      apiKey: "cal_test_salon_beispiel",
    });
  });

  it("sends a reservation once: a 5xx is not repeated", async () => {
    const { sim, client, calls } = setup();
    sim.faults.inject({ kind: "500", method: "POST", path: "/v2/slots/reservations", times: 3 });
    const error = await failure(
      client.createSlotReservation({ eventTypeId: 2001, slotStart: nine }),
      CalcomError,
    );
    expect([error.kind, error.retryable]).toEqual(["unavailable", false]);
    expect(error.message).toContain("expires by itself");
    expect(calls).toHaveLength(1);
  });

  it("deletes a reservation, again without error, and takes a 404 as already gone", async () => {
    const { sim, client } = setup();
    const { reservationUid } = await client.createSlotReservation({
      eventTypeId: 2001,
      slotStart: nine,
    });
    await client.deleteSlotReservation(reservationUid);
    await client.deleteSlotReservation(reservationUid);
    expect(sim.requests.filter((r) => r.method === "DELETE")).toHaveLength(2);

    // A deployment that answers an unknown uid with a 404.
    const notFound = setup(async () =>
      Response.json(
        {
          status: "error",
          error: { code: "NOT_FOUND", message: "Record to delete does not exist." },
        },
        { status: 404 },
      ),
    );
    await expect(notFound.client.deleteSlotReservation("gone")).resolves.toBeUndefined();
  });

  it("retries a failed delete, which is safe to repeat", async () => {
    const { sim, client, calls } = setup();
    const { reservationUid } = await client.createSlotReservation({
      eventTypeId: 2001,
      slotStart: nine,
    });
    sim.faults.inject({ kind: "500", method: "DELETE" });
    await client.deleteSlotReservation(reservationUid);
    expect(calls.slice(1).map((c) => c.status)).toEqual([500, 200]);
  });
});

describe("reserveSlot and releaseSlot in the booking gateway", () => {
  it("hides the time from slots until released, and metres the requests", async () => {
    const { gateway } = setup();
    const meter: UpstreamMeter = { calcomMs: 0, calcomRequests: 0 };
    const held = await gateway.reserveSlot(
      company,
      { eventTypeId: 2001, start: nine, durationMinutes: 30, minutes: 4 },
      meter,
    );
    expect(held).toEqual({ uid: expect.any(String), expiresAt: "2026-10-19T06:04:00.000Z" });
    expect(meter.calcomRequests).toBe(1);
    expect(await gateway.slots(company, { eventTypeId: 2001, ...range })).not.toContain(nine);

    await gateway.releaseSlot(company, held.uid, meter);
    expect(meter.calcomRequests).toBe(2);
    expect(await gateway.slots(company, { eventTypeId: 2001, ...range })).toContain(nine);
    await gateway.releaseSlot(company, held.uid);
  });

  it("refuses a time already booked or held as slot_taken", async () => {
    const { gateway } = setup();
    const q = { eventTypeId: 2001, start: nine, durationMinutes: 30, minutes: 5 };
    await gateway.reserveSlot(company, q);
    const again = await failure(gateway.reserveSlot(company, q), UpstreamError);
    expect([again.kind, again.refusal]).toEqual(["rejected", "slot_taken"]);
  });

  it("keeps to a short budget when Cal.com does not answer", async () => {
    const { sim, gateway } = setup();
    sim.faults.inject({
      kind: "timeout",
      method: "POST",
      path: "/v2/slots/reservations",
      delayMs: 10_000,
    });
    const started = Date.now();
    const error = await failure(
      gateway.reserveSlot(company, {
        eventTypeId: 2001,
        start: nine,
        durationMinutes: 30,
        minutes: 5,
      }),
      UpstreamError,
    );
    expect(error.kind).toBe("unknown");
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
