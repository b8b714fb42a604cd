import { request } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawBodyVariables, rawBody, requestHeader } from "./raw-body.ts";

const app = new Hono<{ Variables: RawBodyVariables }>();
app.post(
  "/echo",
  rawBody(16, (c) => c.json({ error: "too large" }, 413)),
  (c) => c.json({ body: c.get("rawBody"), signature: requestHeader(c, "x-signature") ?? null }),
);
app.post(
  "/slow",
  rawBody(1024, (c) => c.json({ error: "too large" }, 413), { timeoutMs: 300 }),
  (c) => c.json({ body: c.get("rawBody") }),
);

let server: ReturnType<typeof serve>;
let port = 0;
beforeAll(async () => {
  server = await new Promise((ready) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ready(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Sends `parts` as separate writes; without a content-length they go chunked. */
function post(
  parts: Buffer[],
  withLength: boolean,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const total = Buffer.concat(parts);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/echo",
        method: "POST",
        headers: { ...(withLength ? { "content-length": total.length } : {}), ...extra },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

describe("rawBody on a Node server", () => {
  it("reads the exact text, a multi-byte letter split between two writes included", async () => {
    const bytes = Buffer.from("Jörg ü", "utf8");
    const res = await post([bytes.subarray(0, 2), bytes.subarray(2)], false);
    expect(res).toEqual({ status: 200, body: JSON.stringify({ body: "Jörg ü", signature: null }) });
  });

  it("refuses a body past the limit, announced by content-length", async () => {
    const res = await post([Buffer.alloc(17, "a")], true);
    expect(res.status).toBe(413);
  });

  it("refuses a chunked body once it grows past the limit, and the server stays usable", async () => {
    const res = await post([Buffer.alloc(10, "a"), Buffer.alloc(10, "b")], false);
    expect(res.status).toBe(413);
    expect((await post([Buffer.from("ok")], true)).body).toBe(
      JSON.stringify({ body: "ok", signature: null }),
    );
  });

  it("reads a header from the Node message, whatever case it was sent in", async () => {
    const res = await post([Buffer.from("x")], true, { "X-Signature": "v=1,d=ab" });
    expect(JSON.parse(res.body)).toEqual({ body: "x", signature: "v=1,d=ab" });
  });

  it("accepts exactly the limit", async () => {
    expect((await post([Buffer.alloc(16, "x")], true)).status).toBe(200);
  });
});

describe("rawBody with a timeout", () => {
  /** Announces `length` bytes, then drips one every `everyMs`; resolves with what came back. */
  function drip(
    length: number,
    everyMs: number,
  ): Promise<{ answer: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect({ host: "127.0.0.1", port });
      let answer = "";
      let timer: ReturnType<typeof setInterval> | undefined;
      socket.on("connect", () => {
        socket.write(
          `POST /slow HTTP/1.1\r\nhost: x\r\ncontent-length: ${length}\r\n\r\n`,
          "latin1",
        );
        let sent = 0;
        timer = setInterval(() => {
          if (sent++ < length && !socket.destroyed) socket.write("a");
        }, everyMs);
      });
      socket.on("data", (d) => {
        answer += d.toString("latin1");
      });
      socket.on("error", () => {}); // writes after the server closed
      socket.on("close", () => {
        clearInterval(timer);
        resolve({ answer, closedAfterMs: Date.now() - started });
      });
      setTimeout(() => reject(new Error("the server never closed the connection")), 5_000);
    });
  }

  it("cuts off a body that drips in, answers 408 and closes the connection", async () => {
    const { answer, closedAfterMs } = await drip(1000, 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain("the body did not arrive in time");
    expect(closedAfterMs).toBeGreaterThanOrEqual(290);
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it("reads a body that arrives in time", async () => {
    const res = await app.request("/slow", { method: "POST", body: "quick" });
    expect(await res.json()).toEqual({ body: "quick" });
  });

  it("cuts off a slow stream through app.request too", async () => {
    let pull = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 100));
        if (pull++ > 20) controller.close();
        else controller.enqueue(new TextEncoder().encode("a"));
      },
    });
    const res = await app.request("/slow", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(408);
  });
});

describe("rawBody through app.request (no Node stream)", () => {
  it("reads the body and refuses one past the limit", async () => {
    const ok = await app.request("/echo", { method: "POST", body: "hallo" });
    const signed = await app.request("/echo", {
      method: "POST",
      body: "x",
      headers: { "X-Signature": "v=2" },
    });
    expect(await signed.json()).toEqual({ body: "x", signature: "v=2" });
    expect(await ok.json()).toEqual({ body: "hallo", signature: null });
    const big = await app.request("/echo", { method: "POST", body: "x".repeat(17) });
    expect(big.status).toBe(413);
  });
});
