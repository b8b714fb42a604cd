import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type Engine } from "../src/db/connect.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { defaultThresholds } from "../src/domain/entities.ts";
import { Secret } from "../src/domain/secret.ts";
import { generateFixture } from "../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../test/support/app-features.ts";
import type { BenchResult } from "./results-file.ts";

const sizes = [5, 50, 500];
const iterations = 300;

/**
 * The service page's read path (resolveServiceHosts) at 5 / 50 / 500 hosts: SQL statements per
 * call (counted exactly) and latency p50/p99 over 300 calls, on SQLite and, when reachable,
 * PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
export async function benchResolver(sqliteUrl: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const pgAdmin = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const targets: {
    engine: Engine;
    url: () => Promise<{ url: string; drop: () => Promise<void> }>;
  }[] = [
    { engine: "sqlite", url: async () => ({ url: sqliteUrl, drop: async () => {} }) },
    { engine: "postgres", url: () => freshPostgres(pgAdmin) },
  ];
  for (const target of targets) {
    let db: { url: string; drop: () => Promise<void> };
    try {
      db = await target.url();
    } catch (error) {
      console.error(`  skipping ${target.engine}: ${(error as Error).message}`);
      continue;
    }
    try {
      for (const size of sizes) results.push(...(await measure(target.engine, db.url, size)));
    } finally {
      await db.drop();
    }
  }
  return results;
}

async function measure(engine: Engine, url: string, hosts: number): Promise<BenchResult[]> {
  let counting = false;
  let statements = 0;
  const database = createDatabase(url, {
    onQuery: () => {
      if (counting) statements++;
    },
  });
  try {
    await migrateToLatest(database);
    const fixture = generateFixture({
      teams: 1,
      eventTypesPerTeam: 3,
      hostsPerEventType: hosts,
      membersPerTeam: hosts,
    });
    const calcom = simulatedCalcom(fixture, { rateLimitPerMinute: 1_000_000 });
    const { store, useCases } = assembleForTest(database, calcom.fetch);
    const company = await store.companies.create({
      name: `Bench ${hosts}`,
      slug: `bench-${hosts}-${randomBytes(3).toString("hex")}`,
      timezone: "Europe/Berlin",
      locale: "de",
      country: "DE",
      calcomBaseUrl: "http://sim.bench",
      calcomTeamId: 1,
      calcomApiKey: new Secret("cal_test_team_1"),
      calcomWebhookSecret: null,
      thresholds: defaultThresholds,
    });
    const ctx = { company, actor: { type: "cli" as const } };
    await useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    const team = fixture.teams[0]!;
    let serviceId = "";
    for (const [i, eventType] of team.eventTypes.entries()) {
      const s = await useCases.service.createService(ctx, {
        name: `Service ${i}`,
        durationMinutes: 30,
        eventTypeId: eventType.id,
      });
      serviceId ||= s.id;
    }

    counting = true;
    await useCases.service.resolveServiceHosts(ctx, serviceId);
    counting = false;
    const perCall = statements;

    for (let i = 0; i < 20; i++) await useCases.service.resolveServiceHosts(ctx, serviceId);
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      await useCases.service.resolveServiceHosts(ctx, serviceId);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 1000) / 1000;
    return [
      ...(engine === "sqlite" || hosts === 50
        ? [
            {
              name: `resolver.queries_${hosts}_hosts${engine === "sqlite" ? "" : `_${engine}`}`,
              value: perCall,
              unit: "count" as const,
              target: "<= 3",
            },
          ]
        : []),
      {
        name: `resolver.p50_ms_${hosts}_hosts_${engine}`,
        value: pct(0.5),
        unit: "ms",
        target: hosts === 50 && engine === "sqlite" ? "<= 2" : "report",
      },
      {
        name: `resolver.p99_ms_${hosts}_hosts_${engine}`,
        value: pct(0.99),
        unit: "ms",
        target: "report",
      },
    ];
  } finally {
    await database.close();
  }
}

async function freshPostgres(adminUrl: string) {
  const name = `fd_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
