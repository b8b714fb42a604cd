/**
 * The load generator, run as a separate process (`tsx bench/load.ts spec.json`) so that the
 * server's event loop is not shared with the client's. Sends each request once over
 * `concurrency` kept-alive connections — as fast as they are answered, or on a fixed schedule
 * (`ratePerSecond`) — signing at send time (Retell's signature carries a timestamp), and prints
 * one JSON line with latency figures overall and per request kind.
 *
 * It speaks HTTP/1.1 on raw sockets, as autocannon does: on two cores the generator shares the
 * machine with the server, and Node's HTTP client (let alone fetch) spent more CPU per request
 * than the server did, so it, not the server, set the pace.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { signCalcomBody } from "../src/calcom/webhook.ts";
import { signRetellBody } from "../src/retell/signature.ts";

export interface LoadSpec {
  baseUrl: string;
  /** Several instances of the server: the connections are spread over them round-robin. */
  baseUrls?: string[];
  concurrency: number;
  /**
   * Requests per second offered on a fixed schedule (open loop); each latency counts from the
   * request's scheduled time, so time spent waiting for a free connection is not hidden. Without
   * it, each connection sends its next request as soon as the previous one is answered.
   */
  ratePerSecond?: number;
  sign: { kind: "retell"; apiKey: string } | { kind: "calcom"; secret: string };
  /**
   * `kind` groups requests in the report (a mix of availability checks and bookings, say).
   * `atMs` sends a request that long after the start (requests sorted by it), as a script of
   * calls does: a call_inbound, then the call's first check a ring later.
   */
  requests: { path: string; body: string; kind?: string; atMs?: number }[];
}

export interface LoadReport extends LatencyStats {
  seconds: number;
  perSecond: number;
  /** The generator's own CPU time while sending: near `seconds` means it set the pace. */
  cpuSeconds: number;
  /** The same figures for each request kind. */
  byKind: Record<string, LatencyStats>;
}

export interface LatencyStats {
  count: number;
  p50Ms: number;
  p95Ms: number;
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
}

interface Response {
  status: number;
  headers: Map<string, string>;
}

/** One kept-alive HTTP/1.1 connection carrying one request at a time. */
class Connection {
  #socket: Socket;
  #closed = false;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (r: Response) => void; reject: (e: Error) => void } | null = null;
  readonly #port: number;
  readonly #host: string;

  constructor(port: number, host: string) {
    this.#port = port;
    this.#host = host;
    this.#socket = this.#open();
  }

  #open(): Socket {
    const socket = connect({ port: this.#port, host: this.#host, noDelay: true });
    this.#closed = false;
    this.#buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryParse();
    });
    const fail = (error: Error) => {
      this.#pending?.reject(error);
      this.#pending = null;
    };
    socket.on("error", fail);
    socket.on("close", () => {
      this.#closed = true;
      fail(new Error("connection closed"));
    });
    return socket;
  }

  send(head: string, body: Buffer): Promise<Response> {
    // The server closes a connection left idle past its keep-alive timeout: open a new one.
    if (this.#closed) this.#socket = this.#open();
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

/** One answered (or failed) request. */
interface Sample {
  kind: string;
  ms: number;
  /** The server's Cal.com wait (Server-Timing `calcom`). */
  wait: number;
  /** Server-Timing `total` minus the Cal.com wait; null without Server-Timing. */
  handler: number | null;
  status: string;
  /** Wall-clock time the answer came (ms since the epoch), to lay beside the server's stalls. */
  at: number;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadSpec;
const targets = (spec.baseUrls ?? [spec.baseUrl]).map((url) => new URL(url));
const samples: Sample[] = [];
let next = 0;

async function worker(connection: Connection, base: URL) {
  for (let i = next++; i < spec.requests.length; i = next++) {
    const due = scheduled(i);
    if (due > performance.now()) await sleepUntil(due);
    const { path, body, kind = "all" } = spec.requests[i]!;
    const signature =
      spec.sign.kind === "retell"
        ? `x-retell-signature: ${signRetellBody(body, spec.sign.apiKey, Date.now())}`
        : `x-cal-signature-256: ${signCalcomBody(body, spec.sign.secret)}`;
    const bytes = Buffer.from(body, "utf8");
    const head =
      `POST ${path} HTTP/1.1\r\nhost: ${base.host}\r\ncontent-type: application/json\r\n` +
      `content-length: ${bytes.length}\r\n${signature}\r\n\r\n`;
    // From the scheduled time, so a late send counts; but from the send itself when the timer
    // (on libuv's millisecond clock) woke before the scheduled time.
    const started = due > 0 ? Math.min(due, performance.now()) : performance.now();
    const res = await connection.send(head, bytes).catch(() => null);
    const ms = performance.now() - started;
    const wait = res ? timing(res.headers, "calcom") : 0;
    samples.push({
      kind,
      ms,
      wait,
      handler: res?.headers.has("server-timing") ? timing(res.headers, "total") - wait : null,
      status: res ? String(res.status) : "network_error",
      at: Date.now(),
    });
  }
}

let startedAt = 0;
/** When request i is due: its `atMs`, its place on the fixed schedule, or now (closed loop). */
function scheduled(i: number): number {
  const at = spec.requests[i]?.atMs;
  if (at !== undefined) return startedAt + at;
  return spec.ratePerSecond ? startedAt + (i * 1000) / spec.ratePerSecond : 0;
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.max(0, at - performance.now())));
}

const bases = Array.from({ length: spec.concurrency }, (_, i) => targets[i % targets.length]!);
const connections = bases.map((base) => new Connection(Number(base.port), base.hostname));
const cpuBefore = process.cpuUsage();
const started = performance.now();
startedAt = started;
await Promise.all(connections.map((connection, i) => worker(connection, bases[i]!)));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
for (const c of connections) c.close();
// BENCH_SLOW_FILE=path: the requests whose own time (minus Cal.com's) was 20 ms or more, appended.
if (process.env.BENCH_SLOW_FILE) {
  const slow = samples.filter((s) => s.ms - s.wait >= 20);
  appendFileSync(process.env.BENCH_SLOW_FILE, `${JSON.stringify(slow)}\n`);
}

const round = (n: number) => Math.round(n * 100) / 100;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
};
function stats(of: Sample[]): LatencyStats {
  const statuses: Record<string, number> = {};
  for (const s of of) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const latencies = of.map((s) => s.ms);
  const waits = of.map((s) => s.wait);
  const overheads = of.map((s) => s.ms - s.wait);
  const handlers = of.flatMap((s) => (s.handler === null ? [] : [s.handler]));
  return {
    count: of.length,
    p50Ms: pct(latencies, 0.5),
    p95Ms: pct(latencies, 0.95),
    p99Ms: pct(latencies, 0.99),
    statuses,
    calcomP50Ms: pct(waits, 0.5),
    calcomP99Ms: pct(waits, 0.99),
    overheadP50Ms: pct(overheads, 0.5),
    overheadP99Ms: pct(overheads, 0.99),
    handlerP50Ms: pct(handlers, 0.5),
    handlerP99Ms: pct(handlers, 0.99),
  };
}
const kinds = [...new Set(samples.map((s) => s.kind))];
const report: LoadReport = {
  ...stats(samples),
  seconds: round(seconds),
  perSecond: Math.round(samples.length / seconds),
  cpuSeconds: round((cpu.user + cpu.system) / 1e6),
  byKind: Object.fromEntries(kinds.map((k) => [k, stats(samples.filter((s) => s.kind === k))])),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
