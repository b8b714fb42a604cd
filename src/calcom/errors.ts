export type CalcomErrorKind =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "unavailable"
  | "invalid_request"
  | "invalid_response"
  | "timeout"
  | "network";

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
