import { match } from "../src/domain/matching/index.ts";
import { syntheticCompany } from "../src/domain/matching/synthetic-input.ts";
import type { BenchResult } from "./results-file.ts";

/** The matcher on 10,000 hosts × 10,000 staff (one warm-up, then the median of 5 runs). */
export async function benchMatcher(): Promise<BenchResult[]> {
  const company = syntheticCompany(10_000);
  match(company.hosts, company.staff, company.mappings);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    match(company.hosts, company.staff, company.mappings);
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return [
    {
      name: "matcher.seconds_10k_x_10k",
      value: Math.round(times[2]! * 1000) / 1000,
      unit: "s",
      target: "<= 1",
      note: `median of 5 after a warm-up; min ${times[0]!.toFixed(3)} s, max ${times[4]!.toFixed(3)} s`,
    },
  ];
}
