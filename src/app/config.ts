import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { hostedCalcomBaseUrls } from "../features/company/company-schemas.ts";
import { defaultRetellApiBaseUrl } from "../retell/api-client.ts";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("sqlite:./data/frontdesk.db")
    .refine(
      (u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u),
      "must start with sqlite: or postgres://",
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CALCOM_SIM_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default("127.0.0.1"),
  FRONTDESK_SECRET: z.string().optional(),
  FRONTDESK_DATA_DIR: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  RETELL_API_KEY: z.string().optional(),
  RETELL_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default(defaultRetellApiBaseUrl),
  SMTP_URL: z.string().optional(),
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  NOTIFY_EMAIL_TO: z.string().optional(),
  NOTIFY_EMAIL_FROM: z.string().optional(),
  SYNC_CRON: z.string().default("0 3 * * *"),
  RECONCILE_CRON: z.string().default("*/10 * * * *"),
  BOOKING_SETTLE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  CALCOM_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CALCOM_ALLOWED_BASE_URLS: z
    .string()
    .default(hostedCalcomBaseUrls.join(","))
    .transform((v) =>
      v
        .split(",")
        .map((u) => u.trim())
        .filter((u) => u !== ""),
    )
    .pipe(
      z
        .array(z.url({ protocol: /^https?$/, error: "must be comma-separated http(s) URLs" }))
        .min(1, "must name at least one URL"),
    ),
  FRONTDESK_ALLOW_LOOPBACK_CALCOM: z
    .enum(["1", "0", "true", "false"], { error: "must be 1 or 0" })
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(600),
  // Proxies whose X-Forwarded-For names the console's real client (comma-separated addresses).
  TRUSTED_PROXY: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export interface Config {
  databaseUrl: string;
  port: number;
  /**
   * CALCOM_SIM_PORT: where the demo's Cal.com simulator listens (default PORT+1; 0 = a free
   * port). A fixed one keeps the base URL stored with the demo's companies valid after a restart.
   */
  calcomSimPort: number | undefined;
  host: string;
  /** Passphrase for credentials at rest; undefined → generated into dataDir. */
  secret: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  retellApiKey: string | undefined;
  /** RETELL_API_BASE_URL: where Retell's API is asked for a call's transcript. */
  retellApiBaseUrl: string;
  smtpUrl: string | undefined;
  notifyWebhookUrl: string | undefined;
  /** Operator address(es) for sync-failure mail, comma-separated. */
  notifyEmailTo: string | undefined;
  notifyEmailFrom: string | undefined;
  syncCron: string;
  /** When each company's Cal.com bookings are reconciled with ours (checked by the scheduler). */
  reconcileCron: string;
  /**
   * How often the booking settler looks up bookings whose answer from Cal.com was lost (every
   * interval for 10 minutes, then hourly for a day); also how long after its budget a booking
   * whose server died is taken over.
   */
  bookingSettleIntervalMs: number;
  /**
   * JOB_EXPIRE_SECONDS (default 900): a sync, reconciliation or purge job still running after
   * this long counts as failed and is retried, on another instance if its own died.
   */
  jobExpireSeconds: number;
  /** JOB_MAINTENANCE_SECONDS (default 60): how often pg-boss fails expired jobs over to retry. */
  jobMaintenanceSeconds: number;
  /** JOB_POLL_SECONDS (default 2): how often an idle pg-boss worker asks for a job. */
  jobPollSeconds: number;
  /** Requests per minute per Cal.com API key (Cal.com's default is 120; keys can have more). */
  calcomRateLimit: number;
  /**
   * CALCOM_ALLOWED_BASE_URLS: the Cal.com API base URLs a company may be connected to (a tenant's
   * API key is sent there); default the hosted https://api.cal.com and https://api.cal.eu.
   */
  calcomAllowedBaseUrls: string[];
  /**
   * FRONTDESK_ALLOW_LOOPBACK_CALCOM=1: also http(s)://127.0.0.1, [::1] or localhost on any port
   * (the built-in simulator in the demo, tests and benches). Never on a shared server.
   */
  calcomAllowLoopback: boolean;
  /** METRICS_TOKEN: the bearer token /metrics needs (required unless HOST is loopback). */
  metricsToken: string | undefined;
  /** API_RATE_LIMIT: requests one API token may make per rolling minute. */
  apiRateLimit: number;
  /** Proxy addresses whose X-Forwarded-For the console believes for login limits. */
  trustedProxies: string[];
  /** Open connections the HTTP server accepts at once; more are closed as they arrive. */
  maxConnections: number;
  /**
   * Days raw deliveries and settled booking attempts are kept, and a call's
   * transcript is shown (default 30).
   */
  retentionDays: number;
  logLevel: string | undefined;
}

/** Reads the environment; a bad value stops start-up with the variable's name and the problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const sqliteFile = e.DATABASE_URL.startsWith("sqlite:")
    ? e.DATABASE_URL.slice("sqlite:".length)
    : null;
  const dataDir = resolve(
    e.FRONTDESK_DATA_DIR ??
      (sqliteFile && sqliteFile !== ":memory:" ? dirname(sqliteFile) : "./data"),
  );
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    calcomSimPort: e.CALCOM_SIM_PORT,
    host: e.HOST,
    secret: e.FRONTDESK_SECRET,
    dataDir,
    publicUrl: e.PUBLIC_URL,
    retellApiKey: e.RETELL_API_KEY,
    retellApiBaseUrl: e.RETELL_API_BASE_URL,
    smtpUrl: e.SMTP_URL,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    notifyEmailTo: e.NOTIFY_EMAIL_TO,
    notifyEmailFrom: e.NOTIFY_EMAIL_FROM,
    syncCron: e.SYNC_CRON,
    reconcileCron: e.RECONCILE_CRON,
    bookingSettleIntervalMs: e.BOOKING_SETTLE_INTERVAL_MS,
    jobExpireSeconds: e.JOB_EXPIRE_SECONDS,
    jobMaintenanceSeconds: e.JOB_MAINTENANCE_SECONDS,
    jobPollSeconds: e.JOB_POLL_SECONDS,
    calcomRateLimit: e.CALCOM_RATE_LIMIT,
    calcomAllowedBaseUrls: e.CALCOM_ALLOWED_BASE_URLS,
    calcomAllowLoopback: e.FRONTDESK_ALLOW_LOOPBACK_CALCOM,
    metricsToken: e.METRICS_TOKEN,
    apiRateLimit: e.API_RATE_LIMIT,
    trustedProxies: e.TRUSTED_PROXY,
    maxConnections: e.MAX_CONNECTIONS,
    retentionDays: e.RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
  };
}

export const secretKeyFile = (config: Config) => join(config.dataDir, "secret.key");
