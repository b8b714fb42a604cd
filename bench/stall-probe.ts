import { writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";

/**
 * Loaded into the benchmarked server with `--import` (BENCH_STALL_FILE=path): records every
 * garbage collection and every event-loop block of 10 ms or more, with when it happened, and
 * writes them to the file when the server stops, so a latency spike can be laid beside its cause.
 */
const file = process.env.BENCH_STALL_FILE;
if (file) {
  const origin = performance.timeOrigin;
  const gcs: { at: number; ms: number; kind: string }[] = [];
  const blocks: { at: number; ms: number }[] = [];
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
    [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1;
      gcs.push({ at: Math.round(origin + e.startTime), ms: e.duration, kind: kinds[kind] ?? "?" });
    }
  }).observe({ entryTypes: ["gc"] });
  const tickMs = 5;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - tickMs;
    if (late >= 10) blocks.push({ at: Math.round(origin + last), ms: Math.round(late) });
    last = now;
  }, tickMs).unref();
  const flush = () => writeFileSync(file, JSON.stringify({ gcs, blocks }));
  process.once("exit", flush);
}
