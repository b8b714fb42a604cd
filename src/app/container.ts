import { hostname } from "node:os";
import { createCalcomBookingGateway } from "../calcom/booking-gateway.ts";
import { createCalcomBookingLister } from "../calcom/booking-lister.ts";
import { createCalcomTeamReader } from "../calcom/team-reader.ts";
import { createDatabase, type Database, flushErased } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createStore } from "../db/store.ts";
import type { Company } from "../domain/entities.ts";
import { createConsoleFeatures } from "../features/console/index.ts";
import { createFeatures } from "../features/index.ts";
import { makeRunScheduledSync } from "../features/sync/run-scheduled-sync.ts";
import { createBookingSettler } from "../jobs/booking-settler.ts";
import {
  createScheduler,
  purgeCron,
  purgeJob,
  reconcileJob,
  reconcileMaxParallel,
} from "../jobs/scheduler.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createNotifier } from "../platform/notifier.ts";
import { hashPassword, verifyPassword } from "../platform/password.ts";
import { createSecretBox, loadOrCreateSecret } from "../platform/secret-box.ts";
import { createSlotCache } from "../platform/slot-cache.ts";
import { retellTools } from "../retell/tools.ts";
import { type Config, secretKeyFile } from "./config.ts";

export interface ContainerOptions {
  logger?: Logger;
  onQuery?: (sql: string) => void;
  /** How Cal.com is reached (tests and benchmarks pass the simulator's fetch). */
  calcomFetch?: typeof fetch;
  /** Tests that need a fixed "now" (e.g. "morgen um 14 Uhr") pass their own clock. */
  clock?: Clock;
}

/** The composition root: infrastructure in, use-cases out. */
export function createContainer(config: Config, options: ContainerOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.logLevel ?? "info" });
  const database: Database = createDatabase(config.databaseUrl, { onQuery: options.onQuery });
  const secretBox = createSecretBox(loadOrCreateSecret(config.secret, secretKeyFile(config)));
  const clock = options.clock ?? systemClock;
  const store = createStore(database, { clock, newId, secretBox });
  // Served at /metrics by the HTTP app; the voice use-cases count slot reads and prefetches.
  const metrics = createMetrics();
  const fetchOption = {
    ...(options.calcomFetch ? { fetch: options.calcomFetch } : {}),
    rateLimitPerMinute: config.calcomRateLimit,
  };
  const calcom = createCalcomTeamReader(fetchOption);
  const features = createFeatures({
    store,
    hashPassword,
    calcom,
    calcomBookings: createCalcomBookingGateway(fetchOption),
    calcomBookingLister: createCalcomBookingLister(fetchOption),
    slotCache: createSlotCache(),
    clock,
    newId,
    calcomBaseUrls: {
      allowed: config.calcomAllowedBaseUrls,
      allowLoopback: config.calcomAllowLoopback,
    },
    voiceMetrics: {
      slotReads: metrics.slotReads,
      prefetches: metrics.slotPrefetches,
      calls: metrics.slotPrefetchCalls,
    },
    logger,
    bookingSettleIntervalMs: config.bookingSettleIntervalMs,
    retentionDays: config.retentionDays,
    sessions: store.sessions,
    flushErased: () => flushErased(database),
  });

  // The admin console's own use-cases (logins, sessions, bulk mapping, "Sync now", …).
  const consoleFeatures = createConsoleFeatures({
    store,
    syncServiceHosts: features.syncServiceHosts,
    probeCalcom: async (company) => {
      const team = await calcom.readTeam(company, { requests: 0 });
      return { eventTypes: team.eventTypes.length, members: team.members.length };
    },
    verifyPassword,
    hashPassword,
    clock,
    onBackgroundError: (err, companyId) =>
      logger.error({ err, companyId }, "console: background sync failed"),
  });

  const notifier = createNotifier({
    smtpUrl: config.smtpUrl,
    emailFrom: config.notifyEmailFrom,
    logger,
  });
  const publicUrl = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, "");
  // The daily job: team sync, then host matching; a failure notifies the operator.
  const runScheduledSync = makeRunScheduledSync({
    sync: async (ctx, input) => {
      const result = await features.syncServiceHosts(ctx, input);
      return { status: result.run.status, error: result.error, runId: result.run.id };
    },
    lastSuccess: async (companyId) =>
      (await store.syncRuns.lastFinished(companyId, "team", "succeeded"))?.finishedAt ?? null,
    notify: notifier.send,
    notifyEmailTo: config.notifyEmailTo ?? null,
    notifyWebhookUrl: config.notifyWebhookUrl ?? null,
    consoleUrl: (companyId) => `${publicUrl}/admin/companies/${companyId}/syncs`,
    logger,
  });
  const instanceId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  /** Only a server schedules; building it checks SYNC_CRON. */
  const createSyncScheduler = () =>
    createScheduler({
      cron: config.syncCron,
      listCompanies: () => store.companies.list(),
      claim: (...args) => store.scheduleClaims.claim(...args),
      run: (company) => runScheduledSync({ company, actor: { type: "scheduler" } }),
      instanceId,
      logger,
    });
  /** Every RECONCILE_CRON: Cal.com's bookings compared with ours, per company; checks the cron. */
  const createReconcileScheduler = () =>
    createScheduler({
      cron: config.reconcileCron,
      cronVariable: "RECONCILE_CRON",
      job: reconcileJob,
      maxParallel: reconcileMaxParallel,
      // A (re)start waits for the next occurrence, at most one interval away.
      lookBackOnStart: false,
      listCompanies: () => store.companies.list(),
      claim: (...args) => store.scheduleClaims.claim(...args),
      run: async (company) => {
        const run = await features.reconcileBookings(
          { company, actor: { type: "scheduler" } },
          { trigger: "schedule" },
        );
        if (run.status === "failed")
          logger.error({ companyId: company.id, error: run.error }, "reconciliation failed");
      },
      instanceId,
      logger,
    });

  /** Daily: raw deliveries older than RETENTION_DAYS keep only their digest, and so on. */
  const createPurgeScheduler = () =>
    createScheduler({
      cron: purgeCron,
      cronVariable: "purge schedule",
      job: purgeJob,
      everyCompany: true,
      listCompanies: () => store.companies.list(),
      claim: (...args) => store.scheduleClaims.claim(...args),
      run: (company) => features.purgeExpiredData({ company, actor: { type: "scheduler" } }),
      instanceId,
      logger,
    });

  return {
    config,
    clock,
    logger,
    database,
    store,
    features,
    metrics,
    consoleFeatures,
    runScheduledSync,
    createSyncScheduler,
    createReconcileScheduler,
    createPurgeScheduler,
    /** Looks up voice bookings whose answer from Cal.com was lost (only a server runs it). */
    createBookingSettler: () =>
      createBookingSettler({
        settle: (now) => features.settleBookingAttempts(now),
        intervalMs: config.bookingSettleIntervalMs,
        logger,
      }),
    publicUrl,
    /** The Retell custom tools to paste into a company's agent. */
    retellTools: (company: Company) => retellTools({ publicUrl, locale: company.locale }),
    migrate: () => migrateToLatest(database),
    close: () => {
      features.slotPrefetch.stop();
      return database.close();
    },
  };
}

export type Container = ReturnType<typeof createContainer>;
