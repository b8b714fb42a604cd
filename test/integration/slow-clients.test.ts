import { mkdtempSync } from "node:fs";
import { get } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { createContainer } from "../../src/app/container.ts";
import { prepareDatabase, type RunningServer, startServer } from "../../src/app/lifecycle.ts";
import { calcomWebhookRoutes } from "../../src/http/routes/calcom-webhook.ts";
import { createLogger } from "../../src/platform/logger.ts";

/** Real sockets against a real server on 127.0.0.1, with short deadlines. */
const cap = 40;
const lines: string[] = [];
let running: RunningServer;
let port = 0;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-slow-"));
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const container = createContainer(
    loadConfig({
      DATABASE_URL: `sqlite:${join(dir, "test.db")}`,
      FRONTDESK_DATA_DIR: dir,
      RETELL_API_KEY: "key_slow",
      MAX_CONNECTIONS: String(cap),
    }),
    { logger: createLogger({ destination, level: "info" }) },
  );
  await prepareDatabase(container, "auto");
  running = await startServer(container, {
    port: 0,
    host: "127.0.0.1",
    schedule: false,
    limits: { headersTimeoutMs: 600, requestTimeoutMs: 1_200, checkEveryMs: 100 },
  });
  port = Number(new URL(running.url).port);
});
afterAll(() => running.close());

/** Sends `head`, then one byte every `everyMs`; resolves when the server closes the socket. */
function drip(head: string, everyMs = 100, giveUpMs = 8_000) {
  return new Promise<{ answer: string; closedAfterMs: number; socket: Socket }>(
    (resolve, reject) => {
      const started = Date.now();
      const socket = connect({ host: "127.0.0.1", port });
      let answer = "";
      let timer: ReturnType<typeof setInterval> | undefined;
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server kept the connection open for ${giveUpMs} ms`));
      }, giveUpMs);
      socket.on("connect", () => {
        socket.write(head, "latin1");
        timer = setInterval(() => {
          if (!socket.destroyed) socket.write("a");
        }, everyMs);
      });
      socket.on("data", (d) => {
        answer += d.toString("latin1");
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ answer, closedAfterMs: Date.now() - started, socket });
      });
    },
  );
}

function healthz(): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    }).on("error", reject);
  });
}

const levels = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string });

describe("slow and strange clients", () => {
  it("cuts off a client that drips its headers, within the header deadline", async () => {
    const { closedAfterMs } = await drip("POST /webhooks/calcom/x HTTP/1.1\r\nhost: x\r\nx-a: ");
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it("cuts off a Cal.com delivery whose body drips in, within the request deadline", async () => {
    const { answer, closedAfterMs } = await drip(
      "POST /webhooks/calcom/salon HTTP/1.1\r\nhost: x\r\ncontent-length: 10000\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(2_500);
  });

  it("answers a normal request at once while many slow clients are connected", async () => {
    const slow = Array.from({ length: cap - 5 }, (_, i) =>
      drip(
        i % 2
          ? "POST /webhooks/retell/events HTTP/1.1\r\nhost: x\r\ncontent-length: 5000\r\n\r\n"
          : "GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ",
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const res = await healthz();
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(500);
    const cut = await Promise.all(slow);
    expect(Math.max(...cut.map((c) => c.closedAfterMs))).toBeLessThan(2_500);
  });

  it("closes connections past MAX_CONNECTIONS at once, and the deadlines free the places", async () => {
    const slow = Array.from({ length: cap }, () =>
      drip("GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: "),
    );
    await new Promise((r) => setTimeout(r, 200));
    const extra = await drip("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n", 100, 1_000);
    expect(extra.answer).toBe("");
    expect(extra.closedAfterMs).toBeLessThan(500);
    await Promise.all(slow);
    expect((await healthz()).status).toBe(200);
  });

  it("logs a body the client abandons at info, never as an error", async () => {
    lines.length = 0;
    for (const [path, type] of [
      ["/webhooks/calcom/salon", "application/json"],
      ["/webhooks/retell/functions", "application/json"],
      ["/admin/login", "application/x-www-form-urlencoded"],
    ] as const) {
      await new Promise<void>((done) => {
        const socket = connect({ host: "127.0.0.1", port }, () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: ${type}\r\ncontent-length: 500\r\n\r\nemail=a`,
          );
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on("error", () => {});
        socket.on("close", () => setTimeout(done, 200));
      });
    }
    const logged = levels();
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.filter((l) => l.msg === "request")).toHaveLength(3);
  });
});

describe("the Cal.com webhook's own body deadline", () => {
  it("answers 408 and closes the connection when the body has not arrived in time", async () => {
    const routes = calcomWebhookRoutes({
      useCases: {} as never, // never reached: the body does not arrive
      logger: createLogger({ level: "silent" }),
      bodyTimeoutMs: 300,
    });
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const s = serve({ fetch: routes.fetch, hostname: "127.0.0.1", port: 0 }, () => ready(s));
    });
    const saved = port;
    try {
      port = (server.address() as { port: number }).port;
      const { answer, closedAfterMs } = await drip(
        "POST /webhooks/calcom/salon HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n",
        50,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain("the body did not arrive in time");
      expect(closedAfterMs).toBeGreaterThanOrEqual(290);
      expect(closedAfterMs).toBeLessThan(2_000);
    } finally {
      port = saved;
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
