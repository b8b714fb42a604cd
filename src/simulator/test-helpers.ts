import type { Hono } from "hono";

export const salonKey = "cal_test_salon_beispiel";
export const dentalKey = "cal_test_bright_smiles";

/** A Monday in October 2026; Europe/Berlin is on CEST (UTC+2) until Sunday 2026-10-25. */
export const monday = "2026-10-19";

export interface CallOptions {
  method?: string;
  key?: string;
  version?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim as application/json. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies field by field
  json: any;
}

/** One request against the simulator's app, the way an API client would send it. */
export async function call(app: Hono, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== undefined) headers.Authorization = `Bearer ${opts.key}`;
  if (opts.version !== undefined) headers["cal-api-version"] = opts.version;
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = opts.rawBody ?? JSON.stringify(opts.body);
  }
  const response = await app.request(path, { method: opts.method ?? "GET", headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : null,
  };
}

/** POST /v2/bookings with the right version header. */
export function book(
  app: Hono,
  start: string,
  eventTypeId: number,
  attendee: { name: string; email?: string; timeZone?: string },
  extra: Record<string, unknown> = {},
): Promise<CallResult> {
  return call(app, "/v2/bookings", {
    method: "POST",
    version: "2024-08-13",
    body: {
      start,
      eventTypeId,
      attendee: { timeZone: "Europe/Berlin", ...attendee },
      ...extra,
    },
  });
}
