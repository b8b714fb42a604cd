import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export interface BenchResult {
  name: string;
  value: number;
  unit: "ms" | "s" | "count" | "per_s";
  target: string;
  note?: string;
}

interface ResultsFile {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; db: string };
  at: string;
  results: BenchResult[];
}

/**
 * Merges fresh results into bench/results.json: a group that ran ("voice.", "resolver.", …)
 * replaces all its old entries, so a renamed figure leaves no stale one behind; a part of a
 * bench run alone (`byName`) replaces just its own figures.
 */
export function writeResults(
  path: string,
  db: string,
  fresh: BenchResult[],
  options: { byName?: boolean } = {},
): ResultsFile {
  const previous: ResultsFile | null = existsSync(path)
    ? JSON.parse(readFileSync(path, "utf8"))
    : null;
  const group = (name: string) => name.slice(0, name.indexOf(".") + 1);
  // A part of a bench that ran (`byName`) replaces only the figures it produced.
  const ran = new Set(fresh.map((r) => (options.byName ? r.name : group(r.name))));
  const byName = new Map(
    (previous?.results ?? [])
      .filter((r) => !ran.has(options.byName ? r.name : group(r.name)))
      .map((r) => [r.name, r]),
  );
  for (const r of fresh) byName.set(r.name, r);
  const file: ResultsFile = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      db,
    },
    at: new Date().toISOString(),
    results: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
