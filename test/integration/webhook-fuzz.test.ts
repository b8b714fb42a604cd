import fc from "fast-check";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { featuresFor, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";

/** Bodies an attacker with a valid signature, a broken client or a buggy proxy might send. */
const hostileJson = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      triggerEvent: fc.oneof(
        fc.constantFrom(
          "BOOKING_CREATED",
          "BOOKING_RESCHEDULED",
          "BOOKING_CANCELLED",
          "booking.created",
        ),
        fc.string(),
      ),
      payload: fc.oneof(
        fc.constant(null),
        fc.record(
          {
            uid: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)),
            eventTypeId: fc.oneof(fc.constantFrom(2001, 2101, 99999), fc.string(), fc.double()),
            startTime: fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              fc.string(),
            ),
            endTime: fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              fc.string(),
            ),
            organizer: fc.oneof(
              fc.record({ id: fc.oneof(fc.integer(), fc.string()) }),
              fc.string(),
            ),
            attendees: fc.oneof(
              fc.array(fc.record({ name: fc.string(), phoneNumber: fc.string() }), {
                maxLength: 3,
              }),
              fc.string(),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .string({ unit: "grapheme", minLength: 1000, maxLength: 5000 })
    .map((s) => JSON.stringify({ triggerEvent: s, payload: { uid: s } })),
);

const retellKey = "key_fuzz";

describe("webhook routes under hostile but signed input", () => {
  let database: TestDatabase;
  let http: Hono;
  let app: ReturnType<typeof featuresFor>;
  const calcom = simulatedCalcom(demoFixture());

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    app = featuresFor(database, calcom.fetch);
    http = createHttpApp({
      health: app.store,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      features: app.features,
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
    await app.features.importStaff(ctx, { text: demoCompanies[0]!.staffCsv, format: "csv" });
    await app.features.syncServiceHosts(ctx, { trigger: "cli" });
    for (const s of demoCompanies[0]!.services) await app.features.createService(ctx, s);
    await app.features.addPhoneNumber(ctx, { number: "+493012345670" });
  });
  afterAll(() => database.drop());

  it("POST /webhooks/calcom/:slug never answers 5xx and never writes half an appointment", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileJson, async (body) => {
        const res = await http.request("/webhooks/calcom/salon", {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-cal-signature-256": signCalcomBody(body, "fuzz-secret"),
          },
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        // Every stored appointment is whole: uid, times, status and a valid event type.
        const broken = await database.db
          .selectFrom("appointment")
          .select("id")
          .where((eb) =>
            eb.or([
              eb("calcom_booking_uid", "=", ""),
              eb("start_at", "is", null),
              eb("calcom_event_type_id", "is", null),
            ]),
          )
          .execute();
        expect(broken).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect([...statuses.keys()].every((s) => [200, 400, 413].includes(s))).toBe(true);
  });

  const retellBodies = fc.oneof(
    hostileJson,
    fc
      .record({
        name: fc.oneof(
          fc.constantFrom(
            "book_appointment",
            "check_availability",
            "cancel_appointment",
            "reschedule_appointment",
            "find_appointments",
            "list_services",
          ),
          fc.string(),
        ),
        call: fc.oneof(
          fc.record({
            call_id: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
            agent_id: fc.string({ maxLength: 20 }),
            to_number: fc.oneof(fc.constant("+493012345670"), fc.string()),
            from_number: fc.oneof(fc.constant("+4915112345678"), fc.string(), fc.constant(null)),
          }),
          fc.string(),
        ),
        args: fc.dictionary(
          fc.constantFrom(
            "service",
            "date",
            "time",
            "start",
            "new_start",
            "customer_name",
            "customer_phone",
            "customer_email",
            "appointment_id",
            "notes",
          ),
          fc.oneof(
            fc.string({ unit: "grapheme", maxLength: 300 }),
            fc.integer(),
            fc.constant(null),
            fc.constantFrom(
              "Haarschnitt",
              "morgen um 14 Uhr",
              "übermorgen vormittags",
              "2027-02-30T10:00",
            ),
          ),
        ),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        event: fc.constantFrom("call_started", "call_ended", "call_analyzed", "call_inbound", "x"),
        call: fc.anything(),
        call_inbound: fc.anything(),
      })
      .map((v) => JSON.stringify(v)),
  );

  it.each(["/webhooks/retell/functions", "/webhooks/retell/events", "/webhooks/retell/inbound"])(
    "POST %s never answers 5xx and never writes half a row",
    async (path) => {
      await fc.assert(
        fc.asyncProperty(retellBodies, async (body) => {
          const res = await http.request(path, {
            method: "POST",
            body,
            headers: {
              "content-type": "application/json",
              "x-retell-signature": signRetellBody(body, retellKey, Date.now()),
            },
          });
          expect(res.status).toBeLessThan(500);
          const halfCalls = await database.db
            .selectFrom("call")
            .select("id")
            .where("retell_call_id", "=", "")
            .execute();
          expect(halfCalls).toEqual([]);
        }),
        { numRuns: 200 },
      );
    },
  );
});
