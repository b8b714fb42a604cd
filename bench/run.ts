import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { engineOf } from "../src/db/connect.ts";
import { benchConsoleAppointments } from "./console-appointments.ts";
import { benchMatcher } from "./matcher.ts";
import { benchReconcile } from "./reconcile.ts";
import { benchResolver } from "./resolver.ts";
import { type BenchResult, writeResults } from "./results-file.ts";
import { benchScale } from "./scale.ts";
import { benchTeamSync } from "./team-sync.ts";
import { benchVoice } from "./voice.ts";

/**
 * `npm run bench [-- --only NAME]`: runs the benchmarks and merges their figures into
 * bench/results.json. BENCH_DATABASE_URL picks the database (default: a fresh SQLite file).
 */
/** A bench may run only a part when `--only` names one of its figures' prefixes. */
const benches: Record<string, (databaseUrl: string, only?: string) => Promise<BenchResult[]>> = {
  team_sync: benchTeamSync,
  resolver: benchResolver,
  matcher: benchMatcher,
  voice: benchVoice,
  reconcile: benchReconcile,
  console: benchConsoleAppointments,
  // Always on PostgreSQL (instances share one database): SCALE_DATABASE_URL or a local server.
  scale: benchScale,
};

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const selected = Object.keys(benches).filter(
  (name) => !only || name === only || only.startsWith(`${name}.`),
);
if (selected.length === 0) {
  console.error(`unknown benchmark "${only}"; known: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}

const freshSqlite = () =>
  `sqlite:${join(mkdtempSync(join(tmpdir(), "frontdesk-bench-")), "bench.db")}`;
const results: BenchResult[] = [];
for (const name of selected) {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? freshSqlite();
  console.error(`running ${name} (database: ${engineOf(databaseUrl)}) …`);
  const figures = await benches[name]!(databaseUrl, only === name ? undefined : only);
  for (const f of figures) console.error(`  ${f.name} = ${f.value} ${f.unit} (target ${f.target})`);
  results.push(...figures);
}
const db = engineOf(process.env.BENCH_DATABASE_URL ?? "sqlite:");
// A part of a bench (`--only voice.realistic`) replaces only its own figures.
const part = only !== undefined && !selected.includes(only);
writeResults(resolve(import.meta.dirname, "results.json"), db, results, { byName: part });
