import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { loadConfig } from "../src/app/config.ts";
import { createContainer } from "../src/app/container.ts";
import { seedDemo } from "../src/app/demo.ts";
import { prepareDatabase } from "../src/app/lifecycle.ts";
import { engineOf } from "../src/db/connect.ts";
import { freePort, type ServeProcess, startServeProcess } from "../test/support/serve-process.ts";
import { freeSlots, startSimulatorProcess } from "../test/support/simulator-process.ts";
import type { BenchResult } from "./results-file.ts";
import { cpuSecondsOf, letters, load } from "./voice.ts";

const retellKey = "key_bench_scale_retell";
const concurrency = 60;
/** Per run: nine availability checks to one booking, as calls check before they book. */
const requestsPerRun = 6_000;
const bookingEvery = 10;
const warmUpPerInstance = 600;

/**
 * Calls per second through one `frontdesk serve` and through three over the same PostgreSQL
 * database, on the same machine: a mix of signed check_availability and book_appointment
 * function calls over HTTP, the load spread round-robin over the instances' connections, Cal.com
 * the simulator at zero latency in its own process. Each run gets a fresh database and simulator.
 * The CPU each process spent is reported beside the figures, so where the time went is visible
 * (on two cores the instances share them with PostgreSQL, the simulator and the load generator).
 */
export async function benchScale(databaseUrl: string): Promise<BenchResult[]> {
  // Scale is about instances sharing PostgreSQL; a SQLite run still measures it on PostgreSQL.
  const server =
    process.env.SCALE_DATABASE_URL ??
    (engineOf(databaseUrl) === "postgres"
      ? databaseUrl
      : "postgres://postgres@127.0.0.1:5432/postgres");
  const one = await run(server, 1);
  const three = await run(server, 3);
  const speedup = Math.round((three.perSecond / one.perSecond) * 100) / 100;
  // What the machine allows: with the cores the one-instance run kept busy (every process),
  // more instances can at most use the idle rest, however little they cost to coordinate.
  const cores = availableParallelism();
  const ceiling = round(cores / one.coresBusy);
  const note = (r: RunReport) =>
    `${r.instances} instance(s), ${concurrency} connections, ${r.count} calls (1 in ${bookingEvery} a booking), ${r.ok} answered 200; CPU seconds (and PostgreSQL transactions per call): ${JSON.stringify(r.cpu)}`;
  return [
    {
      name: "scale.calls_per_s_1_instance",
      value: one.perSecond,
      unit: "per_s",
      target: "> 0",
      note: note(one),
    },
    {
      name: "scale.calls_per_s_3_instances",
      value: three.perSecond,
      unit: "per_s",
      target: `>= ${Math.round(one.perSecond * 1.5)} (1.5x one instance)`,
      note: note(three),
    },
    {
      name: "scale.speedup_3_instances",
      value: speedup,
      unit: "count",
      target: ">= 1.5",
      note: "calls/s of three instances over one, same machine and load",
    },
    {
      name: "scale.speedup_ceiling",
      value: ceiling,
      unit: "count",
      target: "report",
      note: `${cores} cores over the ${one.coresBusy} cores busy in the one-instance run (instance, simulator, PostgreSQL, load generator): no speedup on this machine can pass it`,
    },
  ];
}

interface RunReport {
  instances: number;
  perSecond: number;
  count: number;
  ok: number;
  cpu: Record<string, number>;
  /** CPU seconds of every process in the run over its wall-clock seconds. */
  coresBusy: number;
}

async function run(pgServer: string, instances: number): Promise<RunReport> {
  const { url: databaseUrl, drop } = await freshDatabase(pgServer);
  // BENCH_PROFILE_DIR=dir: each instance and the simulator write a V8 CPU profile there on exit.
  const nodeArgs = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const simulator = await startSimulatorProcess({ nodeArgs });
  const env = {
    DATABASE_URL: databaseUrl,
    FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-bench-scale-")),
    FRONTDESK_SECRET: "bench-scale-secret",
    RETELL_API_KEY: retellKey,
    LOG_LEVEL: "silent",
    CALCOM_RATE_LIMIT: "1000000000",
    FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
  };
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const seeding = createContainer(loadConfig(env));
  await prepareDatabase(seeding, "auto");
  await seedDemo(seeding, simulator, `http://127.0.0.1:${ports[0]}`);
  await seeding.close();
  const servers: ServeProcess[] = [];
  try {
    for (const port of ports)
      servers.push(await startServeProcess({ databaseUrl, env, port, nodeArgs }));
    const slots = await freeSlots(simulator.url, 2001);
    const bookings = Math.ceil((requestsPerRun + warmUpPerInstance * instances) / bookingEvery);
    if (slots.length < bookings)
      throw new Error(`only ${slots.length} free slots; the scale bench needs ${bookings}`);
    const fn = (i: number, name: string, args: Record<string, string>) => ({
      kind: name,
      path: "/webhooks/retell/functions",
      body: JSON.stringify({
        name,
        call: {
          call_id: `scale-${name}-${i}`,
          agent_id: "agent_bench",
          to_number: "+493012345670",
          from_number: `+49151${String(10_000_000 + i)}`,
        },
        args,
      }),
    });
    let booked = 0;
    const request = (i: number) =>
      i % bookingEvery === bookingEvery - 1
        ? fn(i, "book_appointment", {
            service: "Haarschnitt",
            start: slots[booked++]!,
            customer_name: `Kundin ${letters(i)}`,
          })
        : fn(i, "check_availability", { service: "Haarschnitt", date: slots[i % slots.length]! });
    const spec = {
      baseUrl: servers[0]!.url,
      baseUrls: servers.map((s) => s.url),
      concurrency,
      sign: { kind: "retell", apiKey: retellKey } as const,
    };
    // Warm-up, as much for every instance: JIT of both paths, pools, slot caches, directories.
    await load({
      ...spec,
      requests: Array.from({ length: warmUpPerInstance * instances }, (_, i) => request(i)),
    });
    const before = cpuSnapshot(servers, simulator.pid);
    const commitsBefore = await commits(databaseUrl);
    const report = await load({
      ...spec,
      requests: Array.from({ length: requestsPerRun }, (_, i) => request(10_000 + i)),
    });
    const after = cpuSnapshot(servers, simulator.pid);
    const transactionsPerCall = round(
      ((await commits(databaseUrl)) - commitsBefore) / report.count,
    );
    const cpu: Record<string, number> = { load_generator: round(report.cpuSeconds) };
    cpu.pg_transactions_per_call = transactionsPerCall;
    for (const [name, value] of Object.entries(after))
      cpu[name] = round(value - (before[name] ?? 0));
    console.error(`  ${instances} instance(s): ${JSON.stringify({ ...report, cpu })}`);
    const cpuSeconds = Object.entries(cpu)
      .filter(([name]) => name !== "pg_transactions_per_call")
      .reduce((sum, [, value]) => sum + value, 0);
    return {
      instances,
      perSecond: Math.round(report.perSecond),
      count: report.count,
      ok: report.statuses["200"] ?? 0,
      cpu,
      coresBusy: round(cpuSeconds / report.seconds),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await simulator.close();
    await drop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** CPU seconds so far of each instance, the simulator and every PostgreSQL process together. */
function cpuSnapshot(servers: ServeProcess[], simulatorPid: number): Record<string, number> {
  const snapshot: Record<string, number> = {};
  servers.forEach((s, i) => {
    snapshot[`instance_${i + 1}`] = cpuSecondsOf(s.pid) ?? 0;
  });
  snapshot.simulator = cpuSecondsOf(simulatorPid) ?? 0;
  let postgres = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres")
        postgres += cpuSecondsOf(Number(pid)) ?? 0;
    } catch {}
  }
  snapshot.postgres = postgres;
  return snapshot;
}

/** Transactions PostgreSQL committed in the database so far (each statement outside one counts). */
async function commits(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select xact_commit::int as n from pg_stat_database where datname = current_database()",
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function freshDatabase(serverUrl: string) {
  const name = `fd_bench_scale_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
