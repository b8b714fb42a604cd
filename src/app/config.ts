import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("sqlite:./data/frontdesk.db")
    .refine(
      (u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u),
      "must start with sqlite: or postgres://",
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  FRONTDESK_SECRET: z.string().optional(),
  FRONTDESK_DATA_DIR: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  RETELL_API_KEY: z.string().optional(),
  SMTP_URL: z.string().optional(),
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  NOTIFY_EMAIL_TO: z.string().optional(),
  NOTIFY_EMAIL_FROM: z.string().optional(),
  SYNC_CRON: z.string().default("0 3 * * *"),
  RECONCILE_CRON: z.string().default("*/10 * * * *"),
  BOOKING_SETTLE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  CALCOM_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** Passphrase for credentials at rest; undefined → generated into dataDir. */
  secret: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  retellApiKey: string | undefined;
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
  /** Requests per minute per Cal.com API key (Cal.com's default is 120; keys can have more). */
  calcomRateLimit: number;
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
    host: e.HOST,
    secret: e.FRONTDESK_SECRET,
    dataDir,
    publicUrl: e.PUBLIC_URL,
    retellApiKey: e.RETELL_API_KEY,
    smtpUrl: e.SMTP_URL,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    notifyEmailTo: e.NOTIFY_EMAIL_TO,
    notifyEmailFrom: e.NOTIFY_EMAIL_FROM,
    syncCron: e.SYNC_CRON,
    reconcileCron: e.RECONCILE_CRON,
    bookingSettleIntervalMs: e.BOOKING_SETTLE_INTERVAL_MS,
    calcomRateLimit: e.CALCOM_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
  };
}

export const secretKeyFile = (config: Config) => join(config.dataDir, "secret.key");
