import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import { outboundUrlIssue, outboundUrlProblem } from "../../platform/safe-http.ts";

/** Shared edge schemas: the same rules for CLI, HTTP API and console. */

export const slugSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "use lowercase letters, digits and single hyphens, like salon-beispiel",
  )
  .max(60);

export const timezoneSchema = z
  .string()
  .trim()
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return tz.includes("/") || tz === "UTC";
      } catch {
        return false;
      }
    },
    {
      message: "is not an IANA time zone such as Europe/Berlin",
      params: { code: "not_timezone" },
    },
  );

export const localeSchema = z.enum(["de", "en"]);

export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "use a two-letter country code such as DE")
  .transform((c) => c.toUpperCase());

export const calcomBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.cal.com" })
  .transform((u) => u.replace(/\/+$/, "").replace(/\/v2$/, ""));

/** Cal.com's hosted API regions, the default CALCOM_ALLOWED_BASE_URLS. */
export const hostedCalcomBaseUrls = ["https://api.cal.com", "https://api.cal.eu"] as const;

/**
 * Where a company's Cal.com API key may be sent: a base URL the platform admin allows
 * (CALCOM_ALLOWED_BASE_URLS), or any loopback address when FRONTDESK_ALLOW_LOOPBACK_CALCOM is set
 * (the built-in simulator).
 */
export interface CalcomBaseUrlPolicy {
  allowed: readonly string[];
  allowLoopback?: boolean;
}

export const defaultCalcomBaseUrlPolicy: CalcomBaseUrlPolicy = { allowed: hostedCalcomBaseUrls };

const normalizeBaseUrl = (u: string) => {
  const url = new URL(u.replace(/\/+$/, "").replace(/\/v2$/, ""));
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
};

/** Why a (parsed, normalized) base URL is not allowed, or null. */
export function calcomBaseUrlProblem(baseUrl: string, policy: CalcomBaseUrlPolicy): string | null {
  const wanted = normalizeBaseUrl(baseUrl);
  if (policy.allowed.some((a) => normalizeBaseUrl(a) === wanted)) return null;
  const host = new URL(wanted).hostname;
  if (policy.allowLoopback && ["127.0.0.1", "[::1]", "localhost"].includes(host)) return null;
  return `is not an allowed Cal.com address (allowed: ${policy.allowed.join(", ")}; a platform admin adds a self-hosted Cal.com to CALCOM_ALLOWED_BASE_URLS)`;
}

/**
 * A URL a tenant sets for us to call (the notification webhook): https, not localhost, not a
 * private, loopback or link-local address. The name's addresses are checked again at send time.
 */
export const outboundUrlSchema = z
  .string()
  .trim()
  .superRefine((u, ctx) => {
    const issue = outboundUrlIssue(u);
    if (issue)
      ctx.addIssue({
        code: "custom",
        message: outboundUrlProblem(u) ?? "",
        params: { code: "outbound_url", reason: issue.reason, host: issue.host },
      });
  });

/**
 * An address Frontdesk itself signs in with or sends mail to: stricter than `isEmailAddress` (the
 * loose check of what a caller says, which Cal.com judges), so a stored address never holds a
 * comma or semicolon (notification addresses are split on them) or a quoted local part.
 */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "is not an email address" }));

/** A number to hand calls to; an empty one clears it. Read as E.164 by `toTransferNumber`. */
export const transferNumberSchema = z
  .string()
  .trim()
  .max(40)
  .transform((n) => (n === "" ? null : n));

/** The transfer number in E.164, read in the company's country; refused when it is none. */
export function toTransferNumber(
  number: string | null | undefined,
  country: string,
): string | null | undefined {
  if (number === undefined || number === null) return number;
  const parsed = toE164(number, country);
  if (parsed.ok) return parsed.e164;
  throw new ValidationError(`invalid transfer number: ${parsed.message}`, [
    { where: "transferNumber", message: parsed.message, code: "not_phone", params: { country } },
  ]);
}
