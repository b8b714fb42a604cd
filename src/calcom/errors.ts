import type { CalcomFailure } from "../domain/calcom-failure.ts";
import type { BookingRefusal } from "../domain/entities.ts";

/** The domain's list, so what the console words and what this client raises cannot drift. */
export type CalcomErrorKind = CalcomFailure;

export interface CalcomErrorInit {
  kind: CalcomErrorKind;
  message: string;
  path: string;
  status?: number | null;
  calcomCode?: string | null;
  calcomMessage?: string | null;
  /** Defaults by kind: throttling, outages, timeouts and network errors may pass on a retry. */
  retryable?: boolean;
}

const retryableKinds: ReadonlySet<CalcomErrorKind> = new Set([
  "rate_limited",
  "unavailable",
  "timeout",
  "network",
]);

/** A failed Cal.com call. Messages are written for an operator and never contain the API key. */
export class CalcomError extends Error {
  readonly kind: CalcomErrorKind;
  readonly status: number | null;
  readonly calcomCode: string | null;
  readonly calcomMessage: string | null;
  /** Request path without the query string (which can hold attendee emails). */
  readonly path: string;
  readonly retryable: boolean;

  constructor(init: CalcomErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.name = "CalcomError";
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.calcomCode = init.calcomCode ?? null;
    this.calcomMessage = init.calcomMessage ?? null;
    this.path = init.path;
    this.retryable = init.retryable ?? retryableKinds.has(init.kind);
  }
}

interface ErrorBody {
  code: string | null;
  message: string | null;
}

const maxMessageLength = 300;

function asMessage(value: unknown): string | null {
  // class-validator failures can arrive as a list of messages.
  if (Array.isArray(value)) return asMessage(value.filter((v) => typeof v === "string").join("; "));
  if (typeof value !== "string" || value.trim() === "") return null;
  const trimmed = value.trim();
  return trimmed.length > maxMessageLength ? `${trimmed.slice(0, maxMessageLength)}…` : trimmed;
}

/**
 * Reads both error shapes Cal.com sends — the filter's `{status:"error", error:{code,message}}`
 * and bare Nest `{statusCode, message, error?}` — and falls back to the raw text for non-JSON
 * bodies (proxies, HTML error pages).
 */
export function parseErrorBody(body: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { code: null, message: asMessage(body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ")) };
  }
  if (typeof json !== "object" || json === null) return { code: null, message: asMessage(body) };
  const record = json as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === "object" && nested !== null) {
    const e = nested as Record<string, unknown>;
    return { code: asMessage(e.code), message: asMessage(e.message) };
  }
  return { code: asMessage(nested), message: asMessage(record.message) };
}

export interface HttpFailure {
  method: string;
  path: string;
  status: number;
  body: string;
  /** Removed from any text Cal.com echoes back, in case it quotes the credential. */
  apiKey: string | null;
}

export function errorFromResponse(failure: HttpFailure): CalcomError {
  const { method, path, status } = failure;
  const parsed = parseErrorBody(failure.body);
  const calcomMessage =
    failure.apiKey && parsed.message
      ? parsed.message.split(failure.apiKey).join("[redacted]")
      : parsed.message;
  const detail = calcomMessage ? `: ${calcomMessage}` : "";
  const where = `${method} ${path}`;
  const base = { path, status, calcomCode: parsed.code, calcomMessage };

  if (status === 401) {
    return new CalcomError({
      ...base,
      kind: "unauthorized",
      message:
        "Cal.com rejected the API key (401 Unauthorized) — check the company's Cal.com API key",
    });
  }
  if (status === 403) {
    const team = /^\/v2\/teams\/(\d+)/.exec(path)?.[1];
    const reason = team
      ? `the API key has no admin access to team ${team}`
      : `the API key may not use ${where}${detail}`;
    return new CalcomError({
      ...base,
      kind: "forbidden",
      message: `Cal.com refused access (403 Forbidden): ${reason}`,
    });
  }
  if (status === 404) {
    return new CalcomError({
      ...base,
      kind: "not_found",
      message: `Cal.com found nothing at ${where} (404)${detail}`,
    });
  }
  if (status === 429) {
    return new CalcomError({
      ...base,
      kind: "rate_limited",
      message: `Cal.com rate limit reached (429) on ${where}${detail}`,
    });
  }
  if (status >= 500) {
    return new CalcomError({
      ...base,
      kind: "unavailable",
      message: `Cal.com failed with HTTP ${status} on ${where}${detail}`,
    });
  }
  return new CalcomError({
    ...base,
    kind: "invalid_request",
    message: `Cal.com rejected ${where} (HTTP ${status})${detail}`,
  });
}

/** Why Cal.com refused a booking write, as far as its answer tells. */
export interface BookingRefusalInfo {
  code: "slot_taken" | BookingRefusal | "hosts_unsupported" | "refused";
  /** For `invalid_contact`: which detail Cal.com named. */
  field: "phone" | "email" | null;
}

/*
 * Cal.com's refusals, by its own codes and messages (errorCodes.ts, handleNewBooking,
 * bookings.service.ts of API v2). Only "the time is gone" is answered with other times; the order
 * matters where a message could match two kinds.
 */
const slotTaken: readonly RegExp[] = [
  /no_available_users_found/i,
  /no available users/i,
  /hosts?_unavailable/i,
  /host_unavailable/i,
  /booking_conflict/i,
  /booking conflict/i,
  /already has (a )?booking/i,
  /(is|are) not available/i,
  /not available (at|for) (this|that|the) time/i,
  /seats?_full/i,
  /not_enough_available_seats/i,
  /booking_time_out_of_bounds/i,
  /restriction_schedule/i,
  /slot.{0,40}(taken|unavailable|no longer|not available|reserved|booked)/i,
  /in the past/i,
];
const requiredField: readonly RegExp[] = [
  /required booking field/i,
  /missing required/i,
  /bookingFieldsResponses/i,
];
const invalidContact: readonly RegExp[] = [
  /(phone|e-?mail).{0,60}(invalid|not valid|must be|format)/i,
  /(invalid|not a valid).{0,40}(phone|e-?mail)/i,
  /invalid_number/i,
];
const bookingLimit: readonly RegExp[] = [
  /booking_limit/i,
  /booking limit/i,
  /booker_limit/i,
  /booker booking limit/i,
  /limit (reached|exceeded)/i,
  /maximum number of bookings/i,
];
const notBookable: readonly RegExp[] = [
  /managed event/i,
  /parent/i,
  /can ?not be booked|can't be booked|cannot book/i,
  /requires? authentication|bookingRequiresAuthentication|must be (logged in|authenticated)/i,
  /event_type_no_hosts|has no hosts/i,
  /private_link/i,
  /recurring/i,
  /seated|seatUid/i,
  /payment/i,
];

const matches = (patterns: readonly RegExp[], text: string) => patterns.some((p) => p.test(text));

/**
 * An older Cal.com's ValidationPipe (forbidNonWhitelisted) refusing the chosen-hosts parameter
 * it does not know: "property rrHostSubsetIds should not exist". Nothing was done, on a read or
 * a write, so the same request without it is safe.
 */
export function refusesHostSubsets(error: CalcomError): boolean {
  if (error.status !== 400) return false;
  const text = [error.calcomCode, error.calcomMessage].filter(Boolean).join(" ");
  return /rrHostSubsetIds\b.{0,20}should not exist/i.test(text);
}

/**
 * Classifies Cal.com's answer to a booking write that it refused (a 4xx other than 404 and
 * 429). Null when it is not a refusal of the booking: the API key was refused, nothing was found,
 * or the error is not an answer at all. Cal.com words some refusals as 401/403 (a booking limit
 * is `HttpError(403 "booking_limit_reached")`, wrapped as 401): the words decide before the status.
 */
export function bookingRefusalOf(error: CalcomError): BookingRefusalInfo | null {
  // Our own check of the input before sending counts as Cal.com's 400 would.
  const unsent = error.kind === "invalid_request" && error.status === null;
  const status = unsent ? 400 : error.status;
  if (status === null || status < 400 || status >= 500) return null;
  if (status === 404 || status === 429) return null;
  const text = unsent
    ? error.message
    : [error.calcomCode, error.calcomMessage].filter(Boolean).join(" ");
  const kind = (code: BookingRefusalInfo["code"]): BookingRefusalInfo => ({ code, field: null });
  if (!unsent && refusesHostSubsets(error)) return kind("hosts_unsupported");
  if (matches(invalidContact, text)) {
    const phone = /phone|number/i.test(text);
    const email = /e-?mail/i.test(text);
    return { code: "invalid_contact", field: phone === email ? null : phone ? "phone" : "email" };
  }
  if (matches(requiredField, text)) return kind("required_booking_field");
  if (matches(bookingLimit, text)) return kind("booking_limit");
  if (matches(slotTaken, text)) return kind("slot_taken");
  if (matches(notBookable, text)) return kind("not_bookable");
  if (status === 401 || status === 403) return null;
  // A duplicate of an existing booking (same host and time) is refused as a conflict.
  if (status === 409) return kind("slot_taken");
  return kind("refused");
}

/**
 * Whether a failed write certainly never reached Cal.com: held back by our rate limiter, refused
 * by Cal.com's throttle, or no connection could be made. Any other failure after sending
 * (timeout, reset, 5xx, an answer we cannot read) leaves the outcome unknown.
 */
export function neverSent(error: CalcomError): boolean {
  if (error.kind === "rate_limited") return true;
  if (error.kind !== "network") return false;
  const code = causeCode(error);
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function causeCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
