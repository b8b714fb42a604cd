import { hostname } from "node:os";
import { createCalcomBookingGateway } from "../calcom/booking-gateway.ts";
import { createCalcomBookingLister } from "../calcom/booking-lister.ts";
import { createCalcomEventTypeWebhooks } from "../calcom/event-type-webhooks.ts";
import { createCalcomTeamReader } from "../calcom/team-reader.ts";
import { createDatabase, type Database, flushErased } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { Company } from "../domain/entities.ts";
import type { SlotCache } from "../domain/ports/calcom.ts";
import type { ChangeTopic } from "../domain/ports/change-feed.ts";
import type { DemoTeams } from "../domain/ports/demo-teams.ts";
import type { RetellAgentApi, RetellCalls } from "../domain/ports/retell-api.ts";
import { createBookingSettler } from "../jobs/booking-settler.ts";
import {
  createScheduler,
  purgeCron,
  purgeJob,
  reconcileJob,
  reconcileMaxParallel,
} from "../jobs/scheduler.ts";
import { createChangeFeed } from "../platform/change-feed.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createNotifier } from "../platform/notifier.ts";
import { hashPassword, needsRehash, verifyPassword } from "../platform/password.ts";
import { createSecretBox, loadOrCreateSecret, type SecretBox } from "../platform/secret-box.ts";
import { createSlotCache } from "../platform/slot-cache.ts";
import { createRetellAgentApi } from "../retell/agent-api.ts";
import { createRetellApiClient } from "../retell/api-client.ts";
import { retellTools } from "../voice-functions/retell-tools.ts";
import { type Config, secretKeyFile } from "./config.ts";
import { createStore } from "./repositories.ts";
import { createUseCases, type UseCaseDeps } from "./use-cases.ts";

export interface ContainerOptions {
  logger?: Logger;
  onQuery?: (sql: string) => void;
  /** How Cal.com is reached (tests and benchmarks pass the simulator's fetch). */
  calcomFetch?: typeof fetch;
  /** Tests that need a fixed "now" (e.g. "morgen um 14 Uhr") pass their own clock. */
  clock?: Clock;
  /** The demo's simulator teams (connectDemoTeam); absent outside the demo. */
  demoTeams?: DemoTeams;
  /** Replaces the Retell API client built from RETELL_API_KEY and RETELL_API_BASE_URL. */
  retell?: RetellCalls;
}

/** What the use-cases are built over; tests pass their own database, clock and Cal.com. */
export interface AssembleOptions {
  database: Pick<Database, "db" | "engine">;
  secretBox: SecretBox;
  clock?: Clock;
  logger?: Logger;
  /** How Cal.com is reached (the simulator's fetch in tests, the demo and benchmarks). */
  calcomFetch?: typeof fetch;
  /** Waits between Cal.com retries (tests: none). */
  calcomSleep?: (ms: number) => Promise<void>;
  calcomRateLimit?: number;
  /** Replaces a Cal.com adapter (tests that count, delay or fail requests). */
  calcom?: Partial<UseCaseDeps["calcom"]>;
  slotCache?: SlotCache;
  /** Retell's API (default: none configured, so nothing is asked). */
  retell?: RetellCalls;
  /** Retell's configuration API (default: none configured, so nothing is asked). */
  retellAgentApi?: RetellAgentApi;
  passwords?: UseCaseDeps["passwords"];
  notify?: UseCaseDeps["notify"];
  settings?: Partial<UseCaseDeps["settings"]>;
  voiceMetrics?: UseCaseDeps["voiceMetrics"];
  flushErased?: () => Promise<void>;
  onBackgroundError?: UseCaseDeps["onBackgroundError"];
  demoTeams?: DemoTeams;
}

/** Database → repositories → Cal.com adapters → the use-case catalogue. */
export function assemble(options: AssembleOptions) {
  const clock = options.clock ?? systemClock;
  const store = createStore(options.database, { clock, newId, secretBox: options.secretBox });
  const http = {
    ...(options.calcomFetch ? { fetch: options.calcomFetch } : {}),
    ...(options.calcomSleep ? { sleep: options.calcomSleep } : {}),
    rateLimitPerMinute: options.calcomRateLimit,
  };
  const calcom = {
    teams: options.calcom?.teams ?? createCalcomTeamReader(http),
    bookings: options.calcom?.bookings ?? createCalcomBookingGateway(http),
    bookingList: options.calcom?.bookingList ?? createCalcomBookingLister(http),
    webhooks: options.calcom?.webhooks ?? createCalcomEventTypeWebhooks(http),
  };
  // In this process only: another instance's changes are not heard yet (docs/architecture.md).
  const changes = createChangeFeed<ChangeTopic>();
  const built = createUseCases({
    store,
    calcom,
    slotCache: options.slotCache ?? createSlotCache(),
    retell: options.retell ?? createRetellApiClient({ apiKey: undefined }),
    retellAgentApi: options.retellAgentApi ?? createRetellAgentApi({ apiKey: undefined }),
    changes,
    clock,
    newId,
    logger: options.logger ?? createLogger({ level: "silent" }),
    passwords: options.passwords ?? { hash: hashPassword, verify: verifyPassword, needsRehash },
    notify: options.notify ?? (async () => undefined),
    settings: {
      consoleUrl: (companyId) => `/admin/companies/${companyId}/syncs`,
      ...options.settings,
    },
    voiceMetrics: options.voiceMetrics,
    flushErased: options.flushErased,
    onBackgroundError: options.onBackgroundError,
    demoTeams: options.demoTeams,
  });
  return { ...built, health: store, clock, changes };
}

/** The composition root: configuration and infrastructure in, a running application out. */
export function createContainer(config: Config, options: ContainerOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.logLevel ?? "info" });
  const database: Database = createDatabase(config.databaseUrl, { onQuery: options.onQuery });
  const secretBox = createSecretBox(loadOrCreateSecret(config.secret, secretKeyFile(config)));
  // Served at /metrics by the HTTP app; the voice use-cases count slot reads and prefetches.
  const metrics = createMetrics();
  const notifier = createNotifier({
    smtpUrl: config.smtpUrl,
    emailFrom: config.notifyEmailFrom,
    logger,
  });
  const publicUrl = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, "");
  const { useCases, store, health, slotPrefetch, slotHolds, clock, changes } = assemble({
    database,
    secretBox,
    clock: options.clock,
    logger,
    calcomFetch: options.calcomFetch,
    calcomRateLimit: config.calcomRateLimit,
    retell:
      options.retell ??
      createRetellApiClient({ apiKey: config.retellApiKey, baseUrl: config.retellApiBaseUrl }),
    retellAgentApi: createRetellAgentApi({
      apiKey: config.retellApiKey,
      baseUrl: config.retellApiBaseUrl,
    }),
    notify: notifier.send,
    settings: {
      calcomBaseUrls: {
        allowed: config.calcomAllowedBaseUrls,
        allowLoopback: config.calcomAllowLoopback,
      },
      bookingSettleIntervalMs: config.bookingSettleIntervalMs,
      retentionDays: config.retentionDays,
      notifyEmailTo: config.notifyEmailTo ?? null,
      notifyWebhookUrl: config.notifyWebhookUrl ?? null,
      retellKeyConfigured: Boolean(config.retellApiKey),
      publicUrl: config.publicUrl,
      consoleUrl: (companyId) => `${publicUrl}/admin/companies/${companyId}/syncs`,
    },
    voiceMetrics: {
      slotReads: metrics.slotReads,
      prefetches: metrics.slotPrefetches,
      calls: metrics.slotPrefetchCalls,
      holds: metrics.slotHolds,
      holdReleases: metrics.slotHoldReleases,
    },
    flushErased: () => flushErased(database),
    demoTeams: options.demoTeams,
  });

  const instanceId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  /** Only a server schedules; building it checks SYNC_CRON. */
  const createSyncScheduler = () =>
    createScheduler({
      cron: config.syncCron,
      listCompanies: () => store.companies.list(),
      claim: (...args) => store.scheduleClaims.claim(...args),
      run: (company) => useCases.sync.runScheduledSync({ company, actor: { type: "scheduler" } }),
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
        const run = await useCases.appointments.reconcileBookings(
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
      run: async (company) => {
        await useCases.privacy.purgeExpiredData({ company, actor: { type: "scheduler" } });
        // Held times Cal.com has let lapse (a call that never ended leaves one behind).
        await slotHolds.purgeExpired(company.id, clock.now());
      },
      instanceId,
      logger,
    });

  return {
    config,
    clock,
    logger,
    database,
    store,
    health,
    useCases,
    metrics,
    createSyncScheduler,
    createReconcileScheduler,
    createPurgeScheduler,
    /** Looks up voice bookings whose answer from Cal.com was lost (only a server runs it). */
    createBookingSettler: () =>
      createBookingSettler({
        settle: (now) => useCases.voice.settleBookingAttempts(now),
        intervalMs: config.bookingSettleIntervalMs,
        logger,
      }),
    publicUrl,
    /** Ended on shutdown, so open console event streams finish. */
    changes,
    /** The Retell custom tools to paste into a company's agent. */
    retellTools: (company: Company) =>
      retellTools({ publicUrl, locale: company.locale, transferNumber: company.transferNumber }),
    migrate: () => migrateToLatest(database),
    close: async () => {
      slotPrefetch.stop();
      // Holds and releases under way are written before the database closes.
      await slotHolds.settled();
      return database.close();
    },
  };
}

export type Container = ReturnType<typeof createContainer>;
