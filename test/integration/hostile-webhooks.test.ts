import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import type { Company } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";

const retellKey = "key_hostile";
const secret = "hostile-secret";
const deep = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const call = (extra: Record<string, unknown> = {}) => ({
  call_id: "call_hostile",
  agent_id: "agent_hostile",
  to_number: "+493012345670",
  from_number: "+4915112345678",
  ...extra,
});

/** Signed requests that answered 500 before: now a 400 naming the problem, or stored safely. */
describe.each(testEngines())("signed but hostile webhooks on %s", (engine) => {
  let database: TestDatabase;
  let http: Hono;
  let company: Company;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const app = assembleForTest(database, simulatedCalcom(demoFixture()).fetch);
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: retellKey,
    });
    company = await app.store.companies.create(
      companyInput("salon", {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
        calcomWebhookSecret: new Secret(secret),
      }),
    );
    const ctx = { company, actor: { type: "cli" as const } };
    await app.useCases.staff.importStaff(ctx, { text: demoCompanies[0]!.staffCsv, format: "csv" });
    await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    for (const s of demoCompanies[0]!.services) await app.useCases.service.createService(ctx, s);
    await app.useCases.company.addPhoneNumber(ctx, { number: "+493012345670" });
  });
  afterAll(() => database.drop());

  const retell = (path: string, body: string) =>
    http.request(path, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-retell-signature": signRetellBody(body, retellKey, Date.now()),
      },
    });
  const calcom = (body: string) =>
    http.request("/webhooks/calcom/salon", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-cal-signature-256": signCalcomBody(body, secret),
      },
    });
  const message = async (res: Response) =>
    ((await res.json()) as { error: { message: string } }).error.message;

  it("refuses JSON nested thousands deep with a 400 that says so, on every route", async () => {
    for (const depth of [65, 5_000, 30_000]) {
      const vars = JSON.stringify({
        event: "call_started",
        call: call({ retell_llm_dynamic_variables: { x: "__DEEP__" } }),
      }).replace('"__DEEP__"', deep(depth));
      const args = JSON.stringify({
        name: "book_appointment",
        call: call(),
        args: { customer_name: "__DEEP__" },
      }).replace('"__DEEP__"', deep(depth));
      for (const res of [
        await retell("/webhooks/retell/events", vars),
        await retell("/webhooks/retell/functions", args),
        await retell("/webhooks/retell/inbound", deep(depth)),
        await calcom(
          JSON.stringify({
            triggerEvent: "BOOKING_CREATED",
            payload: { responses: "__DEEP__" },
          }).replace('"__DEEP__"', deep(depth)),
        ),
      ]) {
        expect(res.status).toBe(400);
        expect(await message(res)).toContain("nested deeper than 64 levels");
      }
    }
    // 64 levels still parse (and then fail or pass on their shape, never 500).
    const ok = await retell(
      "/webhooks/retell/events",
      JSON.stringify({
        event: "call_started",
        call: call({ retell_llm_dynamic_variables: { x: "__DEEP__" } }),
      }).replace('"__DEEP__"', deep(60)),
    );
    expect(ok.status).toBeLessThan(500);
  });

  it("refuses a timestamp past the range of dates with a 400 naming its path", async () => {
    const res = await retell(
      "/webhooks/retell/events",
      JSON.stringify({ event: "call_ended", call: call({ start_timestamp: 8.7e15 }) }),
    );
    expect(res.status).toBe(400);
    expect(await message(res)).toBe("$.call.start_timestamp: is outside the range of dates");
    const huge = await retell(
      "/webhooks/retell/events",
      JSON.stringify({ event: "call_ended", call: call({ end_timestamp: 1e20 }) }),
    );
    expect(huge.status).toBe(400);
    expect(await message(huge)).toMatch(/^\$\.call\.end_timestamp: /);
    for (const startTime of ["+275760-09-13T00:00:00.001Z", "275760-09-13T00:00:00.001Z"]) {
      const cal = await calcom(
        JSON.stringify({
          triggerEvent: "BOOKING_CREATED",
          payload: { uid: "far-future", eventTypeId: 2001, startTime, endTime: startTime },
        }),
      );
      expect(cal.status).toBe(400);
      expect(await message(cal)).toMatch(/^\$\.payload\.startTime: /);
    }
  });

  it("stores a Cal.com booking whose attendee name carries NUL characters, without them", async () => {
    const start = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const body = JSON.stringify({
      triggerEvent: "BOOKING_CREATED",
      payload: {
        uid: "nul\u0000booking",
        eventTypeId: 2001,
        title: "Haarschnitt\u0000",
        startTime: start,
        endTime: start,
        organizer: { id: 501, name: "Anna\u0000" },
        attendees: [{ name: "Jö\u0000rg", email: "jo\u0000rg@example.de", phoneNumber: "\u0000" }],
        responses: { "no\u0000te": "\u0000\u0000" },
      },
    });
    expect(body).toContain("\\u0000");
    const res = await calcom(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, outcome: "created" });
    const rows = await database.db
      .selectFrom("appointment")
      .select(["calcom_booking_uid", "attendee_name", "attendee_email"])
      .where("company_id", "=", company.id)
      .where("calcom_booking_uid", "=", "nulbooking")
      .execute();
    expect(rows).toEqual([
      {
        calcom_booking_uid: "nulbooking",
        attendee_name: "Jörg",
        attendee_email: "jorg@example.de",
      },
    ]);
    // A repeat is the same delivery, not a second appointment.
    expect(await (await calcom(body)).json()).toMatchObject({ outcome: "duplicate" });
  });

  it("records a Retell call event whose fields carry NUL characters", async () => {
    const res = await retell(
      "/webhooks/retell/events",
      JSON.stringify({
        event: "call_ended",
        call: call({
          call_id: "call\u0000nul",
          disconnection_reason: "user\u0000hangup",
          call_analysis: { call_summary: "Su\u0000mmary" },
          retell_llm_dynamic_variables: { "a\u0000": "\u0000" },
        }),
      }),
    );
    expect(res.status).toBe(204);
    const rows = await database.db
      .selectFrom("call")
      .select(["retell_call_id"])
      .where("retell_call_id", "=", "callnul")
      .execute();
    expect(rows).toHaveLength(1);
  });
});
