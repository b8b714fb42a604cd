import type { SyncRun } from "../entities.ts";

/**
 * The platform overview's reads: each covers every company in one query, grouped by company id,
 * so the overview costs the same number of queries for 2 companies as for 200. A company without
 * rows is missing from the answer (read as 0 or "never").
 */
export interface CompanyHealthReader {
  /** Appointments (not cancelled, rejected or moved) starting in each company's local day. */
  appointmentsInRanges(
    ranges: readonly { companyId: string; from: string; to: string }[],
  ): Promise<Map<string, number>>;
  /** Live Cal.com hosts of live event types that are unmapped or only suggested. */
  hostsToReview(): Promise<Map<string, number>>;
  /** Active services the phone agent cannot book: no event type, or one with problems. */
  unbookableServices(): Promise<Map<string, number>>;
  /** The latest finished run of this kind per company. */
  lastRuns(kind: SyncRun["kind"]): Promise<Map<string, Pick<SyncRun, "status" | "finishedAt">>>;
  /** Deliveries refused since `since` (outcome `refused_…`), per company. */
  refusedDeliveriesSince(since: string): Promise<Map<string, number>>;
}
