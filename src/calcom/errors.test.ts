import { describe, expect, it } from "vitest";
import { errorFromResponse, parseErrorBody } from "./errors.ts";

const failure = {
  method: "GET",
  path: "/v2/teams/1001/memberships",
  body: "",
  apiKey: "cal_secret_key",
};

describe("parseErrorBody", () => {
  it("reads the filter's envelope", () => {
    const body = JSON.stringify({
      status: "error",
      timestamp: "2050-01-01T00:00:00Z",
      path: "/v2/bookings",
      error: { code: "BadRequestException", message: "booking_conflict" },
    });
    expect(parseErrorBody(body)).toEqual({
      code: "BadRequestException",
      message: "booking_conflict",
    });
  });

  it("reads bare Nest JSON, including message lists", () => {
    expect(parseErrorBody('{"statusCode":500,"message":"Internal server error"}')).toEqual({
      code: null,
      message: "Internal server error",
    });
    expect(
      parseErrorBody(
        '{"statusCode":400,"message":["start must be ISO","name missing"],"error":"Bad Request"}',
      ),
    ).toEqual({ code: "Bad Request", message: "start must be ISO; name missing" });
  });

  it("keeps the text of non-JSON bodies, without markup", () => {
    expect(parseErrorBody("<html><body><h1>502 Bad Gateway</h1></body></html>")).toEqual({
      code: null,
      message: "502 Bad Gateway",
    });
    expect(parseErrorBody("")).toEqual({ code: null, message: null });
  });
});

describe("errorFromResponse", () => {
  it("explains a 401 without the key", () => {
    const error = errorFromResponse({
      ...failure,
      status: 401,
      body: '{"message":"bad key cal_secret_key"}',
    });
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toBe(
      "Cal.com rejected the API key (401 Unauthorized) — check the company's Cal.com API key",
    );
    expect(error.calcomMessage).toBe("bad key [redacted]");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("cal_secret_key");
    expect(error.retryable).toBe(false);
  });

  it("names the team on a 403", () => {
    const error = errorFromResponse({ ...failure, status: 403 });
    expect(error.kind).toBe("forbidden");
    expect(error.message).toContain("the API key has no admin access to team 1001");
  });

  it("maps statuses to kinds and retryability", () => {
    const cases: [number, string, boolean][] = [
      [400, "invalid_request", false],
      [404, "not_found", false],
      [409, "invalid_request", false],
      [422, "invalid_request", false],
      [429, "rate_limited", true],
      [500, "unavailable", true],
      [503, "unavailable", true],
    ];
    for (const [status, kind, retryable] of cases) {
      const error = errorFromResponse({
        ...failure,
        status,
        body: '{"statusCode":1,"message":"why"}',
      });
      expect([status, error.kind, error.retryable]).toEqual([status, kind, retryable]);
      expect(error.status).toBe(status);
      expect(error.path).toBe("/v2/teams/1001/memberships");
    }
  });

  it("keeps Cal.com's message on a rejected request for the operator", () => {
    const body = JSON.stringify({
      status: "error",
      error: { code: "BadRequestException", message: "no_available_users_found_error" },
    });
    const error = errorFromResponse({
      ...failure,
      method: "POST",
      path: "/v2/bookings",
      status: 400,
      body,
    });
    expect(error.message).toBe(
      "Cal.com rejected POST /v2/bookings (HTTP 400): no_available_users_found_error",
    );
    expect(error.calcomCode).toBe("BadRequestException");
  });
});
