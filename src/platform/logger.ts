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

/**
 * The client went away before its request body was complete (Node's "aborted" reset, or a stream
 * closed early): its own doing, a 400-class outcome, never a fault of ours.
 */
export function isClientAbort(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "ECONNRESET" && e.message === "aborted") return true;
  if (e.code === "ERR_STREAM_PREMATURE_CLOSE") return true;
  return e.cause !== undefined && e.cause !== error && isClientAbort(e.cause);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: { service: "frontdesk" },
      hooks: {
        // An error handler that meets a client abort logs it at info, marked as such: a client
        // hanging up mid-body is no error of ours and must not page anyone.
        logMethod(args, method, level) {
          const first = args[0] as { err?: unknown } | undefined;
          if (level >= 50 && first && typeof first === "object" && isClientAbort(first.err)) {
            const [, ...rest] = args as unknown[];
            this.info({ ...first, outcome: "client_aborted" }, ...(rest as [string]));
            return;
          }
          method.apply(this, args);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}
