import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { pendingMigrations } from "../db/migrate.ts";
import { AppError } from "../domain/errors.ts";
import { createHttpApp } from "../http/app.ts";
import { createLogger } from "../platform/logger.ts";
import { retellTools } from "../voice-functions/retell-tools.ts";
import type { Config } from "./config.ts";
import { type Container, createContainer } from "./container.ts";

/**
 * Makes the schema current before work starts. The embedded SQLite database migrates itself;
 * on PostgreSQL (shared by several instances) a CLI command refuses to run on an old schema and
 * says how to migrate, so a schema change is always a deliberate step.
 */
export async function prepareDatabase(container: Container, mode: "auto" | "check"): Promise<void> {
  if (mode === "auto" || container.database.engine === "sqlite") {
    const { applied } = await container.migrate();
    if (applied.length > 0) container.logger.info({ applied }, "database migrated");
    return;
  }
  const pending = await pendingMigrations(container.database);
  if (pending.length > 0) {
    throw new AppError(
      "unavailable",
      `the database schema is not up to date (pending: ${pending.join(", ")}); run: frontdesk migrate`,
    );
  }
}

/** The application as a CLI command sees it. */
export async function openCliApp(
  config: Config,
  options: { migrate?: boolean } = {},
): Promise<Container> {
  const container = createContainer(config, {
    logger: createLogger({ level: config.logLevel ?? "warn" }),
  });
  try {
    if (options.migrate !== false) await prepareDatabase(container, "check");
    return container;
  } catch (error) {
    await container.close();
    throw error;
  }
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (10 s at most), closes the database. */
  close(): Promise<void>;
}

/**
 * Deadlines for what a client sends. Headers must be complete within 10 s and a whole request
 * within 30 s (the webhook routes also give a body 10 s from its first byte); a connection that
 * drips is closed, checked every second. An idle kept-alive connection is closed after 5 s.
 */
export const serverLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkEveryMs: 1_000,
};
export type ServerLimits = typeof serverLimits;

export async function startServer(
  container: Container,
  options: {
    port?: number;
    host?: string;
    schedule?: boolean;
    /** Overrides the deadlines (tests). */
    limits?: Partial<ServerLimits>;
  } = {},
): Promise<RunningServer> {
  // Built before listening: a bad SYNC_CRON stops start-up.
  const scheduler = options.schedule === false ? null : container.createSyncScheduler();
  // …and so does a bad RECONCILE_CRON.
  const reconciler = options.schedule === false ? null : container.createReconcileScheduler();
  // Bookings whose answer from Cal.com was lost, also those a killed server left behind.
  const settler = options.schedule === false ? null : container.createBookingSettler();
  // Retention: once a day per company (docs/privacy.md).
  const purger = options.schedule === false ? null : container.createPurgeScheduler();
  const app = createHttpApp({
    health: container.health,
    metrics: container.metrics,
    logger: container.logger,
    useCases: container.useCases,
    retellApiKey: container.config.retellApiKey,
    clock: container.clock,
    apiRatePerMinute: container.config.apiRateLimit,
    // METRICS_TOKEN, or none needed when the server listens on loopback only.
    metricsAccess: {
      token: container.config.metricsToken,
      host: options.host ?? container.config.host,
    },
    console: {
      useCases: container.useCases,
      // The raw value: undefined means PUBLIC_URL is not set, and the settings page says so.
      publicUrl: container.config.publicUrl,
      retellTools,
      logger: container.logger,
      trustedProxies: container.config.trustedProxies,
    },
  });
  const host = options.host ?? container.config.host;
  // Before the first request: the call directory is used only while the other instances are heard.
  await container.listenToInstances();
  // The workers run here (and every occurrence the schedulers below queue is run by some instance).
  await container.jobs.start();
  const server = await new Promise<Server>((resolve, reject) => {
    const limits = { ...serverLimits, ...options.limits };
    const s = serve(
      {
        fetch: app.fetch,
        port: options.port ?? container.config.port,
        hostname: host,
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: limits.checkEveryMs,
        },
      },
      () => resolve(s as Server),
    ) as Server;
    // Past the cap a new connection is closed at once: slow clients cannot use up memory and
    // file descriptors, and the deadlines above free their places.
    s.maxConnections = container.config.maxConnections;
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  scheduler?.start();
  reconciler?.start();
  settler?.start();
  purger?.start();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close() {
      closing ??= (async () => {
        // A running sync finishes before the database closes.
        await Promise.all([scheduler?.stop(), reconciler?.stop(), settler?.stop(), purger?.stop()]);
        // Open console event streams finish now rather than at the drain timeout.
        container.changes.end();
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), 10_000);
          // A kept-alive connection falls idle once its last answer is sent: closed then.
          const idle = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => {
            clearTimeout(force);
            clearInterval(idle);
            resolve();
          });
          server.closeIdleConnections();
        });
        await container.close();
      })();
      return closing;
    },
  };
}

/** `frontdesk serve`: migrate, listen, and shut down gracefully on SIGTERM or SIGINT. */
export async function serveUntilSignal(config: Config, options: { port?: number }): Promise<void> {
  const container = createContainer(config);
  await prepareDatabase(container, "auto");
  const running = await startServer(container, options);
  container.logger.info(
    { url: running.url, database: container.database.engine },
    "frontdesk is listening",
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      container.logger.info({ signal }, "shutting down");
      running.close().then(resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  container.logger.info("stopped");
}
