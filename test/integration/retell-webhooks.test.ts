import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { Company } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { retellBodyLimits, retellWebhookRoutes } from "../../src/http/routes/retell-webhooks.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";
import { longCall } from "../support/retell-calls.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const apiKey = "key_retell_test_123";
const salonNumber = "+493012345670";
const brightNumber = "+442079460018";
const caller = "+4915112345678";

describe.each(testEngines())("Retell webhooks on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let http: Hono;
  let salon: Company;
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);

  /** A request exactly as Retell sends it, signed by retell-sdk itself (the oracle). */
  async function retell(
    path: string,
    payload: unknown,
    options: { sign?: "sdk" | "none" | "wrong" | "stale" } = {},
  ) {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.sign !== "none") {
      headers["x-retell-signature"] =
        options.sign === "wrong"
          ? await Retell.sign(body, "key_someone_else")
          : options.sign === "stale"
            ? (await Retell.sign(body, apiKey)).replace(
                /v=(\d+)/,
                (_, v) => `v=${Number(v) - 6 * 60_000}`,
              )
            : await Retell.sign(body, apiKey);
    }
    return http.request(path, { method: "POST", body, headers });
  }
  const fn = async (
    name: string,
    args: Record<string, unknown>,
    call: Partial<Record<string, string>> = {},
  ) => {
    const res = await retell("/webhooks/retell/functions", {
      name,
      call: {
        call_id: "call_1",
        agent_id: "agent_1",
        to_number: salonNumber,
        from_number: caller,
        ...call,
      },
      args,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { ok: boolean; message: string; data: Record<string, unknown> };
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    // Refreshes only when a test asks for them: request counts below stay exact.
    app = assembleForTest(database, calcom.fetch, systemClock, { slotPrefetch: { tickMs: 0 } });
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: apiKey,
    });
    ({ salon } = await seedDemoTenants(app));
  });
  afterAll(() => database.drop());

  it("refuses a missing, wrong or stale signature with 401 and stores nothing", async () => {
    const event = {
      event: "call_started",
      call: {
        call_id: "call_sig",
        agent_id: "agent_1",
        to_number: salonNumber,
        from_number: caller,
      },
    };
    for (const sign of ["none", "wrong", "stale"] as const) {
      expect((await retell("/webhooks/retell/events", event, { sign })).status).toBe(401);
      expect(
        (
          await retell(
            "/webhooks/retell/functions",
            { name: "list_services", call: event.call, args: {} },
            { sign },
          )
        ).status,
      ).toBe(401);
      expect(
        (
          await retell(
            "/webhooks/retell/inbound",
            { event: "call_inbound", call_inbound: { to_number: salonNumber } },
            { sign },
          )
        ).status,
      ).toBe(401);
    }
    expect(await app.store.calls.find(salon.id, "call_sig")).toBeNull();
  });

  it("answers call_inbound with the company, today's date in its language, and the known caller", async () => {
    await app.store.customers.upsertByPhone(salon.id, {
      phone: caller,
      name: "Maria Muster",
      email: null,
    });
    const res = await retell("/webhooks/retell/inbound", {
      event: "call_inbound",
      call_inbound: { to_number: salonNumber, from_number: caller, agent_id: "agent_1" },
    });
    const vars = (
      (await res.json()) as { call_inbound: { dynamic_variables: Record<string, string> } }
    ).call_inbound.dynamic_variables;
    expect(vars).toMatchObject({
      company_name: "Salon Beispiel",
      // A stored name reaches the agent as a quoted value.
      customer_name: '"Maria Muster"',
      company_known: "true",
    });
    expect(Object.values(vars).every((v) => typeof v === "string")).toBe(true);
    const weekday = new Intl.DateTimeFormat("de-DE", {
      weekday: "long",
      timeZone: "Europe/Berlin",
    }).format(new Date());
    expect(vars.weekday).toBe(weekday);

    const unknown = await retell("/webhooks/retell/inbound", {
      event: "call_inbound",
      call_inbound: { to_number: "+4930999999" },
    });
    expect(
      ((await unknown.json()) as { call_inbound: { dynamic_variables: Record<string, string> } })
        .call_inbound.dynamic_variables,
    ).toEqual({
      company_known: "false",
      company_name: "",
    });
  });

  it("politely refuses a number that belongs to no company", async () => {
    const reply = await fn(
      "list_services",
      {},
      { to_number: "+4930999999", agent_id: "agent_unknown" },
    );
    expect(reply).toEqual({
      ok: false,
      message:
        "Diese Nummer ist keinem Unternehmen zugeordnet. Bitte prüfen Sie die gewählte Nummer.",
      data: {},
    });
  });

  it("lists services and checks availability in German, with spoken labels and ISO starts with offset", async () => {
    const services = await fn("list_services", {});
    expect(services.message).toMatch(/^Wir bieten .*Haarschnitt \(30 Minuten\)/);
    const slot = await user.firstSlot(2001);
    const check = await fn("check_availability", { service: "Haarschnitt", date: slot });
    expect(check.ok).toBe(true);
    expect(check.message).toMatch(/ist frei\. Soll ich den Termin für Sie buchen\?$/);
    const slots = check.data.slots as { start: string; label: string }[];
    expect(slots[0]!.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$/);
    expect(Date.parse(slots[0]!.start)).toBe(Date.parse(slot));
    expect(JSON.stringify(check)).not.toMatch(/calcom|uid|error|null/i);
  });

  it("reports Cal.com's share of each function call as Server-Timing", async () => {
    // Three weeks out: a window neither a check nor the call_inbound prefetch has read.
    const slot = await user.firstSlot(2001, 5, 21);
    const timing = async (args: Record<string, unknown>) => {
      const res = await retell("/webhooks/retell/functions", {
        name: "check_availability",
        call: { call_id: "call_timing", agent_id: "agent_1", to_number: salonNumber },
        args,
      });
      const header = res.headers.get("server-timing") ?? "";
      const calcomMs = Number(/calcom;dur=([\d.]+)/.exec(header)?.[1]);
      const totalMs = Number(/total;dur=([\d.]+)/.exec(header)?.[1]);
      return { header, calcomMs, totalMs };
    };
    // The rings and holds of the tests before run in the background: done first, so only this
    // check counts.
    await Promise.all([app.slotPrefetch.settled(), app.slotHolds.settled()]);
    const before = calcom.state.sim.requests.length;
    // A week nobody asked for yet: one slots request to Cal.com, whose wait is part of the total.
    const cold = await timing({ service: "Bartpflege", date: slot });
    expect(calcom.state.sim.requests.length - before).toBe(1);
    expect(cold.header).toMatch(/^calcom;dur=[\d.]+;desc="Cal.com requests: 1", total;dur=[\d.]+$/);
    expect(cold.calcomMs).toBeGreaterThan(0);
    expect(cold.totalMs).toBeGreaterThanOrEqual(cold.calcomMs);
    // The same week again comes from the slot cache: no Cal.com time at all.
    const warm = await timing({ service: "Bartpflege", date: slot });
    expect(calcom.state.sim.requests.length - before).toBe(1);
    expect(warm.header).toMatch(/^calcom;dur=0\.00;desc="Cal.com requests: 0", total;dur=/);
  });

  it("books idempotently, and the booking lands on the staff mapped to the host Cal.com chose", async () => {
    const slot = await user.firstSlot(2001, 3);
    const args = { service: "Haarschnitt", start: slot, customer_name: "Maria Muster" };
    const first = await fn("book_appointment", args, { call_id: "call_book" });
    expect(first).toMatchObject({ ok: true, data: { booked: true } });
    expect(first.message).toMatch(
      /^Ihr Termin ist gebucht: .+ bei (Jörg Müller|Anna Schmidt|Sophie Weiss)\.$/,
    );
    const again = await fn("book_appointment", args, { call_id: "call_book" });
    expect(again.data.appointment_id).toBe(first.data.appointment_id);
    const appointment = await app.store.appointments.findById(
      salon.id,
      first.data.appointment_id as string,
    );
    const booking = calcom.state.sim.bookings().find((b) => b.uid === appointment!.bookingUid)!;
    const mapping = await app.store.hostMappings.find(salon.id, booking.hostUserId);
    expect(appointment!.staffId).toBe(mapping!.staffId);
    expect(
      calcom.state.sim.bookings().filter((b) => b.uid === appointment!.bookingUid),
    ).toHaveLength(1);
  });

  it("asks again instead of failing when the LLM sends nonsense", async () => {
    const missing = await fn("book_appointment", {
      service: "Haarschnitt",
      customer_name: "Maria",
    });
    expect(missing).toMatchObject({ ok: false, data: { missing: "start" } });
    expect(missing.message).toBe(
      "Für welchen Tag und welche Uhrzeit soll ich den Termin eintragen?",
    );
    const staffAsName = await fn("book_appointment", {
      service: "Haarschnitt",
      start: await user.firstSlot(2001, 5),
      customer_name: "Anna Schmidt",
    });
    expect(staffAsName.message).toBe("Darf ich bitte Ihren vollständigen Namen haben?");
    const unknown = await fn("check_availability", { service: "Maniküre", date: "morgen" });
    expect(unknown.message).toMatch(
      /^Diese Leistung bieten wir leider nicht an\. Zur Auswahl stehen /,
    );
    expect(unknown.message).not.toContain("Kopfmassage");
    const versioned = await fn("list_services_v17", {});
    expect(versioned.ok).toBe(true);
  });

  it("says who does a service when the caller wishes someone who does not", async () => {
    const reply = await fn("check_availability", {
      service: "Haarschnitt",
      date: "morgen",
      staff: "Lena",
    });
    expect(reply.ok).toBe(false);
    expect(reply.message).toMatch(
      /^Das macht Lena leider nicht\. Dafür sind .*Anna Schmidt.* da\.$/,
    );
  });

  it("a call to company B's number cannot list or book company A's services", async () => {
    const services = await fn("list_services", {}, { to_number: brightNumber });
    expect(services.message).toMatch(/^We offer /);
    expect(JSON.stringify(services.data)).not.toMatch(/Haarschnitt|Färben|Bartpflege/);
    const booking = await fn(
      "book_appointment",
      {
        service: "Haarschnitt",
        start: await user.firstSlot(2001, 7),
        customer_name: "Maria Muster",
      },
      { to_number: brightNumber, call_id: "call_cross" },
    );
    expect(booking).toMatchObject({ ok: false, data: { booked: false } });
    expect(booking.message).toMatch(/^We don't offer that\. You can choose /);
  });

  it("a call to company B's number cannot see or cancel company A's appointments", async () => {
    const mine = await fn("find_appointments", {});
    const id = (mine.data.appointments as { appointment_id: string }[])[0]!.appointment_id;
    const other = await fn("find_appointments", {}, { to_number: brightNumber });
    expect(other).toMatchObject({ ok: true, data: { appointments: [] } });
    expect(other.message).toBe("I found no appointment for your number.");
    const customer_name = (await app.store.appointments.findById(salon.id, id))!.attendeeName!;
    const cancel = await fn(
      "cancel_appointment",
      { appointment_id: id, customer_name },
      { to_number: brightNumber },
    );
    expect(cancel).toMatchObject({ ok: false, data: { cancelled: false } });
    const stranger = await fn(
      "cancel_appointment",
      { appointment_id: id, customer_name },
      { from_number: "+4917000000000" },
    );
    // A number without appointments hears just that: nothing about whose the appointment is.
    expect(stranger.message).toBe("Unter Ihrer Nummer habe ich keinen Termin gefunden.");
    expect((await app.store.appointments.findById(salon.id, id))?.status).toBe("accepted");
    const cancelled = await fn("cancel_appointment", { appointment_id: id, customer_name });
    expect(cancelled).toMatchObject({ ok: true, data: { cancelled: true } });
  });

  it("a caller ID alone changes nothing: cancel and reschedule need the name the appointment was booked under", async () => {
    const joerg = { from_number: "+4915144445555", call_id: "call_joerg" };
    const booked = await fn(
      "book_appointment",
      { service: "Haarschnitt", start: await user.firstSlot(2001, 13), customer_name: "Jörg Weiß" },
      joerg,
    );
    expect(booked).toMatchObject({ ok: true, data: { booked: true } });
    const id = booked.data.appointment_id as string;
    const status = async () => (await app.store.appointments.findById(salon.id, id))?.status;
    const writes = () => calcom.state.sim.requests.filter((r) => r.method !== "GET").length;

    // find_appointments speaks service and time only: no staff name, no attendee.
    const found = await fn("find_appointments", {}, joerg);
    const staff = (await app.store.staff.list(salon.id)).map((s) => s.name);
    expect(staff.length).toBeGreaterThan(0);
    for (const name of [...staff, "Jörg Weiß"]) {
      expect(found.message).not.toContain(name);
      expect(JSON.stringify(found.data)).not.toContain(name);
    }
    expect(found.message).toMatch(/^Ich habe folgende Termine gefunden: Haarschnitt /);
    expect(found.data.appointments).toEqual([
      {
        appointment_id: id,
        service: "Haarschnitt",
        start: expect.any(String),
        label: expect.any(String),
      },
    ]);

    const before = writes();
    const missing = await fn("cancel_appointment", { appointment_id: id }, joerg);
    expect(missing).toMatchObject({ ok: false, data: { missing: "customer_name" } });
    expect(missing.message).toBe("Darf ich bitte Ihren vollständigen Namen haben?");
    const wrong = await fn(
      "cancel_appointment",
      { appointment_id: id, customer_name: "Maria Muster" },
      joerg,
    );
    const stranger = await fn(
      "cancel_appointment",
      { appointment_id: id, customer_name: "Jörg Weiß" },
      { from_number: "+4917000000001" },
    );
    // A number without appointments hears so; the right number with a wrong name hears the
    // words of someone else's appointment.
    expect(stranger.message).toBe("Unter Ihrer Nummer habe ich keinen Termin gefunden.");
    expect(wrong).toMatchObject({ ok: false, data: { cancelled: false } });
    expect(wrong.message).toBe(
      "Diesen Termin kann ich nur für die Telefonnummer und den Namen ändern, mit denen er gebucht wurde.",
    );
    const movedWrong = await fn(
      "reschedule_appointment",
      { appointment_id: id, new_start: await user.firstSlot(2001, 14), customer_name: "Jörg" },
      joerg,
    );
    expect(movedWrong).toMatchObject({ ok: false, data: { rescheduled: false } });
    expect(movedWrong.message).toBe(wrong.message);
    expect(writes()).toBe(before);
    expect(await status()).toBe("accepted");

    const cancelled = await fn(
      "cancel_appointment",
      { appointment_id: id, customer_name: "joerg weiss" },
      joerg,
    );
    expect(cancelled).toMatchObject({ ok: true, data: { cancelled: true } });
    expect(await status()).toBe("cancelled");
  });

  it("an over-long argument makes the agent ask for that field again: no 500, nothing stored, no Cal.com request", async () => {
    const long = (n: number) => "x".repeat(n);
    const from = { from_number: "+4915166667777", call_id: "call_long" };
    const slot = await user.firstSlot(2001, 15);
    const booking = { service: "Haarschnitt", start: slot, customer_name: "Karl Meyer" };
    const cases: [string, Record<string, unknown>, string][] = [
      ["book_appointment", { ...booking, customer_name: long(101) }, "customer_name"],
      ["book_appointment", { ...booking, notes: long(501) }, "notes"],
      ["book_appointment", { ...booking, customer_email: `${long(250)}@web.de` }, "customer_email"],
      ["book_appointment", { ...booking, service: long(101) }, "service"],
      ["book_appointment", { ...booking, start: `${slot}${long(80)}` }, "start"],
      ["check_availability", { service: "Haarschnitt", date: long(101) }, "date"],
      ["check_availability", { service: "Haarschnitt", date: "morgen", time: long(101) }, "time"],
      ["check_availability", { service: "Haarschnitt", date: "morgen", staff: long(101) }, "staff"],
      [
        "cancel_appointment",
        { appointment_id: long(65), customer_name: "Karl Meyer" },
        "appointment_id",
      ],
      ["cancel_appointment", { start: "morgen", customer_name: long(101) }, "customer_name"],
      [
        "reschedule_appointment",
        { start: "morgen", new_start: long(101), customer_name: "Karl Meyer" },
        "new_start",
      ],
    ];
    const requests = calcom.state.sim.requests.length;
    const appointments = (await app.store.appointments.list(salon.id, { limit: 500 })).length;
    for (const [name, args, field] of cases) {
      const reply = await fn(name, args, from);
      expect([name, field, reply.ok, reply.data.missing]).toEqual([name, field, false, field]);
      expect(reply.message).not.toMatch(/x{20}/);
    }
    expect(calcom.state.sim.requests.length).toBe(requests);
    expect((await app.store.appointments.list(salon.id, { limit: 500 })).length).toBe(appointments);
    expect(await app.store.customers.findByPhone(salon.id, from.from_number)).toBeNull();
    // The longest allowed name books.
    const ok = await fn(
      "book_appointment",
      { ...booking, customer_name: `Karl ${long(95)}` },
      from,
    );
    expect(ok).toMatchObject({ ok: true, data: { booked: true } });
  });

  it("records call events once, answering fast with no content", async () => {
    const call = {
      call_id: "call_ev",
      agent_id: "agent_1",
      to_number: salonNumber,
      from_number: caller,
      start_timestamp: 1_764_000_000_000,
    };
    expect((await retell("/webhooks/retell/events", { event: "call_started", call })).status).toBe(
      204,
    );
    expect((await retell("/webhooks/retell/events", { event: "call_started", call })).status).toBe(
      204,
    );
    const ended = {
      ...call,
      end_timestamp: 1_764_000_120_000,
      duration_ms: 120_000,
      call_analysis: { call_summary: "Termin gebucht", call_successful: true },
    };
    expect(
      (await retell("/webhooks/retell/events", { event: "call_analyzed", call: ended })).status,
    ).toBe(204);
    expect(await app.store.calls.find(salon.id, "call_ev")).toMatchObject({
      durationMs: 120_000,
      summary: "Termin gebucht",
      outcome: "successful",
    });
    expect(
      (await retell("/webhooks/retell/events", { event: "transcript_updated", call })).status,
    ).toBe(204);
    expect(
      (await retell("/webhooks/retell/events", { event: "call_started", call: { agent_id: 5 } }))
        .status,
    ).toBe(400);
  });

  describe("Retell as it really is", () => {
    const inboxPayloads = (callId: string) =>
      database.db
        .selectFrom("inbox_event")
        .select(["event_type", "payload"])
        .where("company_id", "=", salon.id)
        .where("dedupe_key", "like", `%:${callId}`)
        .execute();

    it("accepts a 2 MB call_ended and keeps its status and summary, never the transcript", async () => {
      const call = longCall(
        {
          call_id: "call_long",
          agent_id: "agent_1",
          agent_version: "prod",
          to_number: salonNumber,
          from_number: caller,
          start_timestamp: 1_764_000_000_000,
          end_timestamp: 1_764_005_400_000,
          duration_ms: 5_400_000,
          disconnection_reason: "user_hangup",
        },
        { minutes: 90, wordsPerMinute: 200 },
      );
      const ended = { event: "call_ended", call };
      expect(JSON.stringify(ended).length).toBeGreaterThan(2_000_000);
      expect((await retell("/webhooks/retell/events", ended)).status).toBe(204);
      const analyzed = {
        event: "call_analyzed",
        call: { ...call, call_analysis: { call_summary: "Termin gebucht", call_successful: true } },
      };
      expect((await retell("/webhooks/retell/events", analyzed)).status).toBe(204);
      expect(await app.store.calls.find(salon.id, "call_long")).toMatchObject({
        status: "ended",
        durationMs: 5_400_000,
        endedAt: new Date(1_764_005_400_000).toISOString(),
        summary: "Termin gebucht",
        outcome: "successful",
      });
      const stored = await inboxPayloads("call_long");
      expect(stored.map((r) => r.event_type).sort()).toEqual(["call_analyzed", "call_ended"]);
      for (const row of stored) {
        expect(row.payload.length).toBeLessThan(2_000);
        expect(row.payload).not.toMatch(/transcript|words|Haarschnitt|recording/);
        expect(JSON.parse(row.payload)).toMatchObject({
          call: { call_id: "call_long", agent_version: "prod", duration_ms: 5_400_000 },
        });
      }
    });

    it("routes agent_version given as a tag such as 'prod', in call_inbound and in calls", async () => {
      const res = await retell("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: {
          to_number: salonNumber,
          from_number: caller,
          agent_id: "agent_1",
          agent_version: "prod",
        },
      });
      expect(res.status).toBe(200);
      expect(
        ((await res.json()) as { call_inbound: { dynamic_variables: Record<string, string> } })
          .call_inbound.dynamic_variables.company_known,
      ).toBe("true");
      const services = await fn("list_services", {}, { agent_version: "prod" });
      expect(services.ok).toBe(true);
    });

    it("answers a tool set to 'Payload: args only' with 400 naming the setting", async () => {
      const res = await retell("/webhooks/retell/functions", {
        service: "Haarschnitt",
        date: "morgen",
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("invalid_input");
      expect(error.message).toContain("'Payload: args only'");
      expect(error.message).toContain("Retell tool settings");
    });

    it("fits a function call late in a 30-minute call, refuses a body past the limit with 413 and stores nothing", async () => {
      const late = await retell("/webhooks/retell/functions", {
        name: "list_services",
        call: longCall(
          {
            call_id: "call_late",
            agent_id: "agent_1",
            to_number: salonNumber,
            from_number: caller,
          },
          { minutes: 30, inProgress: true },
        ),
        args: {},
      });
      expect(late.status).toBe(200);

      const huge = {
        event: "call_ended",
        call: {
          ...longCall(
            {
              call_id: "call_huge",
              agent_id: "agent_1",
              to_number: salonNumber,
              from_number: caller,
            },
            { minutes: 60 },
          ),
          padding: "x".repeat(retellBodyLimits["/webhooks/retell/events"]),
        },
      };
      const tooLarge = await retell("/webhooks/retell/events", huge);
      expect(tooLarge.status).toBe(413);
      expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toBe(
        "the body is larger than 8 MiB",
      );
      expect(await app.store.calls.find(salon.id, "call_huge")).toBeNull();
      expect(await inboxPayloads("call_huge")).toEqual([]);
      const fnTooLarge = await retell("/webhooks/retell/functions", {
        name: "list_services",
        call: huge.call,
        args: {},
      });
      expect(fnTooLarge.status).toBe(413);
      const inboundTooLarge = await retell("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: { to_number: salonNumber, padding: "x".repeat(70_000) },
      });
      expect(inboundTooLarge.status).toBe(413);
    });

    it("cuts off a body that drips in, and stores nothing", async () => {
      const routes = retellWebhookRoutes({
        useCases: app.useCases,
        retellApiKey: apiKey,
        clock: { now: () => new Date() },
        logger: createLogger({ level: "silent" }),
        bodyTimeoutMs: 300,
      });
      const server = await new Promise<ReturnType<typeof serve>>((ready) => {
        const s = serve({ fetch: routes.fetch, hostname: "127.0.0.1", port: 0 }, () => ready(s));
      });
      try {
        const { port } = server.address() as AddressInfo;
        const body = JSON.stringify({
          event: "call_started",
          call: { call_id: "call_drip", agent_id: "agent_1", to_number: salonNumber },
        });
        const signature = await Retell.sign(body, apiKey);
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect({ host: "127.0.0.1", port });
          let text = "";
          let sent = 0;
          const timer = setInterval(() => {
            if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
          }, 20);
          socket.on("connect", () =>
            socket.write(
              `POST /webhooks/retell/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n` +
                `x-retell-signature: ${signature}\r\ncontent-length: ${body.length}\r\n\r\n`,
            ),
          );
          socket.on("data", (d) => {
            text += d.toString();
          });
          socket.on("error", () => {});
          socket.on("close", () => {
            clearInterval(timer);
            resolve(text);
          });
          setTimeout(() => reject(new Error("the connection was never closed")), 5_000);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(answer).toContain("the body did not arrive in time");
        expect(await app.store.calls.find(salon.id, "call_drip")).toBeNull();
      } finally {
        await new Promise<void>((done) => server.close(() => done()));
      }
    });
  });
});

describe("natural German dates on the phone (fixed clock)", () => {
  it("books 'Haarschnitt morgen um 14 Uhr' for the right day and time in Europe/Berlin", async () => {
    // Tuesday 2 March 2027, 08:00 in Berlin; "morgen um 14 Uhr" is Wednesday 14:00 CET = 13:00Z.
    const now = new Date("2027-03-02T07:00:00.000Z");
    const calcom = simulatedCalcom(demoFixture(), { now: () => now });
    const database = await createTestDatabase("sqlite");
    try {
      const app = assembleForTest(database, calcom.fetch, { now: () => now });
      const http = createHttpApp({
        health: app.health,
        metrics: createMetrics(),
        logger: createLogger({ level: "silent" }),
        useCases: app.useCases,
        retellApiKey: apiKey,
        clock: { now: () => now },
      });
      const salon = await app.store.companies.create(
        companyInput("salon", {
          calcomBaseUrl: "http://calcom.test",
          calcomTeamId: 1001,
          calcomApiKey: new Secret("cal_test_salon_beispiel"),
        }),
      );
      const ctx = { company: salon, actor: { type: "cli" as const } };
      await app.useCases.staff.importStaff(ctx, {
        text: demoCompanies[0]!.staffCsv,
        format: "csv",
      });
      await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
      for (const s of demoCompanies[0]!.services) await app.useCases.service.createService(ctx, s);
      await app.useCases.company.addPhoneNumber(ctx, { number: salonNumber });
      const body = JSON.stringify({
        name: "book_appointment",
        call: {
          call_id: "call_natural",
          agent_id: "agent_1",
          to_number: salonNumber,
          from_number: caller,
        },
        args: { service: "Haarschnitt", start: "morgen um 14 Uhr", customer_name: "Maria Muster" },
      });
      const res = await http.request("/webhooks/retell/functions", {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-retell-signature": signRetellBody(body, apiKey, now.getTime()),
        },
      });
      const reply = (await res.json()) as { ok: boolean; message: string; data: { start: string } };
      expect(reply.ok).toBe(true);
      expect(reply.data.start).toBe("2027-03-03T14:00:00+01:00");
      expect(reply.message).toMatch(/^Ihr Termin ist gebucht: morgen um 14 Uhr bei /);
      expect(calcom.state.sim.bookings().map((b) => b.start)).toEqual(["2027-03-03T13:00:00.000Z"]);
    } finally {
      await database.drop();
    }
  });
});
