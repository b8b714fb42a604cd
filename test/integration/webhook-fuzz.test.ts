import fc from "fast-check";
import type { Hono } from "hono";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";

/** How many signed, generated requests the suite sends over the four webhook routes. */
const cases = 10_000;
const seed = Number(process.env.FUZZ_SEED ?? 20261202);

// --- Hostile pieces -----------------------------------------------------------------------------

/*
 * Some hostile values cannot be written by JSON.stringify (a number past the double range, a key
 * `__proto__` that must stay a key, nesting thousands deep): they are generated as a placeholder
 * string and spliced into the text afterwards (`splice`).
 */
const raw = (text: string) => `\u0001raw:${text}\u0001`;
const splice = (json: string) =>
  json.replace(/"\\u0001raw:((?:[^"\\]|\\.)*)\\u0001"/g, (_, text: string) =>
    JSON.parse(`"${text}"`),
  );

const nest = (depth: number, open: "[" | '{"a":', inner = "1") =>
  `${open.repeat(depth)}${inner}${(open === "[" ? "]" : "}").repeat(depth)}`;

const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(
    "\u0000",
    "Jö\u0000rg",
    "\ud800",
    "\udfff\ud800",
    "\ufeffName",
    "\u202eevil\u202c",
    "a\u200bb\u200d",
    "e\u0301\u0301\u0301",
    "𝄞🧑🏽‍🤝‍🧑🏻",
    "\u2028\u2029",
    "'; drop table appointment; --",
    "{{customer_name}}",
    "%00",
    "null",
    "",
    " ",
  ),
);

const hugeText = fc
  .tuple(
    fc.constantFrom("a", "ö", "𝄞", "\u0000", "\\", '"', "\u202e"),
    fc.integer({ min: 1_000, max: 40_000 }),
  )
  .map(([ch, n]) => ch.repeat(n));

const oddNumber = fc.oneof(
  fc.constantFrom(1e20, -1, 8.64e15, 8.64e15 + 1, 2 ** 53, -(2 ** 53), 0.5, -0, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    raw("1e999"),
    raw("-1e999"),
    raw("1e-999"),
    raw("123456789012345678901234567890"),
  ),
);

const prototypeKeys = fc
  .subarray(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"], {
    minLength: 1,
  })
  .map((keys) =>
    raw(`{${keys.map((k) => `"${k}":{"polluted":true,"prototype":{"polluted":true}}`).join(",")}}`),
  );

const deepValue = fc
  .tuple(
    fc.integer({ min: 30, max: 8_000 }),
    fc.constantFrom("[", '{"a":') as fc.Arbitrary<"[" | '{"a":'>,
  )
  .map(([depth, open]) => raw(nest(depth, open)));

/** Anything a field might hold instead of what it should. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddText },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: prototypeKeys },
  { weight: 1, arbitrary: deepValue },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { "": "" }) },
);

/** Mostly the right value, sometimes a hostile one. */
const field = <T>(good: fc.Arbitrary<T>, badWeight = 1) =>
  fc.oneof({ weight: 12, arbitrary: good }, { weight: badWeight, arbitrary: hostile });

const future = fc
  .integer({ min: 1, max: 60 * 24 * 20 })
  .map((min) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + min * 60_000 * 30));
const isoTime = fc.oneof(
  future.map((d) => d.toISOString()),
  future.map((d) => d.toISOString().replace("Z", "+02:00")),
  fc.constantFrom(
    "+275760-09-13T00:00:00.001Z",
    "9999-12-31T23:59:59.999-23:59",
    "2027-02-30T10:00:00Z",
  ),
);

/** A body: a well-formed envelope with hostile parts, or something that is not one at all. */
const wholeBody = (envelope: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 16, arbitrary: envelope.map((v) => splice(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: deepValue.map((v) => splice(JSON.stringify(v))) },
    {
      weight: 1,
      arbitrary: envelope.map((v) => {
        const text = splice(JSON.stringify(v));
        return text.slice(0, Math.floor(text.length / 2)); // cut off mid-way
      }),
    },
  );

// --- Envelopes ----------------------------------------------------------------------------------

const ourNumber = "+493012345670";
const callObject = fc.record(
  {
    call_id: field(
      fc.oneof(
        fc.nat(300).map((n) => `call_${n}`),
        fc.constantFrom("call_\u0000nul", "x".repeat(200)),
      ),
    ),
    agent_id: field(fc.constantFrom("agent_fuzz", "agent_other")),
    agent_version: field(fc.oneof(fc.nat(), fc.constantFrom("prod", "7", ""))),
    to_number: field(fc.constantFrom(ourNumber, "+4930999", "not a number")),
    from_number: field(fc.constantFrom("+4915112345678", "+15551234567", "anonymous")),
    direction: field(fc.constantFrom("inbound", "outbound")),
    call_status: field(fc.constantFrom("ongoing", "ended", "error")),
    start_timestamp: field(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 })),
    end_timestamp: field(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 })),
    duration_ms: field(fc.nat()),
    disconnection_reason: field(fc.constantFrom("user_hangup", "agent_hangup")),
    retell_llm_dynamic_variables: field(
      fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 4 }),
    ),
    transcript: field(fc.string({ maxLength: 200 })),
    call_analysis: field(
      fc.record(
        {
          call_summary: field(fc.string({ maxLength: 200 })),
          call_successful: field(fc.boolean()),
          user_sentiment: field(fc.constantFrom("Positive", "Negative")),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ["call_id", "agent_id", "to_number"] },
);

const argNames = [
  "service",
  "date",
  "time",
  "start",
  "new_start",
  "staff",
  "customer_name",
  "customer_phone",
  "customer_email",
  "appointment_id",
  "notes",
] as const;
const argValue = fc.oneof(
  fc.constantFrom(
    "Haarschnitt",
    "Färben",
    "morgen um 14 Uhr",
    "übermorgen vormittags",
    "2027-02-30T10:00",
    "Jörg Müller",
    "+4915112345678",
    "jo@example.de",
  ),
  isoTime,
);

const functionCall = fc.record(
  {
    name: field(
      fc.constantFrom(
        "book_appointment",
        "book_appointment_v17",
        "check_availability",
        "cancel_appointment",
        "reschedule_appointment",
        "find_appointments",
        "list_services",
        "unknown_tool",
      ),
    ),
    call: field(callObject),
    args: field(fc.dictionary(fc.constantFrom(...argNames), field(argValue), { maxKeys: 8 })),
  },
  { requiredKeys: ["name", "call", "args"] },
);

const callEvent = fc.record(
  {
    event: field(
      fc.constantFrom("call_started", "call_ended", "call_analyzed", "transcript_updated"),
    ),
    call: field(callObject),
  },
  { requiredKeys: ["event", "call"] },
);

const callInbound = fc.record(
  {
    event: field(fc.constant("call_inbound")),
    call_inbound: field(
      fc.record(
        {
          to_number: field(fc.constantFrom(ourNumber, "+4930999")),
          from_number: field(fc.constantFrom("+4915112345678", "anonymous")),
          agent_id: field(fc.constantFrom("agent_fuzz")),
          agent_version: field(fc.oneof(fc.nat(), fc.constant("prod"))),
          call_id: field(fc.constantFrom("call_a", "call_in_\u0000")),
        },
        { requiredKeys: ["to_number"] },
      ),
    ),
  },
  { requiredKeys: ["event", "call_inbound"] },
);

const person = fc.record(
  {
    id: field(fc.constantFrom(501, 502, 503, 777)),
    name: field(fc.constantFrom("Anna", "Jö\u0000rg", "Kundin")),
    email: field(fc.constantFrom("k@example.de", "jo\u0000@example.de", "NOT-AN-EMAIL")),
    phoneNumber: field(fc.constantFrom("+4915112345678", "\u0000")),
    timeZone: field(fc.constantFrom("Europe/Berlin", "Mars/Olympus")),
  },
  { requiredKeys: [] },
);

const calcomDelivery = fc.record(
  {
    triggerEvent: field(
      fc.constantFrom(
        "BOOKING_CREATED",
        "BOOKING_REQUESTED",
        "BOOKING_RESCHEDULED",
        "BOOKING_CANCELLED",
        "BOOKING_REJECTED",
        "booking.created",
        "MEETING_ENDED",
      ),
    ),
    createdAt: field(isoTime),
    payload: field(
      fc.record(
        {
          uid: field(
            fc.oneof(
              fc.nat(400).map((n) => `uid-${n}`),
              fc.constantFrom("uid-\u0000", "ü".repeat(300)),
            ),
          ),
          bookingId: field(fc.nat()),
          eventTypeId: field(fc.constantFrom(2001, 2002, 2101, 99999, "2001")),
          title: field(fc.string({ maxLength: 40 })),
          startTime: field(isoTime),
          endTime: field(isoTime),
          status: field(fc.constantFrom("ACCEPTED", "PENDING", "CANCELLED")),
          organizer: field(person),
          attendees: field(fc.array(person, { maxLength: 3 })),
          responses: field(fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 })),
          metadata: field(fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 })),
          team: field(fc.record({ members: field(fc.array(person, { maxLength: 3 })) })),
          rescheduleUid: field(fc.constantFrom("uid-a", "uid-b")),
          cancellationReason: field(oddText),
        },
        { requiredKeys: ["uid", "eventTypeId", "startTime", "endTime", "organizer", "attendees"] },
      ),
    ),
  },
  { requiredKeys: ["triggerEvent", "payload"] },
);

type Case = { route: string; body: string };
const anyCase: fc.Arbitrary<Case> = fc.oneof(
  wholeBody(calcomDelivery).map((body) => ({ route: "/webhooks/calcom/salon", body })),
  wholeBody(functionCall).map((body) => ({ route: "/webhooks/retell/functions", body })),
  wholeBody(callEvent).map((body) => ({ route: "/webhooks/retell/events", body })),
  wholeBody(callInbound).map((body) => ({ route: "/webhooks/retell/inbound", body })),
);

// --- The suite ----------------------------------------------------------------------------------

const retellKey = "key_fuzz";

describe("webhook routes under hostile but signed input", () => {
  let database: TestDatabase;
  let http: Hono;
  let app: ReturnType<typeof assembleForTest>;
  const calcom = simulatedCalcom(demoFixture());

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    app = assembleForTest(database, calcom.fetch);
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: retellKey,
    });
    const company = await app.store.companies.create(
      companyInput("salon", {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
        calcomWebhookSecret: new Secret("fuzz-secret"),
      }),
    );
    const ctx = { company, actor: { type: "cli" as const } };
    await app.useCases.staff.importStaff(ctx, { text: demoCompanies[0]!.staffCsv, format: "csv" });
    await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    for (const s of demoCompanies[0]!.services) await app.useCases.service.createService(ctx, s);
    await app.useCases.company.addPhoneNumber(ctx, { number: ourNumber });
  });
  afterAll(() => database.drop());

  const send = async ({ route, body }: Case) =>
    http.request(route, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        ...(route.startsWith("/webhooks/calcom/")
          ? { "x-cal-signature-256": signCalcomBody(body, "fuzz-secret") }
          : { "x-retell-signature": await Retell.sign(body, retellKey) }),
      },
    });

  /** Rows that only make sense together, checked across the whole database. */
  async function partialWrites(): Promise<string[]> {
    const db = database.db;
    const [appointments, inbox, calls] = await Promise.all([
      db
        .selectFrom("appointment")
        .select([
          "calcom_booking_uid",
          "start_at",
          "end_at",
          "calcom_event_type_id",
          "source",
          "retell_call_id",
          "rescheduled_from_uid",
          "rescheduled_to_uid",
        ])
        .execute(),
      db
        .selectFrom("inbox_event")
        .select(["provider", "event_type", "dedupe_key", "processed_at"])
        .execute(),
      db.selectFrom("call").select(["retell_call_id"]).execute(),
    ]);
    const problems: string[] = [];
    const deliveredUids = new Set(
      inbox
        .filter((i) => i.provider === "calcom")
        .map((i) => i.dedupe_key.replace(/^[A-Z_]+:/, "")),
    );
    const callIds = new Set(calls.map((c) => c.retell_call_id));
    for (const a of appointments) {
      if (!a.calcom_booking_uid || !a.start_at || !a.end_at || a.calcom_event_type_id === null)
        problems.push(`appointment without uid, times or event type: ${JSON.stringify(a)}`);
      if (a.source === "calcom" && !deliveredUids.has(a.calcom_booking_uid))
        problems.push(`appointment ${a.calcom_booking_uid} from Cal.com without its inbox row`);
      if (a.source === "voice" && !a.retell_call_id)
        problems.push(`voice appointment ${a.calcom_booking_uid} without its call`);
    }
    for (const i of inbox) {
      if (i.provider === "retell" && !callIds.has(i.dedupe_key.replace(/^[a-z_]+:/, "")))
        problems.push(`Retell inbox row ${i.dedupe_key} without its call row`);
      if (i.processed_at === null) problems.push(`inbox row ${i.dedupe_key} left unprocessed`);
    }
    for (const c of calls) if (!c.retell_call_id) problems.push("call row without a call id");
    const attempts = await db
      .selectFrom("booking_attempt")
      .select(["idempotency_key", "state"])
      .execute();
    for (const t of attempts)
      if (t.state === "booking")
        problems.push(`booking attempt ${t.idempotency_key} left in flight`);
    return problems;
  }

  it(`${cases.toLocaleString("en")} signed hostile requests over all four webhook routes: 0 × 5xx, 0 partial writes`, async () => {
    const started = performance.now();
    const statuses = new Map<string, number>();
    const fiveHundreds: Case[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        const res = await send(c);
        await res.arrayBuffer();
        sent++;
        const key = `${c.route.replace(/\/salon$/, "/:slug")} ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (res.status >= 500) fiveHundreds.push(c);
        expect(res.status).toBeLessThan(500);
        if (sent % 500 === 0) expect(await partialWrites()).toEqual([]);
      }),
      { numRuns: cases, seed, endOnFailure: true },
    );
    const problems = await partialWrites();
    const seconds = (performance.now() - started) / 1000;
    const count = async (table: "appointment" | "call" | "inbox_event") =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    console.log(
      `webhook fuzz: ${sent} cases, ${fiveHundreds.length} × 5xx, ${problems.length} partial writes, ` +
        `${seconds.toFixed(1)} s (seed ${seed}); rows: ${await count("appointment")} appointments, ` +
        `${await count("call")} calls, ${await count("inbox_event")} inbox events; statuses: ` +
        JSON.stringify(Object.fromEntries([...statuses].sort())),
    );
    expect(sent).toBe(cases);
    expect(fiveHundreds).toEqual([]);
    expect(problems).toEqual([]);
    // Prototype keys stayed data.
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // Every route was reached, and each with well-formed requests that did real work.
    for (const route of [
      "calcom/:slug 200",
      "retell/functions 200",
      "retell/events 204",
      "retell/inbound 200",
    ])
      expect([...statuses.keys()].some((k) => k.endsWith(route))).toBe(true);
  }, 120_000);
});
