import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear. */
export const redactedPaths = [
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "webhookSecret",
  "*.webhookSecret",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-retell-signature"]',
  'req.headers["x-cal-signature-256"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  level?: string;
  /** Defaults to stderr so that a CLI's --json output on stdout stays clean. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: { service: "frontdesk" },
    },
    options.destination ?? pino.destination(2),
  );
}
