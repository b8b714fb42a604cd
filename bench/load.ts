/**
 * The load generator, run as a separate process (`tsx bench/load.ts spec.json`) so that the
 * server's event loop is not shared with the client's. Sends each request once, `concurrency` at a
 * time, signing at send time (Retell's signature carries a timestamp), and prints one JSON line.
 */
import { readFileSync } from "node:fs";
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
}

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadSpec;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;

async function worker() {
  for (let i = next++; i < spec.requests.length; i = next++) {
    const { path, body } = spec.requests[i]!;
    const header: Record<string, string> =
      spec.sign.kind === "retell"
        ? { "x-retell-signature": signRetellBody(body, spec.sign.apiKey, Date.now()) }
        : { "x-cal-signature-256": signCalcomBody(body, spec.sign.secret) };
    const started = performance.now();
    const res = await fetch(`${spec.baseUrl}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...header },
    }).catch(() => null);
    if (res) await res.arrayBuffer();
    latencies.push(performance.now() - started);
    const key = res ? String(res.status) : "network_error";
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 100) /
  100;
const report: LoadReport = {
  count: latencies.length,
  seconds: Math.round(seconds * 100) / 100,
  perSecond: Math.round(latencies.length / seconds),
  p50Ms: pct(0.5),
  p99Ms: pct(0.99),
  statuses,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
