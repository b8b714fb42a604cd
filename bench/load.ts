/**
 * The load generator, run as a separate process (`tsx bench/load.ts spec.json`) so that the
 * server's event loop is not shared with the client's. Sends each request once, `concurrency` at a
 * time over kept-alive connections, signing at send time (Retell's signature carries a timestamp),
 * and prints one JSON line.
 *
 * It speaks HTTP/1.1 on raw sockets, as autocannon does: on two cores the generator shares the
 * machine with the server, and Node's HTTP client (let alone fetch) spent more CPU per request
 * than the server did, so it, not the server, set the pace.
 */
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { signCalcomBody } from "../src/calcom/webhook.ts";
import { signRetellBody } from "../src/retell/signature.ts";

export interface LoadSpec {
  baseUrl: string;
  concurrency: number;
  sign: { kind: "retell"; apiKey: string } | { kind: "calcom"; secret: string };
  requests: { path: string; body: string }[];
}

export interface LoadReport {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  /** Milliseconds from the `Server-Timing: calcom` header (time the server waited for Cal.com). */
  calcomP50Ms: number;
  calcomP99Ms: number;
  /** Per request, the latency minus the server's Cal.com wait: what Frontdesk itself adds. */
  overheadP50Ms: number;
  overheadP99Ms: number;
  /** Server-Timing total minus calcom: the part of that overhead spent inside the handler. */
  handlerP50Ms: number;
  handlerP99Ms: number;
  /** The generator's own CPU time while sending: near `seconds` means it set the pace. */
  cpuSeconds: number;
}

interface Response {
  status: number;
  headers: Map<string, string>;
}

/** One kept-alive HTTP/1.1 connection carrying one request at a time. */
class Connection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (r: Response) => void; reject: (e: Error) => void } | null = null;

  constructor(port: number, host: string) {
    this.#socket = connect({ port, host, noDelay: true });
    this.#socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryParse();
    });
    const fail = (error: Error) => {
      this.#pending?.reject(error);
      this.#pending = null;
    };
    this.#socket.on("error", fail);
    this.#socket.on("close", () => fail(new Error("connection closed")));
  }

  send(head: string, body: Buffer): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  /** A full response is a status line, headers and then content-length or chunked bytes. */
  #tryParse(): void {
    const end = this.#buffer.indexOf("\r\n\r\n");
    if (end < 0 || !this.#pending) return;
    const lines = this.#buffer.toString("latin1", 0, end).split("\r\n");
    const status = Number(lines[0]?.split(" ")[1]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    let bodyEnd: number;
    if (headers.has("content-length")) {
      bodyEnd = end + 4 + Number(headers.get("content-length"));
      if (this.#buffer.length < bodyEnd) return;
    } else if (headers.get("transfer-encoding") === "chunked") {
      const found = chunkedEnd(this.#buffer, end + 4);
      if (found < 0) return;
      bodyEnd = found;
    } else {
      bodyEnd = end + 4;
    }
    this.#buffer = this.#buffer.subarray(bodyEnd);
    const pending = this.#pending;
    this.#pending = null;
    pending.resolve({ status, headers });
  }
}

/** Where a chunked body starting at `from` ends, or -1 while it is incomplete. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return -1;
    const size = Number.parseInt(buffer.toString("latin1", at, lineEnd), 16);
    const next = lineEnd + 2 + size + 2;
    if (buffer.length < next) return -1;
    if (size === 0) return next;
    at = next;
  }
}

/** A metric's `dur` in a Server-Timing header (`calcom;dur=12.5`), in milliseconds (0 when absent). */
function timing(headers: Map<string, string>, metric: string): number {
  const match = new RegExp(`(?:^|,)\\s*${metric};[^,]*dur=([\\d.]+)`).exec(
    headers.get("server-timing") ?? "",
  );
  return match ? Number(match[1]) : 0;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadSpec;
const base = new URL(spec.baseUrl);
const latencies: number[] = [];
const waits: number[] = [];
const overheads: number[] = [];
const handlers: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;

async function worker(connection: Connection) {
  for (let i = next++; i < spec.requests.length; i = next++) {
    const { path, body } = spec.requests[i]!;
    const signature =
      spec.sign.kind === "retell"
        ? `x-retell-signature: ${signRetellBody(body, spec.sign.apiKey, Date.now())}`
        : `x-cal-signature-256: ${signCalcomBody(body, spec.sign.secret)}`;
    const bytes = Buffer.from(body, "utf8");
    const head =
      `POST ${path} HTTP/1.1\r\nhost: ${base.host}\r\ncontent-type: application/json\r\n` +
      `content-length: ${bytes.length}\r\n${signature}\r\n\r\n`;
    const started = performance.now();
    const res = await connection.send(head, bytes).catch(() => null);
    const ms = performance.now() - started;
    latencies.push(ms);
    const wait = res ? timing(res.headers, "calcom") : 0;
    waits.push(wait);
    overheads.push(ms - wait);
    if (res?.headers.has("server-timing")) handlers.push(timing(res.headers, "total") - wait);
    const key = res ? String(res.status) : "network_error";
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}

const connections = Array.from(
  { length: spec.concurrency },
  () => new Connection(Number(base.port), base.hostname),
);
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(connections.map(worker));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
for (const c of connections) c.close();

const round = (n: number) => Math.round(n * 100) / 100;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
};
const report: LoadReport = {
  count: latencies.length,
  seconds: round(seconds),
  perSecond: Math.round(latencies.length / seconds),
  p50Ms: pct(latencies, 0.5),
  p99Ms: pct(latencies, 0.99),
  statuses,
  calcomP50Ms: pct(waits, 0.5),
  calcomP99Ms: pct(waits, 0.99),
  overheadP50Ms: pct(overheads, 0.5),
  overheadP99Ms: pct(overheads, 0.99),
  handlerP50Ms: pct(handlers, 0.5),
  handlerP99Ms: pct(handlers, 0.99),
  cpuSeconds: round((cpu.user + cpu.system) / 1e6),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
