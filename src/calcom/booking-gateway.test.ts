import { describe, expect, it } from "vitest";
import { UpstreamError } from "../domain/errors.ts";
import { createSimulator, demoFixture, type Simulator } from "../simulator/index.ts";
import { createCalcomBookingGateway } from "./booking-gateway.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { simulatedSalon } from "./simulated-salon.ts";

/** Monday 2026-10-19, 08:00 in Berlin. */
const simNow = new Date("2026-10-19T06:00:00Z");
const start = "2026-10-20T07:00:00.000Z";

const company = simulatedSalon(simNow);

function setup(fetchOverride?: typeof fetch) {
  const sim: Simulator = createSimulator(demoFixture(), { now: () => simNow });
  const viaSim: typeof fetch = (input, init) =>
    Promise.resolve(sim.app.request(String(input), init));
  const gateway = createCalcomBookingGateway({
    fetch: fetchOverride ?? viaSim,
    rateLimiter: createRateLimiter(),
  });
  const booking = (ref: string, email = "kim@example.de") =>
    gateway.createBooking(company, {
      eventTypeId: 2001,
      start,
      attendee: {
        name: "Kim",
        email,
        timeZone: "Europe/Berlin",
        phoneNumber: "+4915100000001",
        language: "de",
      },
      notes: null,
      ref,
    });
  const posts = () =>
    sim.requests.filter((r) => r.method === "POST" && r.path === "/v2/bookings").length;
  return { sim, gateway, booking, posts };
}

async function upstreamFailure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error("expected an UpstreamError");
}

describe("the booking gateway", () => {
  it("sends a booking once: a 5xx after sending leaves the outcome unknown, never retried", async () => {
    const { sim, booking, posts } = setup();
    sim.faults.inject({ kind: "500", method: "POST", path: "/v2/bookings", times: 3 });
    const error = await upstreamFailure(booking("ref-5xx"));
    expect(error.kind).toBe("unknown");
    expect(posts()).toBe(1);
  });

  it("a request that never reached Cal.com is unavailable, not unknown", async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      });
    };
    const { booking } = setup(refused);
    expect((await upstreamFailure(booking("ref-refused"))).kind).toBe("unavailable");
    const { sim, booking: throttled } = setup();
    sim.faults.inject({ kind: "429", method: "POST", path: "/v2/bookings" });
    expect((await upstreamFailure(throttled("ref-429"))).kind).toBe("unavailable");
  });

  it("a refusal carries its kind and Cal.com's own words", async () => {
    const { gateway } = setup();
    const error = await upstreamFailure(
      gateway.createBooking(company, {
        eventTypeId: 2001,
        start: "2026-10-19T03:00:00.000Z", // before opening: no host is free
        attendee: {
          name: "Kim",
          email: "kim@example.de",
          timeZone: "Europe/Berlin",
          phoneNumber: null,
          language: "de",
        },
        notes: null,
        ref: "ref-early",
      }),
    );
    expect(error).toMatchObject({ kind: "rejected", refusal: "slot_taken" });
    expect(error.upstreamMessage).toMatch(/hosts|available|past/);
  });

  it("finds a booking by its ref among the event type's bookings, whoever the attendee", async () => {
    const { booking, gateway } = setup();
    const other = await booking("ref-other", "other@example.de");
    const mine = await gateway.createBooking(company, {
      eventTypeId: 2001,
      start,
      attendee: {
        name: "Kim",
        email: "kim@example.de",
        timeZone: "Europe/Berlin",
        phoneNumber: null,
        language: "de",
      },
      notes: null,
      ref: "ref-mine",
    });
    expect(mine.uid).not.toBe(other.uid);
    const found = await gateway.findBookingByRef(company, {
      eventTypeId: 2001,
      start,
      ref: "ref-mine",
    });
    expect(found).toMatchObject({ uid: mine.uid, status: "accepted" });
    expect(found?.participants.attendeeEmails).toContain("kim@example.de");
    expect(
      await gateway.findBookingByRef(company, { eventTypeId: 2001, start, ref: "ref-none" }),
    ).toBeNull();
    expect(
      await gateway.findBookingByRef(company, { eventTypeId: 2002, start, ref: "ref-mine" }),
    ).toBeNull();
  });

  it("a failed read is unavailable (there is nothing to look up after it)", async () => {
    const { sim, gateway } = setup();
    sim.faults.inject({ kind: "500", path: "/v2/slots", times: 5 });
    const error = await upstreamFailure(
      gateway.slots(company, {
        eventTypeId: 2001,
        startUtc: "2026-10-19T00:00:00.000Z",
        endUtc: "2026-10-20T00:00:00.000Z",
      }),
    );
    expect(error.kind).toBe("unavailable");
  });
});
