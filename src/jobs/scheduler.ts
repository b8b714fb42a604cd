import { Cron } from "croner";
import type { Company } from "../domain/entities.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";

/** The scheduled jobs, as they appear in occurrence ids and logs. */
export const dailySyncJob = "daily_sync";
export const reconcileJob = "reconcile_bookings";
export const purgeJob = "purge_expired";
/** When the retention purge runs, in each company's time zone. */
export const purgeCron = "30 4 * * *";

/**
 * Reconciliations one process runs at once: a quiet company costs one Cal.com request under its
 * own API key, so Cal.com's limit per key allows them all; this bounds our own work (and the
 * benchmark's).
 */
export const reconcileMaxParallel = 32;

/** A late tick catches up on what it missed, but never looks back further than this. */
const maxLookbackMs = 24 * 60 * 60_000;

export interface SchedulerDeps {
  /** SYNC_CRON, evaluated in each company's own time zone. */
  cron: string;
  /** The job's name in occurrence ids and logs (default: the daily sync). */
  job?: string;
  /** The variable the cron comes from, for error messages (default SYNC_CRON). */
  cronVariable?: string;
  /**
   * The first tick looks back one interval (default), so an occurrence just before a restart
   * still runs; false for a frequent job, whose next occurrence is never far.
   */
  lookBackOnStart?: boolean;
  listCompanies: () => Promise<Company[]>;
  /** Every company, not only those connected to Cal.com (the retention purge). */
  everyCompany?: boolean;
  /**
   * Queues the occurrence as a job whose id depends only on (company, job, dueAt), so that it
   * runs once however many instances tick; resolves with the id, or null when not queued.
   */
  enqueue: (company: Company, dueAt: string) => Promise<string | null>;
  clock?: Clock;
  logger: Pick<Logger, "debug" | "info" | "error">;
  tickMs?: number;
}

export interface Scheduler {
  /** Ticks now and then every tickMs. */
  start(): void;
  /** Stops ticking and waits for the tick under way. */
  stop(): Promise<void>;
  /** One evaluation at `now`; resolves when its occurrences are queued (not run). */
  tick(now?: Date): Promise<void>;
}

/**
 * Queues one job (the daily sync, the booking reconciliation, the purge) for every company
 * connected to Cal.com at the cron's times in the company's time zone. Every instance ticks;
 * each tick looks at the occurrences since the previous tick and queues them under ids derived
 * from company, job and occurrence, so the job queue holds (and runs) each occurrence once.
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? systemClock;
  const tickMs = deps.tickMs ?? 60_000;
  const { logger } = deps;
  const job = deps.job ?? dailySyncJob;
  const variable = deps.cronVariable ?? "SYNC_CRON";
  assertCron(deps.cron, variable);

  const cronByTimezone = new Map<string, Cron>();
  /** Occurrences up to here have been looked at. */
  let evaluatedUntil: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let ticking: Promise<void> | null = null;

  function latestOccurrence(company: Company, from: Date, now: Date): Date | null {
    try {
      let cron = cronByTimezone.get(company.timezone);
      if (!cron) {
        cron = new Cron(deps.cron, { timezone: company.timezone });
        cronByTimezone.set(company.timezone, cron);
      }
      let latest: Date | null = null;
      for (let next = cron.nextRun(from); next && next <= now; next = cron.nextRun(next)) {
        latest = next;
      }
      return latest;
    } catch (error) {
      logger.error(
        { companyId: company.id, timezone: company.timezone, err: error },
        `scheduler: cannot evaluate ${variable} in the company's time zone`,
      );
      return null;
    }
  }

  async function enqueue(company: Company, dueAt: Date): Promise<void> {
    const context = { job, companyId: company.id, dueAt: dueAt.toISOString() };
    try {
      const jobId = await deps.enqueue(company, context.dueAt);
      if (jobId) logger.info({ ...context, jobId }, "scheduled job queued");
      else logger.debug(context, "scheduled job already queued");
    } catch (error) {
      logger.error({ ...context, err: error }, "scheduled job could not be queued");
    }
  }

  async function evaluate(now: Date): Promise<void> {
    // The first tick looks back one interval only: a restart does not replay old occurrences.
    evaluatedUntil ??= new Date(now.getTime() - (deps.lookBackOnStart === false ? 0 : tickMs));
    const from = new Date(Math.max(evaluatedUntil.getTime(), now.getTime() - maxLookbackMs));
    if (now <= from) return;
    let companies: Company[];
    try {
      companies = await deps.listCompanies();
    } catch (error) {
      // The window stays open, so the next tick covers these occurrences.
      logger.error({ err: error }, "scheduler: listing companies failed");
      return;
    }
    if (stopped) return;
    if (now > evaluatedUntil) evaluatedUntil = now;
    const queued: Promise<void>[] = [];
    for (const company of companies) {
      if (company.calcom.teamId === null && !deps.everyCompany) continue;
      const dueAt = latestOccurrence(company, from, now);
      if (dueAt) queued.push(enqueue(company, dueAt));
    }
    await Promise.all(queued);
  }

  async function tick(now: Date = clock.now()): Promise<void> {
    if (stopped) return;
    // Ticks of one scheduler follow each other: the window moves in order.
    const previous = ticking;
    const current = (async () => {
      await previous;
      await evaluate(now);
    })();
    ticking = current;
    try {
      await current;
    } finally {
      if (ticking === current) ticking = null;
    }
  }

  return {
    start() {
      if (timer || stopped) return;
      const loop = () => {
        tick().catch((error: unknown) => logger.error({ err: error }, "scheduler tick failed"));
      };
      timer = setInterval(loop, tickMs);
      loop();
      logger.info({ job, cron: deps.cron }, "scheduler started");
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
    },
    tick,
  };
}

/** Fails start-up on a bad SYNC_CRON (or RECONCILE_CRON) rather than at 03:00. */
function assertCron(pattern: string, variable: string): void {
  let next: Date | null;
  try {
    next = new Cron(pattern).nextRun();
  } catch (error) {
    throw new Error(
      `${variable} "${pattern}" is not a valid cron expression (${(error as Error).message}); expected e.g. "0 3 * * *"`,
    );
  }
  if (!next) throw new Error(`${variable} "${pattern}" never fires`);
}
