import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CalcomBookingEvent, Company, TenantContext } from "../../src/domain/entities.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { bookingEvent } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * The SQL statements and Cal.com requests of the hot paths, counted exactly: a change that adds a
 * round trip to every booking or webhook shows here before it shows in the benchmark.
 */
describe.each(testEngines())("statements per booking and per webhook on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  const queries: string[] = [];
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);
  let salon: Company;
  // PostgreSQL locks each booking uid a transaction writes; SQLite's single writer needs no lock.
  const lock = engine === "postgres" ? ["lock"] : [];

  beforeAll(async () => {
    database = await createTestDatabase(engine, { onQuery: (sql) => queries.push(sql) });
    app = assembleForTest(database, calcom.fetch);
    ({ salon } = await seedDemoTenants(app));
  });
  afterAll(() => database.drop());

  /** `select staff`, `insert customer`, `begin`, `lock` …: what a statement does, and where. */
  const label = (sql: string) => {
    if (sql.includes("pg_advisory_xact_lock")) return "lock";
    const m = /^(?:(select)\b.*? from|(insert) into|(update)|(delete) from) "(\w+)"/.exec(sql);
    return m ? `${m[1] ?? m[2] ?? m[3] ?? m[4]} ${m[5]}` : sql;
  };
  const counted = async <T>(work: () => Promise<T>) => {
    const sql = queries.length;
    const requests = calcom.state.sim.requests.length;
    const result = await work();
    return {
      result,
      statements: queries.slice(sql).map(label),
      calcomRequests: calcom.state.sim.requests.slice(requests).map((r) => r.method),
    };
  };

  const call = (callId: string, phone: string): VoiceContext => ({
    company: salon,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: phone, toNumber: null, agentId: null },
  });

  it("a phone booking: the statements below and one Cal.com request; its repeat: three reads, no request", async () => {
    const start = await user.firstSlot(2001);
    const ctx = call("call-count", "+4915100000011");
    await app.useCases.voice.checkAvailability(ctx, { service: "Haarschnitt", date: start });
    // The check holds the time it found free, in the background: done before counting.
    await app.slotHolds.settled();
    const args = { service: "Haarschnitt", start, customer_name: "Olivia Ort" };
    const first = await counted(() => app.useCases.voice.bookAppointment(ctx, args));
    expect(first.result).toMatchObject({ kind: "booked", staffName: expect.any(String) });
    // Three reads run side by side, so they may finish in any order.
    const grouped = (statements: string[]) => [
      statements.slice(0, 3).toSorted(),
      ...statements.slice(3),
    ];
    expect(grouped(first.statements)).toEqual([
      // Is the customer's name a staff member's (the agent may have put the wished-for stylist
      // in the name field); booked before under this key;
      // an earlier booking of this call whose answer is not in yet?
      ["select appointment", "select booking_attempt", "select staff"],
      "insert customer", // the verified caller, by phone
      "insert booking_attempt", // claims the key, with what a look-up would need
      "begin",
      ...lock,
      "select calcom_event_type_host", // a fixed organizer makes the pool host the booking's
      "select host_mapping",
      "select appointment", // did Cal.com's webhook come first?
      "insert appointment",
      "delete booking_attempt", // settled together with the appointment
      "commit",
      "update service", // clears a refusal recorded on the service, if there is one
    ]);
    expect(first.calcomRequests).toEqual(["POST"]);

    const again = await counted(() => app.useCases.voice.bookAppointment(ctx, args));
    expect(again.result).toMatchObject({ kind: "booked", repeated: true });
    expect(again.statements.toSorted()).toEqual([
      "select appointment",
      "select booking_attempt",
      "select staff",
    ]);
    expect(again.calcomRequests).toEqual([]);
  });

  it("call_inbound: the caller's lookup and the prefetch's reads; the first check after it: nothing", async () => {
    // An instance of its own, so its call directory starts cold.
    const fresh = assembleForTest(database, calcom.fetch);
    // A company called before: its Cal.com is known to take chosen hosts (nothing to note).
    const known = await fresh.store.companies.update(salon.id, { calcomChosenHosts: "supported" });
    await app.slotHolds.settled();
    const slot = await user.firstSlot(2001);
    const ring = await counted(async () => {
      await fresh.useCases.calls.inboundCall(known, {
        callId: "call-ring",
        fromNumber: "+4915100000077",
        toNumber: "+493012345670",
      });
      await fresh.slotPrefetch.settled();
    });
    expect(ring.statements.toSorted()).toEqual([
      "select calcom_event_type", // which event types take chosen hosts
      "select calcom_event_type_host", // their hosts, mapped to staff: the stylists' own windows
      "select customer",
      "select host_mapping",
      "select service",
      "select staff",
    ]);
    // One slots request per phone-bookable event type, for the window holding today, and one
    // per stylist of those with chosen hosts.
    expect(ring.calcomRequests.length).toBeGreaterThan(0);
    expect(new Set(ring.calcomRequests)).toEqual(new Set(["GET"]));
    const ctx = call("call-ring", "+4915100000077");
    const first = await counted(() =>
      fresh.useCases.voice.checkAvailability(ctx, { service: "Haarschnitt", date: slot }),
    );
    expect(first.result).toMatchObject({ kind: "available" });
    expect(first.statements).toEqual([]);
    expect(first.calcomRequests).toEqual([]);
    fresh.slotPrefetch.stop();
    // The check held the time it found, in the background: done before the next test counts.
    await fresh.slotHolds.settled();
  });

  it("Cal.com webhooks: a new booking, a duplicate and a reschedule", async () => {
    const ctx: TenantContext = { company: salon, actor: { type: "webhook" } };
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const event = (
      trigger: CalcomBookingEvent["trigger"],
      uid: string,
      rescheduledFromUid: string | null = null,
    ) =>
      bookingEvent(trigger, uid, {
        start,
        end: start,
        attendee: { name: "Webhook Kundin", email: "kundin@example.de", phone: null },
        rescheduledFromUid,
      });
    const ingest = (e: CalcomBookingEvent) =>
      counted(() => app.useCases.appointments.ingestCalcomBooking(ctx, e, JSON.stringify(e)));

    const created = await ingest(event("BOOKING_CREATED", "count-a"));
    expect(created.result.outcome).toBe("created");
    expect(created.statements).toEqual([
      "begin",
      ...lock,
      "insert inbox_event",
      "select calcom_event_type",
      "select calcom_event_type_host", // a fixed host makes the pool host the booking's
      "select host_mapping",
      "select appointment", // this uid
      "select service",
      "select appointment", // a reschedule that already named this uid
      "insert appointment",
      "update inbox_event",
      "commit",
    ]);

    const duplicate = await ingest(event("BOOKING_CREATED", "count-a"));
    expect(duplicate.result.outcome).toBe("duplicate");
    expect(duplicate.statements).toEqual([
      "begin",
      ...lock,
      "insert inbox_event",
      "select inbox_event",
      "commit",
    ]);

    const moved = await ingest(event("BOOKING_RESCHEDULED", "count-b", "count-a"));
    expect(moved.result.outcome).toBe("rescheduled");
    expect(moved.statements).toEqual([
      "begin",
      ...lock,
      ...lock, // the old uid too
      "insert inbox_event",
      "select calcom_event_type",
      "select calcom_event_type_host", // a fixed host makes the pool host the booking's
      "select host_mapping",
      "select appointment",
      "select appointment", // the old booking
      "select appointment",
      "insert appointment",
      "update appointment", // the old one points to the new one
      "update inbox_event",
      "commit",
    ]);
    expect([created, duplicate, moved].flatMap((r) => r.calcomRequests)).toEqual([]);
  });
});
