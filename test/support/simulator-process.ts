/*
 * The Cal.com simulator in a process of its own, for benches and tests that run `frontdesk
 * serve` as child processes: in the caller's process its work (weeks of round-robin slots per
 * request) would hold up the load generator's event loop and count as our server's time, as real
 * Cal.com runs elsewhere.
 *
 * `startSimulatorProcess()` spawns this file; run so, it starts the simulator, prints
 * `{"url": …}` once listening, answers a line `realistic` (or `zero`) on stdin by setting that
 * latency profile and printing `ok`, and exits when stdin closes. Its state is read and changed
 * over HTTP like any simulator (`GET /_simulator/bookings`, the other `/_simulator` routes).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { demoFixture, type SimulatorFixture, startSimulator } from "../../src/simulator/index.ts";

type LatencyProfile = "zero" | "realistic";

export interface SimulatorProcess {
  url: string;
  pid: number;
  setLatency(profile: LatencyProfile): Promise<void>;
  /** Closes stdin; the simulator stops and the process exits. */
  close(): Promise<void>;
}

export interface SimulatorProcessOptions {
  /** Default: the demo's teams. */
  fixture?: SimulatorFixture;
  /** Default "zero". */
  latency?: LatencyProfile;
  /** Flags for the child's node (a bench's `--cpu-prof`). */
  nodeArgs?: string[];
}

const childFlag = "--simulator-child";

export async function startSimulatorProcess(
  options: SimulatorProcessOptions = {},
): Promise<SimulatorProcess> {
  const args = [
    ...(options.nodeArgs ?? []),
    "--import",
    "tsx",
    fileURLToPath(import.meta.url),
    childFlag,
  ];
  args.push(options.latency ?? "zero");
  if (options.fixture) {
    // A fixture can be large: a file, not an argument.
    const file = join(mkdtempSync(join(tmpdir(), "frontdesk-simulator-")), "fixture.json");
    writeFileSync(file, JSON.stringify(options.fixture));
    args.push(file);
  }
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<never>((_, fail) =>
    child.once("exit", (code, signal) =>
      fail(new Error(`the simulator process exited (${code ?? signal})`)),
    ),
  );
  exited.catch(() => {});
  const next = () =>
    Promise.race([new Promise<string>((done) => lines.once("line", done)), exited]);
  const { url } = JSON.parse(await next()) as { url: string };
  return {
    url,
    pid: child.pid!,
    async setLatency(profile) {
      const answered = next();
      child.stdin!.write(`${profile}\n`);
      await answered;
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.stdin!.end();
      }),
  };
}

/** The event type's free slot starts (UTC ISO) for the next 90 days, from an hour from now. */
export async function freeSlots(simulatorUrl: string, eventTypeId: number): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const res = await fetch(
    `${simulatorUrl}/v2/slots?eventTypeId=${eventTypeId}&start=${today}&end=${until}`,
    { headers: { "cal-api-version": "2024-09-04" } },
  );
  if (!res.ok) throw new Error(`the simulator's slots answered ${res.status}`);
  const body = (await res.json()) as { data: Record<string, { start: string }[]> };
  return Object.values(body.data)
    .flat()
    .map((s) => new Date(s.start).toISOString())
    .filter((s) => Date.parse(s) > Date.now() + 3_600_000);
}

async function runChild(latency: LatencyProfile, fixtureFile: string | undefined): Promise<void> {
  const fixture = fixtureFile
    ? (JSON.parse(readFileSync(fixtureFile, "utf8")) as SimulatorFixture)
    : demoFixture();
  const simulator = await startSimulator(fixture, {
    rateLimitPerMinute: 1_000_000_000,
    latency,
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const profile = line.trim();
    if (profile === "realistic" || profile === "zero") {
      simulator.setLatency(profile);
      process.stdout.write("ok\n");
    }
  });
  lines.on("close", () => {
    void simulator.close().then(() => process.exit(0));
  });
}

if (process.argv[2] === childFlag) {
  await runChild(process.argv[3] as LatencyProfile, process.argv[4]);
}
