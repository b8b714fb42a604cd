import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

describe.each(testEngines())("voice use-cases on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);
  let salon: Company;
  let bright: Company;
  const caller = "+4915112345678";
  const call = (company: Company, callId: string, from: string | null = caller): VoiceContext => ({
    company,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: from, toNumber: null, agentId: null },
  });
  const calcomRequests = () => calcom.state.sim.requests.length;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, calcom.fetch);
    ({ salon, bright } = await seedDemoTenants(app));
  });
  afterAll(() => database.drop());

  it("routes a call by the dialled number, else by agent, and never guesses", async () => {
    expect(
      (await app.useCases.calls.routeCall({ toNumber: "+493012345670", agentId: null }))?.slug,
    ).toBe("salon");
    expect(
      (await app.useCases.calls.routeCall({ toNumber: "+442079460018", agentId: null }))?.slug,
    ).toBe("bright");
    expect(
      await app.useCases.calls.routeCall({ toNumber: "+4930999999", agentId: null }),
    ).toBeNull();
    await app.store.retellAgents.add(bright.id, "agent_bright");
    expect(
      (await app.useCases.calls.routeCall({ toNumber: null, agentId: "agent_bright" }))?.slug,
    ).toBe("bright");
    expect(
      await app.useCases.calls.routeCall({ toNumber: null, agentId: "agent_other" }),
    ).toBeNull();
  });

  it("lists only bookable services", async () => {
    const result = await app.useCases.voice.listVoiceServices({
      company: salon,
      actor: { type: "voice" },
    });
    // Kopfmassage has no event type; Beratung's (2004) has no scheduling type and so no hosts.
    expect(result.services.map((s) => s.name).sort()).toEqual([
      "Bartpflege",
      "Färben",
      "Haarschnitt",
    ]);
  });

  it("checks availability; a repeated check makes no Cal.com request", async () => {
    const slot = await user.firstSlot(2001);
    const before = calcomRequests();
    const first = await app.useCases.voice.checkAvailability(call(salon, "call-a"), {
      service: "haarschnitt",
      date: slot,
    });
    expect(first).toMatchObject({ kind: "available", service: "Haarschnitt" });
    expect(calcomRequests()).toBe(before + 1);
    const again = await app.useCases.voice.checkAvailability(call(salon, "call-a"), {
      service: "Haarschnitt",
      date: slot,
    });
    expect(again).toEqual(first);
    expect(calcomRequests()).toBe(before + 1);
  });

  it("checks a staff wish against who does the service", async () => {
    // Anna's own first free time (Cal.com user 502): the team's may be one she is busy at, and
    // the times earlier checks held are hidden once their holds are in.
    await app.slotHolds.settled();
    const slot = await user.firstSlot(2001, 0, 1, [502]);
    const withAnna = await app.useCases.voice.checkAvailability(call(salon, "call-s"), {
      service: "Haarschnitt",
      date: slot,
      staff: "Anna",
    });
    expect(withAnna.kind).toBe("available");
    const withLena = await app.useCases.voice.checkAvailability(call(salon, "call-s"), {
      service: "Haarschnitt",
      date: slot,
      staff: "Lena Groß",
    });
    expect(withLena).toMatchObject({ kind: "staff_not_offering", staff: "Lena Groß" });
    if (withLena.kind !== "staff_not_offering") return;
    expect(withLena.offeredBy.sort()).toEqual(["Anna Schmidt", "Jörg Müller", "Sophie Weiss"]);
  });

  it("offers the nearest three when the requested time is taken or off the grid", async () => {
    const slot = await user.firstSlot(2001);
    const offGrid = new Date(Date.parse(slot) + 7 * 60_000).toISOString();
    const result = await app.useCases.voice.checkAvailability(call(salon, "call-b"), {
      service: "Haarschnitt",
      date: offGrid,
    });
    expect(result.kind).toBe("alternatives");
    if (result.kind !== "alternatives") return;
    expect(result.slots).toHaveLength(3);
    expect(result.slots).toContain(slot);
  });

  it("asks again for what an LLM gets wrong", async () => {
    const slot = await user.firstSlot(2001);
    const book = (args: Record<string, string>) =>
      app.useCases.voice.bookAppointment(call(salon, "call-c"), args);
    expect(await book({ start: slot, customer_name: "Maria" })).toEqual({
      kind: "ask",
      field: "service",
      reason: "missing",
    });
    expect(await book({ service: "Maniküre", start: slot, customer_name: "Maria" })).toMatchObject({
      kind: "unknown_service",
      services: expect.arrayContaining(["Haarschnitt"]),
    });
    expect(
      await book({ service: "Haarschnitt", start: slot, customer_name: "unbekannt" }),
    ).toMatchObject({ kind: "ask", field: "customer_name" });
    expect(
      await book({ service: "Haarschnitt", start: slot, customer_name: "Anna Schmidt" }),
    ).toMatchObject({ kind: "ask", field: "customer_name" });
    expect(
      await book({ service: "Haarschnitt", start: slot, customer_name: "morgen um 14 Uhr" }),
    ).toMatchObject({ kind: "ask", field: "customer_name" });
    expect(
      await book({ service: "Haarschnitt", start: "2020-01-01T10:00:00Z", customer_name: "Maria" }),
    ).toMatchObject({ kind: "ask", reason: "past" });
    expect(
      await book({ service: "Haarschnitt", start: "irgendwann", customer_name: "Maria" }),
    ).toMatchObject({ kind: "ask", field: "start" });
  });

  it("books exactly once: two identical requests in parallel, one Cal.com booking, the same appointment", async () => {
    const slot = await user.firstSlot(2002, 2);
    const args = { service: "Färben", start: slot, customer_name: "Maria Muster" };
    const bookingsBefore = calcom.state.sim.bookings().length;
    const [a, b] = await Promise.all([
      app.useCases.voice.bookAppointment(call(salon, "call-parallel"), args),
      app.useCases.voice.bookAppointment(call(salon, "call-parallel"), args),
    ]);
    expect(a.kind).toBe("booked");
    expect(b.kind).toBe("booked");
    if (a.kind !== "booked" || b.kind !== "booked") return;
    expect(a.appointment.id).toBe(b.appointment.id);
    expect(calcom.state.sim.bookings().length).toBe(bookingsBefore + 1);
    const posts = calcom.state.sim.requests.filter(
      (r) => r.method === "POST" && r.path === "/v2/bookings",
    );
    expect(posts.filter((r) => r.status === 201 || r.status === 200).length).toBeGreaterThanOrEqual(
      1,
    );

    const simBooking = calcom.state.sim.bookings().find((x) => x.uid === a.appointment.bookingUid)!;
    const mapping = await app.store.hostMappings.find(salon.id, simBooking.hostUserId);
    expect(a.appointment).toMatchObject({
      source: "voice",
      retellCallId: "call-parallel",
      calcomUserId: simBooking.hostUserId,
      staffId: mapping!.staffId,
      bookingId: simBooking.id,
    });
    expect(a.staffName).not.toBeNull();
    const customer = await app.store.customers.findById(salon.id, a.appointment.customerId!);
    expect(customer).toMatchObject({ phone: caller, name: "Maria Muster" });

    const retried = await app.useCases.voice.bookAppointment(call(salon, "call-parallel"), args);
    expect(retried).toMatchObject({
      kind: "booked",
      repeated: true,
      appointment: { id: a.appointment.id },
    });
    expect(calcom.state.sim.bookings().length).toBe(bookingsBefore + 1);
  });

  it("books callers without email with an address of their own", async () => {
    const slot = await user.firstSlot(2001, 4);
    const result = await app.useCases.voice.bookAppointment(
      call(salon, "call-email", "+4917099990000"),
      {
        service: "Haarschnitt",
        start: slot,
        customer_name: "Ohne Mail",
      },
    );
    expect(result.kind).toBe("booked");
    const booking = calcom.state.sim
      .bookings()
      .find((b) => result.kind === "booked" && b.uid === result.appointment.bookingUid)!;
    expect(booking.attendee.email).toBe("phone-4917099990000@salon.guests.frontdesk.invalid");
  });

  it("a booking Cal.com takes 2 s for is booked on the first request, not given up", async () => {
    // Lost answers, the settler and slower bookings: test/integration/voice-booking.test.ts.
    const slot = await user.firstSlot(2001, 6);
    const args = { service: "Haarschnitt", start: slot, customer_name: "Tina Timeout" };
    const bookingsBefore = calcom.state.sim.bookings().length;
    calcom.state.sim.faults.inject({
      kind: "timeout",
      method: "POST",
      path: "/v2/bookings",
      delayMs: 2_000,
    });
    const first = await app.useCases.voice.bookAppointment(call(salon, "call-timeout"), args);
    expect(first).toMatchObject({ kind: "booked", repeated: false });
    expect(calcom.state.sim.bookings().length - bookingsBefore).toBe(1);
  }, 20_000);

  it("a taken slot gets a spoken alternative, not an error", async () => {
    const slot = await user.firstSlot(2003, 1);
    await user.book(2003, slot, { name: "Erster", email: "erster@example.de" });
    await user.book(2003, slot, { name: "Zweiter", email: "zweiter@example.de" });
    const result = await app.useCases.voice.bookAppointment(call(salon, "call-taken"), {
      service: "Bartpflege",
      start: slot,
      customer_name: "Dritter Kunde",
    });
    expect(result.kind).toBe("slot_taken");
  });

  it("finds, reschedules and cancels only the caller's own appointments", async () => {
    const found = await app.useCases.voice.findAppointments(call(salon, "call-find"));
    expect(found.kind).toBe("appointments");
    if (found.kind !== "appointments") return;
    expect(found.appointments.length).toBeGreaterThanOrEqual(1);
    const mine = (await app.store.appointments.findById(salon.id, found.appointments[0]!.id))!;
    const customer_name = mine.attendeeName!;

    const stranger = call(salon, "call-stranger", "+4915199999999");
    expect(
      await app.useCases.voice.cancelAppointment(stranger, {
        appointment_id: mine.id,
        customer_name,
      }),
    ).toEqual({
      kind: "none_for_number",
    });
    expect(
      await app.useCases.voice.cancelAppointment(call(salon, "anon", null), {
        appointment_id: mine.id,
        customer_name,
      }),
    ).toEqual({ kind: "anonymous_caller" });
    // The same caller phoning company B sees none of company A's appointments.
    const other = await app.useCases.voice.findAppointments(call(bright, "call-b2"));
    expect(other).toEqual({ kind: "appointments", appointments: [] });
    expect(
      await app.useCases.voice.cancelAppointment(call(bright, "call-b3"), {
        appointment_id: mine.id,
        customer_name,
      }),
    ).toEqual({ kind: "none_for_number" });

    const newStart = await user.firstSlot(mine.eventTypeId!, 8);
    const moved = await app.useCases.voice.rescheduleAppointment(call(salon, "call-move"), {
      appointment_id: mine.id,
      new_start: newStart,
      customer_name,
    });
    expect(moved.kind).toBe("rescheduled");
    if (moved.kind !== "rescheduled") return;
    expect(moved.appointment.bookingUid).not.toBe(mine.bookingUid);
    expect(moved.appointment).toMatchObject({
      rescheduledFromUid: mine.bookingUid,
      startAt: newStart,
      serviceId: mine.serviceId,
      customerId: mine.customerId,
    });
    expect(moved.previous).toMatchObject({
      status: "rescheduled",
      rescheduledToUid: moved.appointment.bookingUid,
    });

    const cancelled = await app.useCases.voice.cancelAppointment(call(salon, "call-cancel"), {
      appointment_id: moved.appointment.id,
      customer_name,
    });
    expect(cancelled).toMatchObject({ kind: "cancelled", appointment: { status: "cancelled" } });
    expect(
      calcom.state.sim.bookings().find((b) => b.uid === moved.appointment.bookingUid)?.status,
    ).toBe("cancelled");
  });

  it("changes an appointment only for the name it was booked under, never for the caller ID alone", async () => {
    const joerg = "+4915122223333";
    const ctx = (id: string) => call(salon, id, joerg);
    const booked = await app.useCases.voice.bookAppointment(ctx("call-joerg"), {
      service: "Haarschnitt",
      start: await user.firstSlot(2001, 11),
      customer_name: "Jörg Weiß",
    });
    expect(booked.kind).toBe("booked");
    if (booked.kind !== "booked") return;
    const id = booked.appointment.id;
    const writes = () => calcom.state.sim.requests.filter((r) => r.method !== "GET").length;
    const status = async () => (await app.store.appointments.findById(salon.id, id))?.status;
    const before = writes();

    // No name: the agent asks for it, before anything is looked up or sent.
    for (const customer_name of [undefined, "", "  "])
      expect(
        await app.useCases.voice.cancelAppointment(ctx("call-j1"), {
          appointment_id: id,
          customer_name,
        }),
      ).toEqual({ kind: "ask", field: "customer_name", reason: "missing" });
    expect(
      await app.useCases.voice.rescheduleAppointment(ctx("call-j1"), {
        appointment_id: id,
        new_start: await user.firstSlot(2001, 12),
      }),
    ).toEqual({ kind: "ask", field: "customer_name", reason: "missing" });

    // The right number with another name: the same answer as someone else's appointment.
    for (const customer_name of ["Maria Muster", "Jörg", "Jörg Weißmann"]) {
      expect(
        await app.useCases.voice.cancelAppointment(ctx("call-j2"), {
          appointment_id: id,
          customer_name,
        }),
      ).toEqual({ kind: "not_found" });
      expect(
        await app.useCases.voice.rescheduleAppointment(ctx("call-j2"), {
          appointment_id: id,
          new_start: await user.firstSlot(2001, 12),
          customer_name,
        }),
      ).toEqual({ kind: "not_found" });
    }
    // By its start, as the only upcoming one: the name is checked just the same.
    expect(
      await app.useCases.voice.cancelAppointment(ctx("call-j3"), { customer_name: "Maria Muster" }),
    ).toEqual({ kind: "not_found" });
    expect(writes()).toBe(before);
    expect(await status()).toBe("accepted");

    // The name as booked, however it is spelt ("Joerg Weiss" is "Jörg Weiß").
    const cancelled = await app.useCases.voice.cancelAppointment(ctx("call-j4"), {
      appointment_id: id,
      customer_name: "JOERG weiss",
    });
    expect(cancelled).toMatchObject({ kind: "cancelled" });
    expect(await status()).toBe("cancelled");
  });

  it("finds appointments with their service and time, and no staff or other personal data", async () => {
    const found = await app.useCases.voice.findAppointments(call(salon, "call-find-2"));
    expect(found.kind).toBe("appointments");
    if (found.kind !== "appointments") return;
    expect(found.appointments.length).toBeGreaterThanOrEqual(1);
    for (const a of found.appointments)
      expect(Object.keys(a).sort()).toEqual(
        ["bookingUid", "endAt", "id", "serviceName", "startAt", "status"].sort(),
      );
  });

  it("records call events once each, filling in the call row", async () => {
    const ctx = { company: salon, actor: { type: "voice" as const } };
    const base = {
      retellCallId: "call-ev",
      agentId: "a1",
      fromNumber: caller,
      toNumber: "+493012345670",
      direction: "inbound",
      startedAt: null,
      endedAt: null,
      durationMs: null,
      summary: null,
      outcome: null,
    };
    expect(
      await app.useCases.calls.recordCallEvent(
        ctx,
        "call_started",
        { ...base, status: "ongoing", startedAt: "2026-11-25T09:00:00.000Z" },
        "{}",
      ),
    ).toBe("recorded");
    expect(
      await app.useCases.calls.recordCallEvent(
        ctx,
        "call_started",
        { ...base, status: "ongoing" },
        "{}",
      ),
    ).toBe("duplicate");
    await app.useCases.calls.recordCallEvent(
      ctx,
      "call_analyzed",
      { ...base, status: "ended", summary: "Termin gebucht", outcome: "successful" },
      "{}",
    );
    await app.useCases.calls.recordCallEvent(
      ctx,
      "call_ended",
      { ...base, status: "ended", endedAt: "2026-11-25T09:03:00.000Z", durationMs: 180_000 },
      "{}",
    );
    expect(await app.store.calls.find(salon.id, "call-ev")).toMatchObject({
      status: "ended",
      startedAt: "2026-11-25T09:00:00.000Z",
      endedAt: "2026-11-25T09:03:00.000Z",
      durationMs: 180_000,
      summary: "Termin gebucht",
    });
    expect(await app.store.calls.find(bright.id, "call-ev")).toBeNull();
  });
});
