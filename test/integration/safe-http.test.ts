import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  blockedAddress,
  OutboundRefusedError,
  outboundUrlProblem,
  type Resolver,
  safePost,
} from "../../src/platform/safe-http.ts";
import { testTls } from "../support/tls.ts";

describe("blockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.100.100.200",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "255.255.255.255",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "ff02::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:a00:1",
    "::ffff:7f00:1",
    "64:ff9b::7f00:1",
  ])("refuses %s", (ip) => {
    expect(blockedAddress(ip)).not.toBeNull();
  });

  it.each(["93.184.216.34", "1.1.1.1", "172.32.0.1", "2606:4700::1111", "::ffff:93.184.216.34"])(
    "allows the public address %s",
    (ip) => {
      expect(blockedAddress(ip)).toBeNull();
    },
  );
});

describe("outboundUrlProblem (save time)", () => {
  it.each([
    ["http://hooks.example.com/x", "must be an https:// URL"],
    ["https://localhost/x", "must not point at localhost"],
    ["https://api.localhost/x", "must not point at localhost"],
    ["https://127.0.0.1:8080/x", "must not point at a private or internal address (127.0.0.1)"],
    ["https://169.254.169.254/latest/meta-data/", "must not point at a private or internal"],
    ["https://10.0.0.5/x", "must not point at a private or internal"],
    ["https://[::1]/x", "must not point at a private or internal"],
    ["https://[::ffff:127.0.0.1]/x", "must not point at a private or internal"],
    ["https://user:pw@hooks.example.com/x", "must not contain a user name or password"],
    ["not a url", "is not a URL"],
  ])("%s → %s", (url, message) => {
    expect(outboundUrlProblem(url)).toContain(message);
  });

  it("accepts a public https URL", () => {
    expect(outboundUrlProblem("https://hooks.slack.com/services/T0/B0/x")).toBeNull();
  });
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe("safePost against a local https receiver", () => {
  let handler: Handler = (_req, res) => res.writeHead(204).end();
  const received: { host: string | undefined; servername: unknown; body: string }[] = [];
  const server = createServer({ cert: testTls.cert, key: testTls.key }, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      received.push({
        host: req.headers.host,
        servername: (req.socket as TLSSocket).servername,
        body,
      });
      handler(req, res);
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    received.length = 0;
    handler = (_req, res) => res.writeHead(204).end();
  });

  const url = (path = "/hook") => `https://${testTls.host}:${port}${path}`;
  let lookups = 0;
  /** The receiver's name resolves to loopback, as a rebinding name would. */
  const toLoopback: Resolver = async () => {
    lookups++;
    return [{ address: "127.0.0.1", family: 4 }];
  };
  /** This test's one exception to the rule: the local receiver's own address. */
  const allowReceiver = (ip: string) => (ip === "127.0.0.1" ? null : blockedAddress(ip));
  const trusted = { resolve: toLoopback, ca: testTls.cert, isBlocked: allowReceiver };

  it("refuses a public-looking name that resolves to 127.0.0.1, before connecting", async () => {
    await expect(
      safePost(url(), { body: "{}", resolve: toLoopback, ca: testTls.cert }),
    ).rejects.toThrow(/resolves to 127\.0\.0\.1 is a private, loopback/);
    expect(received).toEqual([]);
  });

  it("refuses a name with any internal address among its answers", async () => {
    const mixed: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    await expect(
      safePost("https://hooks.example.com/x", { body: "{}", resolve: mixed }),
    ).rejects.toThrow(OutboundRefusedError);
  });

  it("refuses http:, literal metadata and loopback addresses without a look-up", async () => {
    let asked = 0;
    const resolve: Resolver = async () => {
      asked++;
      return [{ address: "93.184.216.34", family: 4 }];
    };
    for (const target of [
      `http://${testTls.host}:${port}/hook`,
      "https://169.254.169.254/latest/meta-data/",
      `https://127.0.0.1:${port}/hook`,
      `https://[::ffff:127.0.0.1]:${port}/hook`,
    ]) {
      await expect(safePost(target, { body: "{}", resolve })).rejects.toThrow(OutboundRefusedError);
    }
    expect(asked).toBe(0);
    expect(received).toEqual([]);
  });

  it("posts to the checked address with SNI, certificate check and Host on the name, resolving once", async () => {
    lookups = 0;
    handler = (_req, res) => res.writeHead(200).end("ok");
    const response = await safePost(url(), {
      ...trusted,
      body: '{"event":"sync_failed"}',
      headers: { "content-type": "application/json" },
    });
    expect(response).toMatchObject({ status: 200, truncated: false });
    expect(response.body.toString()).toBe("ok");
    expect(lookups).toBe(1);
    expect(received).toEqual([
      {
        host: `${testTls.host}:${port}`,
        servername: testTls.host,
        body: '{"event":"sync_failed"}',
      },
    ]);
  });

  it("fails the certificate check without the injected CA", async () => {
    await expect(
      safePost(url(), { body: "{}", resolve: toLoopback, isBlocked: allowReceiver }),
    ).rejects.toThrow(/self[- ]signed/i);
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    handler = (_req, res) =>
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    await expect(safePost(url(), { ...trusted, body: "{}" })).rejects.toThrow(
      /answered 302: redirects are not followed/,
    );
    expect(received).toHaveLength(1);
  });

  it("reads at most maxResponseBytes of the answer, then drops the connection", async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 120);
      // 4 MiB, written as long as the client reads.
      let left = 256;
      const write = () => {
        while (left > 0) {
          left--;
          if (!res.write(chunk)) return void res.once("drain", write);
        }
        res.end();
      };
      res.on("error", () => {});
      write();
    };
    const response = await safePost(url(), { ...trusted, body: "{}" });
    expect(response.status).toBe(200);
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(64 * 1024);
  });

  it("gives up on a receiver that never answers", async () => {
    handler = () => {};
    const started = Date.now();
    await expect(safePost(url(), { ...trusted, body: "{}", timeoutMs: 300 })).rejects.toThrow(
      /timed out/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up on a DNS look-up that never answers", async () => {
    const hanging: Resolver = () => new Promise(() => {});
    await expect(
      safePost("https://hooks.example.com/x", { body: "{}", resolve: hanging, timeoutMs: 200 }),
    ).rejects.toThrow(/timed out/);
  });
});
