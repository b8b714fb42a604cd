import nodemailer from "nodemailer";
import type { Logger } from "./logger.ts";
import { type SafePostOptions, type SafeResponse, safePost } from "./safe-http.ts";

export interface Notification {
  emailTo: string[];
  webhookUrls: string[];
  subject: string;
  /** The email body (plain text). */
  text: string;
  /** The webhook body, sent as JSON. */
  json: unknown;
}

export interface NotificationOutcome {
  email: "sent" | "skipped" | "failed";
  /** One entry per webhook URL, in order. */
  webhooks: ("sent" | "failed")[];
}

export interface NotifierOptions {
  /** e.g. `smtp://user:pass@mail.example.com:587`; without it no email is sent. */
  smtpUrl?: string | undefined;
  emailFrom?: string | undefined;
  /**
   * How a webhook is posted: `safePost` (https only, resolved addresses checked, no redirects,
   * answer capped) unless a test replaces it. Every webhook URL goes through it, the operator's
   * NOTIFY_WEBHOOK_URL included.
   */
  post?: (url: string, options: SafePostOptions) => Promise<Pick<SafeResponse, "status">>;
  /** The DNS look-up, extra CA and address rule of `safePost` (tests). */
  webhookGuard?: Pick<SafePostOptions, "resolve" | "ca" | "isBlocked" | "maxResponseBytes">;
  logger: Pick<Logger, "info" | "warn">;
  /** Per email delivery (10 s) and per webhook request (5 s). */
  timeoutMs?: number;
}

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Sends an operator notification by email and/or HTTP POST. Every failure is logged and
 * reported in the outcome, never thrown: a notification is a side channel and must not break
 * the work that triggered it.
 */
export function createNotifier(options: NotifierOptions) {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const webhookTimeoutMs = options.timeoutMs ?? 5_000;
  const from = options.emailFrom ?? "Frontdesk <frontdesk@localhost>";
  const post = options.post ?? safePost;
  const smtp = options.smtpUrl
    ? {
        target: describeUrl(options.smtpUrl),
        transport: nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        }),
      }
    : null;

  async function sendEmail(n: Notification): Promise<NotificationOutcome["email"]> {
    if (!smtp || n.emailTo.length === 0) return "skipped";
    try {
      await smtp.transport.sendMail({ from, to: n.emailTo, subject: n.subject, text: n.text });
      logger.info({ smtp: smtp.target, to: n.emailTo }, "notification email sent");
      return "sent";
    } catch (error) {
      logger.warn(
        { smtp: smtp.target, to: n.emailTo, error: errorMessage(error) },
        "notification email failed",
      );
      return "failed";
    }
  }

  async function postWebhook(url: string, json: unknown): Promise<"sent" | "failed"> {
    const target = describeUrl(url);
    try {
      const response = await post(url, {
        ...options.webhookGuard,
        headers: { "content-type": "application/json", "user-agent": "Frontdesk" },
        body: JSON.stringify(json),
        timeoutMs: webhookTimeoutMs,
      });
      if (response.status < 200 || response.status > 299) {
        logger.warn({ webhook: target, status: response.status }, "notification webhook refused");
        return "failed";
      }
      logger.info({ webhook: target }, "notification webhook sent");
      return "sent";
    } catch (error) {
      logger.warn({ webhook: target, error: errorMessage(error) }, "notification webhook failed");
      return "failed";
    }
  }

  return {
    async send(n: Notification): Promise<NotificationOutcome> {
      const [email, webhooks] = await Promise.all([
        sendEmail(n),
        Promise.all(n.webhookUrls.map((url) => postWebhook(url, n.json))),
      ]);
      return { email, webhooks };
    },
  };
}

/**
 * Where a URL points, without what may be secret in it: SMTP URLs carry passwords, and webhook
 * URLs (Slack, Teams) carry their token in the path or query.
 */
function describeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(unparsable URL)";
  }
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "timed out";
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED …) in the cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
