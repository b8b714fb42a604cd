import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { functionByName } from "../../src/voice-functions/registry.ts";
import { speaking } from "../../src/voice-functions/speaking.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { simulatorUser } from "../support/simulator-client.ts";

/**
 * A wished staff member in book_appointment and a kept host in reschedule_appointment, against
 * the simulator: strict where Cal.com takes chosen hosts, the team's (and said so) where it does
 * not or an older Cal.com refuses them.
 */
describe.each(testEngines())("booking with a staff wish on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  const calcom = simulatedCalcom(demoFixture());
  const user = simulatorUser(() => calcom.state.sim);
  let salon: Company;
  let bright: Company;
  let annaId: string;
  let annaHost: number;
  const call = (company: Company, callId: string, from = "+4915112340000"): VoiceContext => ({
    company,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: from, toNumber: null, agentId: null },
  });
  /** The company as the store has it now (what the route would route the next call to). */
  const fresh = async (company: Company) => (await app.store.companies.findById(company.id))!;
  /** A voice function's reply, as the route builds it. */
  const reply = async (name: string, ctx: VoiceContext, args: Record<string, string>) => {
    const fn = functionByName(name)!;
    return fn.run(app.useCases.voice, ctx, args, speaking(ctx.company, new Date(), fn.messages));
  };
  const simHostsOf = (uid: string) =>
    calcom.state.sim.bookings().find((b) => b.uid === uid)?.hostUserIds ?? [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = assembleForTest(database, calcom.fetch);
    ({ salon, bright } = await seedDemoTenants(app));
    annaId = (await app.store.staff.list(salon.id)).find((s) => s.name === "Anna Schmidt")!.id;
    annaHost = (await app.store.hostMappings.list(salon.id)).find(
      (m) => m.staffId === annaId && m.status === "active",
    )!.calcomUserId;
  });
  afterEach(async () => {
    calcom.state.sim.setRefuseRrHostSubsetIds(false);
    await app.store.companies.update(salon.id, { calcomChosenHosts: null });
  });
  afterAll(() => database.drop());

  it("books the wished person's own time: Cal.com is asked for their hosts only", async () => {
    const start = await user.firstSlot(2001, 2);
    const ctx = call(salon, "call-anna");
    const booked = await app.useCases.voice.bookAppointment(ctx, {
      service: "Haarschnitt",
      start,
      customer_name: "Karl Meyer",
      staff: "bei der Anna",
    });
    expect(booked).toMatchObject({
      kind: "booked",
      staffName: "Anna Schmidt",
      staffWish: { name: "Anna Schmidt", guaranteed: true },
    });
    if (booked.kind !== "booked") return;
    expect(booked.appointment.staffId).toBe(annaId);
    expect(simHostsOf(booked.appointment.bookingUid)).toEqual([annaHost]);
    // Asked for by name and booked with them: no wish in the notes, nothing unpromised said.
    expect(booked.appointment.notes).toBeNull();
    expect((await fresh(salon)).calcom.chosenHosts).toBe("supported");

    const again = await reply("book_appointment", ctx, {
      service: "Haarschnitt",
      start,
      customer_name: "Karl Meyer",
      staff: "bei der Anna",
    });
    expect(again).toMatchObject({
      ok: true,
      data: { booked: true, staff_name: "Anna Schmidt", staff_guaranteed: true },
    });
    expect(again.message).toMatch(/bei Anna Schmidt\.$/);
  });

  it("a busy wished person is a taken slot, with that person's other times", async () => {
    const start = await user.firstSlot(2001, 4);
    const first = await app.useCases.voice.bookAppointment(
      call(salon, "call-busy-1", "+4915100000001"),
      {
        service: "Haarschnitt",
        start,
        customer_name: "Eva Erste",
        staff: "Anna",
      },
    );
    expect(first).toMatchObject({ kind: "booked", staffWish: { guaranteed: true } });
    const before = calcom.state.sim.bookings().length;
    const second = await app.useCases.voice.bookAppointment(
      call(salon, "call-busy-2", "+4915100000002"),
      {
        service: "Haarschnitt",
        start,
        customer_name: "Zoe Zweite",
        staff: "Anna",
      },
    );
    expect(second).toMatchObject({ kind: "slot_taken" });
    if (second.kind !== "slot_taken") return;
    // The team had others free at that time; Anna did not, and the times offered are hers.
    expect(calcom.state.sim.bookings()).toHaveLength(before);
    expect(second.alternatives.length).toBeGreaterThan(0);
    expect(second.alternatives).not.toContain(start);
  });

  it("an older Cal.com refusing chosen hosts: remembered, booked for the team, the wish noted", async () => {
    calcom.state.sim.setRefuseRrHostSubsetIds(true);
    const start = await user.firstSlot(2001, 6);
    const ctx = call(salon, "call-old", "+4915100000003");
    const r = await reply("book_appointment", ctx, {
      service: "Haarschnitt",
      start,
      customer_name: "Olga Alt",
      staff: "Anna",
    });
    expect(r).toMatchObject({ ok: true, data: { booked: true, staff_guaranteed: false } });
    const appointment = (await app.store.appointments.findById(
      salon.id,
      r.data.appointment_id as string,
    ))!;
    expect(appointment.notes).toBe("Wunsch: Anna Schmidt");
    if (appointment.staffId !== annaId)
      expect(r.message).toContain(
        "Dass Anna Schmidt den Termin übernimmt, kann ich leider nicht versprechen",
      );
    expect((await fresh(salon)).calcom.chosenHosts).toBe("unsupported");
  });

  it("where chosen hosts are not possible: booked on the caller's word, the wish in the notes", async () => {
    // The dental practice's round robins do not take chosen hosts.
    expect((await app.store.calcomMirror.findEventType(bright.id, 2101))?.chosenHosts).toBe(false);
    const start = await user.firstSlot(2101, 1);
    const ctx = call(bright, "call-bright", "+447911123456");
    const r = await reply("book_appointment", ctx, {
      service: "Check-up",
      start,
      customer_name: "Mary Smith",
      staff: "Emily",
      notes: "first visit",
    });
    expect(r).toMatchObject({ ok: true, data: { booked: true, staff_guaranteed: false } });
    const appointment = (await app.store.appointments.findById(
      bright.id,
      r.data.appointment_id as string,
    ))!;
    expect(appointment.notes).toBe("first visit\nRequested: Emily Carter");
    if (r.data.staff_name !== "Emily Carter")
      expect(r.message).toMatch(
        /I can't promise it will be Emily Carter, but I'll note your wish\.$/,
      );
  });

  it("asks again for a name it does not know, and names who does the service", async () => {
    const start = await user.firstSlot(2001, 8);
    const base = { service: "Haarschnitt", start, customer_name: "Karl Meyer" };
    const ctx = call(salon, "call-who");
    expect(await app.useCases.voice.bookAppointment(ctx, { ...base, staff: "Zacharias" })).toEqual({
      kind: "ask",
      field: "staff",
      reason: "invalid",
    });
    const lena = await reply("book_appointment", ctx, { ...base, staff: "Lena Groß" });
    expect(lena).toMatchObject({ ok: false, data: { booked: false } });
    expect(lena.message).toMatch(/^Das macht Lena Groß leider nicht\. Dafür sind /);
    // Another company's staff is no one here.
    expect(
      await app.useCases.voice.bookAppointment(ctx, { ...base, staff: "Emily Carter" }),
    ).toMatchObject({ kind: "ask", field: "staff" });
  });

  it("a reschedule keeps the host where it can; where it cannot and the host changes, it says so", async () => {
    const caller = "+4915100000009";
    const [first, busy, free] = [
      await user.firstSlot(2001, 10),
      await user.firstSlot(2001, 12),
      await user.firstSlot(2001, 14),
    ];
    const book = (callId: string, from: string, start: string, name: string) =>
      app.useCases.voice.bookAppointment(call(salon, callId, from), {
        service: "Haarschnitt",
        start,
        customer_name: name,
        staff: "Anna",
      });
    const mine = await book("call-r1", caller, first!, "Rita Rück");
    expect(mine).toMatchObject({ kind: "booked", staffWish: { guaranteed: true } });
    // Anna is busy at `busy` with someone else.
    expect(await book("call-r2", "+4915100000010", busy!, "Bernd Besetzt")).toMatchObject({
      kind: "booked",
    });

    const ctx = call(salon, "call-r3", caller);
    expect(
      await app.useCases.voice.rescheduleAppointment(ctx, {
        start: first,
        new_start: busy,
        customer_name: "Rita Rück",
      }),
    ).toEqual({ kind: "slot_taken" });
    const kept = await reply("reschedule_appointment", ctx, {
      start: first!,
      new_start: free!,
      customer_name: "Rita Rück",
    });
    expect(kept).toMatchObject({
      ok: true,
      data: { rescheduled: true, staff_name: "Anna Schmidt" },
    });
    expect(kept.message).toMatch(/^Erledigt, Ihr Termin ist jetzt /);

    // An older Cal.com: the host cannot be asked for, and Anna is busy then.
    calcom.state.sim.setRefuseRrHostSubsetIds(true);
    const moved = await reply("reschedule_appointment", call(salon, "call-r4", caller), {
      start: free!,
      new_start: busy!,
      customer_name: "Rita Rück",
    });
    expect(moved).toMatchObject({ ok: true, data: { rescheduled: true, staff_changed: true } });
    expect(moved.data.staff_name).not.toBe("Anna Schmidt");
    expect(moved.message).toMatch(
      new RegExp(
        `^Ihr Termin ist jetzt .+, bei ${moved.data.staff_name} statt bei Anna Schmidt\\.$`,
      ),
    );
  });
});
