import { describe, expect, it } from "vitest";
import {
  bookingRefusalOf,
  CalcomError,
  errorFromResponse,
  neverSent,
  refusesHostSubsets,
} from "./errors.ts";

/** Cal.com's answer to POST /v2/bookings, as its exception filter shapes it. */
const answer = (status: number, message: string, code = "BadRequestException") =>
  errorFromResponse({
    method: "POST",
    path: "/v2/bookings",
    status,
    body: JSON.stringify({
      status: "error",
      timestamp: "2026-01-01T00:00:00.000Z",
      path: "/v2/bookings",
      error: { code, message },
    }),
    apiKey: "cal_live_key",
  });

describe("bookingRefusalOf", () => {
  it.each([
    // The time is gone: the only refusal answered with other times.
    [
      400,
      "One of the hosts either already has booking at this time or is not available",
      "slot_taken",
    ],
    [400, "no_available_users_found_error", "slot_taken"],
    [400, "fixed_hosts_unavailable_for_booking", "slot_taken"],
    [400, "round_robin_host_unavailable_for_booking", "slot_taken"],
    [400, "booking_conflict_error", "slot_taken"],
    [400, "booking_seats_full_error", "slot_taken"],
    [400, "booking_time_out_of_bounds_error", "slot_taken"],
    [400, "Attempting to book a meeting in the past.", "slot_taken"],
    [409, "Unique constraint failed on the fields: (`idempotencyKey`)", "slot_taken"],
    // Slot reservations.
    [422, "Can't reserve a slot if the event is already booked.", "slot_taken"],
    [
      422,
      "This time slot is already reserved by another user. Please choose a different time.",
      "slot_taken",
    ],
    // An older Cal.com that does not know chosen hosts: nothing was done.
    [400, "property rrHostSubsetIds should not exist", "hosts_unsupported"],
    [
      400,
      "property rrHostSubsetIds should not exist; attendee.name must be a string",
      "hosts_unsupported",
    ],
    // A custom question we cannot answer.
    [
      400,
      "Missing required booking field response: budget - it is required by the event type booking fields, but missing in the bookingFieldsResponses.",
      "required_booking_field",
    ],
    // The caller's details.
    [
      400,
      "attendee.phoneNumber: phoneNumber must be a valid phone number in E.164 format",
      "invalid_contact",
    ],
    [400, "{attendeePhoneNumber}invalid_number", "invalid_contact"],
    [400, "attendee.email: Invalid email address", "invalid_contact"],
    // Limits, also as Cal.com's 401/403 wrapping of them.
    [400, "booking_limit_reached", "booking_limit"],
    [401, "booking_limit_reached", "booking_limit"],
    [403, "booking_limit_reached", "booking_limit"],
    [400, "booker_limit_exceeded_error", "booking_limit"],
    [400, "Booker booking limit exceeded", "booking_limit"],
    // The event type cannot be booked this way.
    [
      400,
      "Event type with id=12 is the parent managed event type that can't be booked. You have to provide the child event type id",
      "not_bookable",
    ],
    [401, "bookingRequiresAuthentication: this event type requires authentication", "not_bookable"],
    [
      422,
      "Can't book this team event type because it has no hosts. Please, add at least 1 host",
      "not_bookable",
    ],
    [400, "Something nobody has seen before", "refused"],
  ] as const)("HTTP %i %j → %s", (status, message, code) => {
    expect(bookingRefusalOf(answer(status, message))?.code).toBe(code);
  });

  it("reads the chosen-hosts refusal from bare Nest JSON too, and only from a 400", () => {
    const bare = errorFromResponse({
      method: "GET",
      path: "/v2/slots",
      status: 400,
      body: '{"statusCode":400,"message":["property rrHostSubsetIds should not exist"],"error":"Bad Request"}',
      apiKey: null,
    });
    expect(refusesHostSubsets(bare)).toBe(true);
    expect(refusesHostSubsets(answer(500, "property rrHostSubsetIds should not exist"))).toBe(
      false,
    );
    expect(refusesHostSubsets(answer(400, "property routing should not exist"))).toBe(false);
  });

  it("names the detail an invalid contact refusal is about", () => {
    expect(bookingRefusalOf(answer(400, "attendee.phoneNumber: invalid_number"))?.field).toBe(
      "phone",
    );
    expect(bookingRefusalOf(answer(400, "attendee.email: Invalid email address"))?.field).toBe(
      "email",
    );
  });

  it("reads the refusal from Cal.com's error code too", () => {
    expect(
      bookingRefusalOf(answer(400, "Bad request", "no_available_users_found_error"))?.code,
    ).toBe("slot_taken");
  });

  it("is no refusal when the key is refused, nothing is found or Cal.com failed", () => {
    expect(bookingRefusalOf(answer(401, "Invalid API key", "UnauthorizedException"))).toBeNull();
    expect(bookingRefusalOf(answer(403, "Forbidden", "ForbiddenException"))).toBeNull();
    expect(bookingRefusalOf(answer(404, "Event type with id 9 not found"))).toBeNull();
    expect(bookingRefusalOf(answer(429, "Too many requests"))).toBeNull();
    expect(bookingRefusalOf(answer(500, "Internal server error"))).toBeNull();
    expect(
      bookingRefusalOf(new CalcomError({ kind: "timeout", path: "/v2/bookings", message: "t" })),
    ).toBeNull();
  });

  it("treats our own check before sending like Cal.com's 400", () => {
    const unsent = new CalcomError({
      kind: "invalid_request",
      path: "/v2/bookings",
      message: "Booking not sent, the input is invalid: $.attendee.email: Invalid email address",
    });
    expect(bookingRefusalOf(unsent)).toEqual({ code: "invalid_contact", field: "email" });
  });
});

describe("neverSent", () => {
  const network = (code: string) =>
    new CalcomError(
      { kind: "network", path: "/v2/bookings", message: code },
      { cause: new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) }) },
    );

  it("knows a refused connection or a held-back request never reached Cal.com", () => {
    expect(neverSent(network("ECONNREFUSED"))).toBe(true);
    expect(neverSent(network("ENOTFOUND"))).toBe(true);
    expect(neverSent(new CalcomError({ kind: "rate_limited", path: "/", message: "held" }))).toBe(
      true,
    );
  });

  it("leaves a reset, a timeout or a 5xx unknown: the booking may exist", () => {
    expect(neverSent(network("ECONNRESET"))).toBe(false);
    expect(neverSent(new CalcomError({ kind: "timeout", path: "/", message: "t" }))).toBe(false);
    expect(neverSent(answer(502, "Bad gateway"))).toBe(false);
  });
});
