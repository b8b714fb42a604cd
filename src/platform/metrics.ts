import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  /** Availability reads of a slot window, by where they were answered from. */
  slotReads: Counter<"source">;
  /** Slot prefetch requests (on call_inbound and while calls last), by outcome. */
  slotPrefetches: Counter<"outcome">;
  /** Calls whose free slots are kept fresh right now. */
  slotPrefetchCalls: Gauge;
  /** Times held for a call at Cal.com, by outcome. */
  slotHolds: Counter<"outcome">;
  /** Held times let go, by reason and outcome. */
  slotHoldReleases: Counter<"reason" | "outcome">;
}

/** One registry per app instance, so tests can build several apps without clashing names. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds, by route pattern",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const slotReads = new Counter({
    name: "frontdesk_slot_reads_total",
    help: "Slot window reads by source: cache (memory), shared (a Cal.com request already under way), calcom (a request of its own)",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const slotPrefetches = new Counter({
    name: "frontdesk_slot_prefetches_total",
    help: "Slot prefetches by outcome: fetched (on a ring), refreshed, failed, over_budget, over_call_cap",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const slotPrefetchCalls = new Gauge({
    name: "frontdesk_slot_prefetch_calls",
    help: "Calls whose free slots are kept fresh",
    registers: [registry],
  });
  const slotHolds = new Counter({
    name: "frontdesk_slot_holds_total",
    help: "Times hidden from Cal.com's booking pages during a call, by outcome: held, replaced (the call's earlier time let go first), failed",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const slotHoldReleases = new Counter({
    name: "frontdesk_slot_hold_releases_total",
    help: "Held times let go, by reason (booked, call_ended, expired) and outcome (released, failed)",
    labelNames: ["reason", "outcome"] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    slotReads,
    slotPrefetches,
    slotPrefetchCalls,
    slotHolds,
    slotHoldReleases,
  };
}
