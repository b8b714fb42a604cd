import type { Hono } from "hono";
import { demoFixture } from "./demo-fixture.ts";
import type { SimulatorFixture } from "./fixture.ts";

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

/**
 * The demo fixture plus salon event types with Cal.com's harder settings: fixed hosts (2005),
 * confirmation (2006), custom booking fields (2007), a managed parent (2008), recurrence (2009),
 * seats (2010) and a daily booking limit (2011).
 */
export function flagsFixture(): SimulatorFixture {
  const fixture = demoFixture();
  fixture.teams[0]!.eventTypes.push(
    {
      id: 2005,
      title: "VIP",
      slug: "vip",
      lengthInMinutes: 60,
      schedulingType: "roundRobin",
      // Host order matters: the first mandatory host (501) is the organizer, not the first host.
      hosts: [{ userId: 502 }, { userId: 501, mandatory: true }, { userId: 503 }],
    },
    {
      id: 2006,
      title: "Erstberatung",
      slug: "erstberatung",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      requiresConfirmation: true,
      hosts: [{ userId: 504 }],
    },
    {
      id: 2007,
      title: "Allergietest",
      slug: "allergietest",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hosts: [{ userId: 505 }],
      bookingFields: [
        { slug: "allergies", type: "textarea", label: "Allergien", required: true },
        {
          slug: "referral",
          type: "select",
          label: "Wie haben Sie uns gefunden?",
          options: ["Google", "Freunde"],
        },
        { slug: "internal", type: "text", label: "Intern", required: true, hidden: true },
      ],
    },
    {
      id: 2008,
      title: "Franchise-Schnitt",
      slug: "franchise-schnitt",
      lengthInMinutes: 30,
      schedulingType: "managed",
      hosts: [{ userId: 501 }, { userId: 502 }],
    },
    {
      id: 2009,
      title: "Kur",
      slug: "kur",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hosts: [{ userId: 503 }],
      recurrence: { interval: 1, occurrences: 3, frequency: "weekly" },
    },
    {
      id: 2010,
      title: "Workshop",
      slug: "workshop",
      lengthInMinutes: 60,
      schedulingType: "roundRobin",
      hosts: [{ userId: 504 }],
      seats: { seatsPerTimeSlot: 2, showAttendeeInfo: false, showAvailabilityCount: true },
    },
    {
      id: 2011,
      title: "Schnellschnitt",
      slug: "schnellschnitt",
      lengthInMinutes: 15,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501 }, { userId: 502 }, { userId: 503 }],
      bookingLimitsCount: { day: 2 },
    },
  );
  return fixture;
}

export interface CapturedWebhook {
  url: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect webhook bodies field by field
  body: any;
}

/** A webhook receiver in memory: pass `fetch` to the simulator, read `received`. */
export function capturingFetch(status = 200) {
  const received: CapturedWebhook[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    received.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    return new Response(null, { status });
  };
  return { fetch, received };
}

/** POST JSON to a simulator path with the bookings version header. */
export function post(app: Hono, path: string, body: unknown = {}, key?: string) {
  return call(app, path, {
    method: "POST",
    version: "2024-08-13",
    body,
    ...(key === undefined ? {} : { key }),
  });
}
