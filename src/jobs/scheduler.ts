import { Cron } from "croner";
import type { Company } from "../domain/entities.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";

/** The job names in schedule_claim rows. */
export const dailySyncJob = "daily_sync";
export const reconcileJob = "reconcile_bookings";
export const purgeJob = "purge_expired";
/** When the retention purge runs, in each company's time zone. */
export const purgeCron = "30 4 * * *";

/** Runs of different companies this process runs at once, unless the job says otherwise. */
const defaultMaxParallel = 2;
/**
 * Reconciliations run at once: a quiet company costs one Cal.com request under its own API key,
 * so Cal.com's limit per key allows them all; this bounds our own work (and the benchmark's).
 */
export const reconcileMaxParallel = 32;

/** A late tick catches up on what it missed, but never looks back further than this. */
const maxLookbackMs = 24 * 60 * 60_000;

export interface SchedulerDeps {
  /** SYNC_CRON, evaluated in each company's own time zone. */
  cron: string;
  /** The job's name in schedule_claim and logs (default: the daily sync). */
  job?: string;
  /** The variable the cron comes from, for error messages (default SYNC_CRON). */
  cronVariable?: string;
  /** Companies run at once by this process (default 2). */
  maxParallel?: number;
  /**
   * The first tick looks back one interval (default), so an occurrence just before a restart
   * still runs; false for a frequent job, whose next occurrence is never far.
   */
  lookBackOnStart?: boolean;
  listCompanies: () => Promise<Company[]>;
  /** Every company, not only those connected to Cal.com (the retention purge). */
  everyCompany?: boolean;
  /** True for exactly one caller per (company, job, dueAt), across all instances. */
  claim: (
    companyId: string,
    job: string,
    dueAt: string,
    claimedBy: string,
    now: string,
  ) => Promise<boolean>;
  run: (company: Company) => Promise<unknown>;
  instanceId: string;
  clock?: Clock;
  logger: Pick<Logger, "debug" | "info" | "error">;
  tickMs?: number;
}

export interface Scheduler {
  /** Ticks now and then every tickMs. */
  start(): void;
  /** Stops ticking and waits for the syncs under way. */
  stop(): Promise<void>;
  /** One evaluation at `now`; resolves when the syncs it made due have finished. */
  tick(now?: Date): Promise<void>;
}

interface Due {
  company: Company;
  dueAt: Date;
  done: Promise<void>;
  settle: () => void;
}

/**
 * Runs one job (the daily sync, the booking reconciliation) for every company connected to
 * Cal.com at the cron's times in the company's time zone. Each tick looks at the occurrences
 * since the previous tick; the database claim (per company, job and occurrence) makes exactly
 * one instance run an occurrence, however many tick at the same moment.
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? systemClock;
  const tickMs = deps.tickMs ?? 60_000;
  const { logger } = deps;
  const job = deps.job ?? dailySyncJob;
  const variable = deps.cronVariable ?? "SYNC_CRON";
  const maxParallel = deps.maxParallel ?? defaultMaxParallel;
  assertCron(deps.cron, variable);

  const cronByTimezone = new Map<string, Cron>();
  /** Occurrences waiting for a free slot (or for the same company's run to end). */
  const waiting = new Map<string, Due>();
  const running = new Map<string, Promise<void>>();
  /** Occurrences up to here have been looked at. */
  let evaluatedUntil: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

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

  function enqueue(company: Company, dueAt: Date): Promise<void> {
    const queued = waiting.get(company.id);
    if (queued) {
      // Still waiting: the newer occurrence stands in for the older one.
      queued.company = company;
      queued.dueAt = dueAt;
      return queued.done;
    }
    let settle = () => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    waiting.set(company.id, { company, dueAt, done, settle });
    return done;
  }

  function pump(): void {
    for (const [companyId, due] of waiting) {
      if (stopped || running.size >= maxParallel) return;
      if (running.has(companyId)) continue;
      waiting.delete(companyId);
      const job = execute(due).finally(() => {
        running.delete(companyId);
        due.settle();
        pump();
      });
      running.set(companyId, job);
    }
  }

  async function execute({ company, dueAt }: Due): Promise<void> {
    const context = { job, companyId: company.id, dueAt: dueAt.toISOString() };
    try {
      // Claimed only when a slot is free, so that idle instances pick up the rest.
      const won = await deps.claim(
        company.id,
        job,
        context.dueAt,
        deps.instanceId,
        clock.now().toISOString(),
      );
      if (!won) {
        logger.debug(context, "scheduled sync claimed by another instance");
        return;
      }
      const started = Date.now();
      logger.info(context, "scheduled sync started");
      await deps.run(company);
      logger.info({ ...context, durationMs: Date.now() - started }, "scheduled sync finished");
    } catch (error) {
      logger.error({ ...context, err: error }, "scheduled sync crashed");
    }
  }

  async function tick(now: Date = clock.now()): Promise<void> {
    if (stopped) return;
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

    const waits: Promise<void>[] = [];
    for (const company of companies) {
      if (company.calcom.teamId === null && !deps.everyCompany) continue;
      const dueAt = latestOccurrence(company, from, now);
      if (dueAt) waits.push(enqueue(company, dueAt));
    }
    pump();
    await Promise.all(waits);
  }

  return {
    start() {
      if (timer || stopped) return;
      const loop = () => {
        tick().catch((error: unknown) => logger.error({ err: error }, "scheduler tick failed"));
      };
      timer = setInterval(loop, tickMs);
      loop();
      logger.info({ job, cron: deps.cron, instanceId: deps.instanceId }, "scheduler started");
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      for (const due of waiting.values()) due.settle();
      waiting.clear();
      await Promise.all(running.values());
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
