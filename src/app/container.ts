import { hostname } from "node:os";
import { createCalcomBookingGateway } from "../calcom/booking-gateway.ts";
import { createCalcomBookingLister } from "../calcom/booking-lister.ts";
import { createCalcomEventTypeWebhooks } from "../calcom/event-type-webhooks.ts";
import type { RateLimiterRegistry } from "../calcom/rate-limiter.ts";
import { createCalcomTeamReader } from "../calcom/team-reader.ts";
import { createDatabase, type Database, flushErased } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createInstanceChannel, type InstanceChannel } from "../db/notify-channel.ts";
import type { Company } from "../domain/entities.ts";
import type { SlotCache } from "../domain/ports/calcom.ts";
import { type ChangeTopic, changeTopics } from "../domain/ports/change-feed.ts";
import type { DemoTeams } from "../domain/ports/demo-teams.ts";
import type { JobQueue } from "../domain/ports/jobs.ts";
import type { RetellAgentApi, RetellCalls } from "../domain/ports/retell-api.ts";
import {
  createSettlerTicker,
  enqueueOccurrence,
  registerJobHandlers,
} from "../jobs/background-jobs.ts";
import { createInProcessQueue } from "../jobs/in-process-queue.ts";
import { createPgBossQueue } from "../jobs/pg-boss-queue.ts";
import { queueSettings } from "../jobs/queues.ts";
import {
  createScheduler,
  dailySyncJob,
  purgeCron,
  purgeJob,
  reconcileJob,
} from "../jobs/scheduler.ts";
import { createChangeFeed } from "../platform/change-feed.ts";
import { type Clock, systemClock } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createNotifier, type NotificationOutcome } from "../platform/notifier.ts";
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
  /**
   * Where each Cal.com API key's limiter comes from (default: the process-wide registry; a test
   * with a simulator of its own gives it fresh ones, as a separate Cal.com has separate budgets).
   */
  calcomRateLimiters?: RateLimiterRegistry;
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
  /**
   * The job queue the handlers are registered on (the container's pg-boss or in-process queue,
   * started by `serve`); default a started in-process queue (tests).
   */
  jobs?: JobQueue;
  /** Names this process in job logs (default `test`). */
  instanceId?: string;
  /**
   * The other instances over the same PostgreSQL database (db/notify-channel.ts): directory
   * writes and change-feed events are sent to them and theirs heard here. None on SQLite.
   */
  instances?: InstanceChannel;
  /** How long the call directory keeps a read (default 5 s). */
  callDirectoryTtlMs?: number;
}

/** JOB_EXPIRE_SECONDS' default. */
const defaultJobExpireSeconds = 900;

/** Database → repositories → Cal.com adapters → the use-case catalogue. */
export function assemble(options: AssembleOptions) {
  const clock = options.clock ?? systemClock;
  const store = createStore(options.database, { clock, newId, secretBox: options.secretBox });
  const http = {
    ...(options.calcomFetch ? { fetch: options.calcomFetch } : {}),
    ...(options.calcomSleep ? { sleep: options.calcomSleep } : {}),
    rateLimitPerMinute: options.calcomRateLimit,
    ...(options.calcomRateLimiters ? { rateLimiters: options.calcomRateLimiters } : {}),
  };
  const calcom = {
    teams: options.calcom?.teams ?? createCalcomTeamReader(http),
    bookings: options.calcom?.bookings ?? createCalcomBookingGateway(http),
    bookingList: options.calcom?.bookingList ?? createCalcomBookingLister(http),
    webhooks: options.calcom?.webhooks ?? createCalcomEventTypeWebhooks(http),
  };
  // Shared with the other instances when there are any (docs/instances.md).
  const instances = options.instances;
  const changes = createChangeFeed<ChangeTopic>({
    relay:
      instances &&
      ((companyId, topic) => void instances.send({ kind: "change", companyId, topic })),
  });
  const logger = options.logger ?? createLogger({ level: "silent" });
  const jobs =
    options.jobs ??
    createInProcessQueue({
      queues: queueSettings({ expireInSeconds: defaultJobExpireSeconds }),
      logger,
    });
  const notify = options.notify ?? (async () => undefined);
  const built = createUseCases({
    store,
    calcom,
    slotCache: options.slotCache ?? createSlotCache(),
    retell: options.retell ?? createRetellApiClient({ apiKey: undefined }),
    retellAgentApi: options.retellAgentApi ?? createRetellAgentApi({ apiKey: undefined }),
    changes,
    callDirectory: {
      ttlMs: options.callDirectoryTtlMs,
      peers: instances && {
        announce: (change) => instances.send({ kind: "directory", ...change }),
        listening: instances.listening,
      },
    },
    clock,
    newId,
    logger,
    passwords: options.passwords ?? { hash: hashPassword, verify: verifyPassword, needsRehash },
    notify,
    jobs,
    settings: {
      consoleUrl: (companyId) => `/admin/companies/${companyId}/syncs`,
      ...options.settings,
    },
    voiceMetrics: options.voiceMetrics,
    flushErased: options.flushErased,
    onBackgroundError: options.onBackgroundError,
    demoTeams: options.demoTeams,
  });
  const { useCases } = built;
  instances?.onResync(built.forgetDirectory);
  instances?.onMessage((message) => {
    if (message.kind === "directory") built.forgetDirectory();
    else if ((changeTopics as readonly string[]).includes(message.topic))
      changes.deliver(message.companyId, message.topic as ChangeTopic);
  });
  const scheduler = { actor: { type: "scheduler" as const } };
  registerJobHandlers(jobs, {
    findCompany: (companyId) => store.companies.findById(companyId),
    runScheduledSync: (ctx, job) => useCases.sync.runScheduledSync(ctx, job),
    syncServiceHosts: (ctx, input) => useCases.sync.syncServiceHosts(ctx, input),
    reconcileBookings: (ctx, input) => useCases.appointments.reconcileBookings(ctx, input),
    purge: async ({ company }) => {
      await useCases.privacy.purgeExpiredData({ company, ...scheduler });
      // Held times Cal.com has let lapse (a call that never ended leaves one behind).
      await built.slotHolds.purgeExpired(company.id, clock.now());
    },
    settle: () => useCases.voice.settleBookingAttempts(),
    send: async (notification) => (await notify(notification)) as NotificationOutcome | undefined,
    instanceId: options.instanceId ?? "test",
    logger,
  });
  if (!options.jobs) void jobs.start();
  return { ...built, health: store, clock, changes, jobs };
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
  const instanceId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  // PostgreSQL: the instances tell each other of cache-relevant writes (docs/instances.md).
  const instances =
    database.engine === "postgres"
      ? createInstanceChannel({
          connectionString: config.databaseUrl,
          db: database.db,
          origin: instanceId,
          logger,
        })
      : undefined;
  const queues = queueSettings({ expireInSeconds: config.jobExpireSeconds });
  const jobs: JobQueue =
    database.engine === "postgres"
      ? createPgBossQueue({
          connectionString: config.databaseUrl,
          queues,
          timings: {
            maintenanceIntervalSeconds: config.jobMaintenanceSeconds,
            pollingIntervalSeconds: config.jobPollSeconds,
          },
          logger,
        })
      : createInProcessQueue({ queues, logger });
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
    jobs,
    instanceId,
    instances,
  });

  /** Every instance ticks; the job queue runs each occurrence once (docs/jobs.md). */
  const scheduled =
    (job: typeof dailySyncJob | typeof reconcileJob | typeof purgeJob) =>
    (company: Company, dueAt: string) =>
      enqueueOccurrence(jobs, job, company, dueAt);
  /** Only a server schedules; building it checks SYNC_CRON. */
  const createSyncScheduler = () =>
    createScheduler({
      cron: config.syncCron,
      listCompanies: () => store.companies.list(),
      enqueue: scheduled(dailySyncJob),
      logger,
    });
  /** Every RECONCILE_CRON: Cal.com's bookings compared with ours, per company; checks the cron. */
  const createReconcileScheduler = () =>
    createScheduler({
      cron: config.reconcileCron,
      cronVariable: "RECONCILE_CRON",
      job: reconcileJob,
      // A (re)start waits for the next occurrence, at most one interval away.
      lookBackOnStart: false,
      listCompanies: () => store.companies.list(),
      enqueue: scheduled(reconcileJob),
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
      enqueue: scheduled(purgeJob),
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
    /** pg-boss on PostgreSQL, in-process on SQLite; `serve` starts it (docs/jobs.md). */
    jobs,
    createSyncScheduler,
    createReconcileScheduler,
    createPurgeScheduler,
    /** Queues a look-up round of voice bookings whose answer was lost, once per interval. */
    createBookingSettler: () =>
      createSettlerTicker(jobs, { intervalMs: config.bookingSettleIntervalMs, logger }),
    publicUrl,
    /** Ended on shutdown, so open console event streams finish. */
    changes,
    /**
     * Starts hearing the other instances (`serve` does; a failure is retried in the background;
     * until then, and in a CLI command, the call
     * directory is bypassed, so nothing another instance changed is missed).
     */
    listenToInstances: async () => {
      await instances?.start().catch(() => {});
    },
    /** The Retell custom tools to paste into a company's agent. */
    retellTools: (company: Company) =>
      retellTools({ publicUrl, locale: company.locale, transferNumber: company.transferNumber }),
    migrate: () => migrateToLatest(database),
    close: async () => {
      await instances?.close();
      // Running jobs finish (or are handed back for retry) before the database closes.
      await jobs.stop();
      slotPrefetch.stop();
      // Holds and releases under way are written before the database closes.
      await slotHolds.settled();
      return database.close();
    },
  };
}

export type Container = ReturnType<typeof createContainer>;
