import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  AppError,
  type AppErrorCode,
  ConflictError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "../domain/errors.ts";
import { errorResponse, type ProblemBody, problemResponse } from "./problem.ts";

/** What a route answers when it hands `error` to `errorResponse`. */
async function answer(error: unknown) {
  const app = new Hono();
  app.get("/", (c) => errorResponse(c, error));
  const res = await app.request("/");
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (await res.json()) as ProblemBody,
  };
}

describe("errorResponse", () => {
  const statusOf: [AppErrorCode, number][] = [
    ["invalid_input", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["unavailable", 503],
  ];
  for (const [code, status] of statusOf) {
    it(`answers ${code} with ${status} and the error's message`, async () => {
      const res = await answer(new AppError(code, `it is ${code}`));
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual(
        code === "invalid_input"
          ? { code, message: `it is ${code}`, issues: [] }
          : { code, message: `it is ${code}` },
      );
      expect(res.body).toMatchObject({ type: "about:blank", status, detail: `it is ${code}` });
    });
  }

  it("answers the subclasses by their codes", async () => {
    expect((await answer(new NotFoundError("no such company"))).status).toBe(404);
    expect((await answer(new ConflictError("taken"))).status).toBe(409);
    expect((await answer(new UpstreamError("unavailable", "Cal.com is down"))).status).toBe(503);
  });

  it("names the reason phrase as the title and answers as problem+json", async () => {
    const res = await answer(new NotFoundError("no such company"));
    expect(res.body.title).toBe("Not Found");
    expect(res.type).toBe("application/problem+json");
  });

  it("carries the issues of invalid input", async () => {
    const res = await answer(
      new ValidationError("invalid staff file", [
        { where: "line 3", field: "email", message: "is not an email address" },
        { where: "$.hosts[2].email", message: "is required" },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: "invalid_input",
      message: "invalid staff file",
      issues: [
        { where: "line 3", field: "email", message: "is not an email address" },
        { where: "$.hosts[2].email", message: "is required" },
      ],
    });
  });

  it("never tells what an unexpected or internal error says", async () => {
    for (const error of [
      new Error('relation "appointment" does not exist at /srv/frontdesk/db.ts'),
      new AppError("internal", "secret key abc123 was refused"),
      "a thrown string",
      null,
    ]) {
      const res = await answer(error);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: "internal error",
        error: { code: "internal", message: "internal error" },
      });
    }
  });
});

describe("problemResponse", () => {
  it("answers the transport's own problems with the status given", async () => {
    const app = new Hono();
    app.get("/", (c) => problemResponse(c, 413, "payload_too_large", "the body is too large"));
    const res = await app.request("/");
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Payload Too Large",
      status: 413,
      detail: "the body is too large",
      error: { code: "payload_too_large", message: "the body is too large" },
    });
  });
});
