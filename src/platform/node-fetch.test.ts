import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeFetch } from "./node-fetch.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe("createNodeFetch", () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, _body, res) => res.end();
  const connections: unknown[] = [];
  const closed: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => handler(req, Buffer.concat(chunks).toString("utf8"), res));
      req.on("close", () => closed.push(req.url ?? ""));
    });
    server.on("connection", (socket) => connections.push(socket));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("sends method, query, headers and body, and answers with a standard Response", async () => {
    let seen: {
      method?: string;
      url?: string;
      headers?: IncomingMessage["headers"];
      body?: string;
    } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(201, "Created", [
        ["Content-Type", "application/json"],
        ["X-RateLimit-Remaining", "119"],
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ]);
      res.end(JSON.stringify({ status: "success", data: { name: "Jörg" } }));
    };
    const fetchNode = createNodeFetch();
    const body = JSON.stringify({ attendee: { name: "Zoë Ünal" } });
    const res = await fetchNode(`${base}/v2/bookings?take=2&x=%C3%A4`, {
      method: "post",
      headers: { Authorization: "Bearer k", "Content-Type": "application/json" },
      body,
    });
    expect(seen).toMatchObject({ method: "POST", url: "/v2/bookings?take=2&x=%C3%A4", body });
    expect(seen.headers).toMatchObject({
      authorization: "Bearer k",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
    });
    expect(res).toBeInstanceOf(Response);
    expect([res.status, res.ok, res.statusText]).toEqual([201, true, "Created"]);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("119");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await res.json()).toEqual({ status: "success", data: { name: "Jörg" } });
  });

  it("keeps the connection alive between requests", async () => {
    handler = (_req, _body, res) => res.end("ok");
    const fetchNode = createNodeFetch();
    const before = connections.length;
    for (let i = 0; i < 3; i++) expect(await (await fetchNode(`${base}/ping`)).text()).toBe("ok");
    expect(connections.length - before).toBe(1);
  });

  it("reassembles a multi-byte body split across chunks", async () => {
    handler = (_req, _body, res) => {
      const bytes = Buffer.from("Grüße", "utf8");
      res.write(bytes.subarray(0, 3));
      setTimeout(() => res.end(bytes.subarray(3)), 10);
    };
    expect(await (await createNodeFetch()(`${base}/split`)).text()).toBe("Grüße");
  });

  it("gives no body for 204 and does not follow a redirect", async () => {
    handler = (req, _body, res) => {
      if (req.url === "/empty") return void res.writeHead(204).end();
      res.writeHead(302, { Location: "http://127.0.0.1:9/elsewhere" }).end("moved");
    };
    const fetchNode = createNodeFetch();
    const empty = await fetchNode(`${base}/empty`, { method: "DELETE" });
    expect([empty.status, empty.body]).toEqual([204, null]);
    const moved = await fetchNode(`${base}/moved`);
    expect([moved.status, moved.headers.get("location")]).toEqual([
      302,
      "http://127.0.0.1:9/elsewhere",
    ]);
  });

  it("rejects with the signal's reason when aborted, and drops the request", async () => {
    handler = () => {}; // never answers
    const fetchNode = createNodeFetch();
    const pending = fetchNode(`${base}/slow`, { signal: AbortSignal.timeout(50) });
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" });
    await expect.poll(() => closed.includes("/slow")).toBe(true);
    const aborted = new AbortController();
    aborted.abort(new Error("gave up"));
    await expect(fetchNode(`${base}/never`, { signal: aborted.signal })).rejects.toThrow("gave up");
  });

  it("fails like fetch when nothing listens: TypeError with the socket error as cause", async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    const failure = await createNodeFetch()(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect(((failure as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("refuses what it does not support instead of sending something else", async () => {
    const fetchNode = createNodeFetch();
    await expect(fetchNode(new Request(`${base}/`))).rejects.toThrow(/URL/);
    await expect(fetchNode("ftp://127.0.0.1/")).rejects.toThrow(/ftp:/);
    await expect(
      fetchNode(`${base}/`, { method: "POST", body: new URLSearchParams("a=1") }),
    ).rejects.toThrow(/string or byte bodies/);
  });
});
