import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../src/domain/ports/calls.ts";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";
import { newAppointment } from "../support/factories.ts";
import { caller, seedCaller } from "../support/privacy-fixture.ts";

const call = (retellCallId: string, createdAt: number): CallRecord => ({
  retellCallId,
  agentId: "agent_salon",
  fromNumber: "+4915100000000",
  toNumber: "+493012345678",
  direction: "inbound",
  status: "ended",
  startedAt: new Date(createdAt).toISOString(),
  endedAt: new Date(createdAt + 60_000).toISOString(),
  durationMs: 60_000,
  summary: null,
  outcome: null,
});

/** Appointments, calls and a caller's export and erasure through /api/v1. */
describe.each(testEngines())("API appointments, calls and customers on %s", (engine) => {
  let h: ApiHarness;
  let seeded: Awaited<ReturnType<typeof seedCaller>>;
  beforeAll(async () => {
    h = await buildApi(engine);
    seeded = await seedCaller(h.store, h.salon.id, new Date().toISOString());
    // 60 more upcoming appointments: more than a page of 50.
    for (let i = 0; i < 60; i++) await newAppointment(h.store, h.salon);
    await newAppointment(h.store, h.bright, { attendeeName: "Bright Kundin" });
    for (let i = 0; i < 55; i++) await h.store.calls.upsert(h.salon.id, call(`api-call-${i}`, i));
    await h.store.calls.upsert(h.bright.id, call("bright-call", 0));
  });
  afterAll(() => h.close());
  const salon = () => `/companies/${h.salon.id}`;

  it("pages through upcoming appointments 50 at a time with the cursor, no row twice", async () => {
    const expected = (
      await h.store.appointments.search(h.salon.id, {
        statuses: ["accepted", "pending", "rescheduled"],
        from: new Date(Date.now() - 86_400_000).toISOString(),
        order: "asc",
        limit: 1000,
      })
    ).length;
    const first = await h.call(h.tokens.salonRead, "get", `${salon()}/appointments`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?cursor=${first.body.nextCursor}`,
    );
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(expected);
    expect(JSON.stringify([first.body, second.body])).not.toContain("Bright Kundin");
  });

  it("filters by name, staff and dates, and names a bad filter or cursor", async () => {
    const byName = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?q=${encodeURIComponent("Zwetschgenbaum")}`,
    );
    expect(byName.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [seeded.appointments.voice.id, seeded.appointments.byEmail.id].sort(),
    );
    const byStaff = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?staff=${seeded.staffId}&from=2030-01-03&to=2030-01-03`,
    );
    expect(byStaff.body.items.map((a: { id: string }) => a.id)).toEqual([
      seeded.appointments.byEmail.id,
    ]);
    expect(byStaff.body.items[0]).toMatchObject({
      staffName: "Jörg Friseur",
      customer: { name: caller.name },
    });
    const badDate = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?from=2030-02-30`,
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.issues[0].where).toBe("query.from");
    const badCursor = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?cursor=nope`,
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.issues[0].where).toBe("cursor");
    // Another company's staff id simply matches nothing.
    const brightStaff = (await h.store.staff.list(h.bright.id))[0]!;
    const foreign = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/appointments?staff=${brightStaff.id}`,
    );
    expect(foreign.body.items).toEqual([]);
  });

  it("pages through calls newest first and shows one call; another company's call is not found", async () => {
    const first = await h.call(h.tokens.salonRead, "get", `${salon()}/calls?limit=50`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    const second = await h.call(
      h.tokens.salonRead,
      "get",
      `${salon()}/calls?limit=50&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const ids = [...first.body.items, ...second.body.items].map(
      (c: { callId: string }) => c.callId,
    );
    // The 55 made here and the seeded caller's two.
    expect(ids).toHaveLength(57);
    expect(new Set(ids).size).toBe(57);
    expect(second.body.nextCursor).toBeNull();
    expect(ids).not.toContain("bright-call");

    const one = await h.call(h.tokens.salonRead, "get", `${salon()}/calls/call-wz`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ callId: "call-wz", summary: caller.summary });
    expect(one.body.appointments.map((a: { id: string }) => a.id)).toContain(
      seeded.appointments.voice.id,
    );
    const foreign = await h.call(h.tokens.salonRead, "get", `${salon()}/calls/bright-call`);
    expect(foreign.status).toBe(404);
    const badCursor = await h.call(h.tokens.salonRead, "get", `${salon()}/calls?cursor=nope`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.issues[0].where).toBe("query.cursor");
  });

  it("exports a caller by phone, needs a write token for it, then erases them in one go", async () => {
    const readOnly = await h.call(h.tokens.salonRead, "post", `${salon()}/customers/export`, {
      phone: caller.phone,
    });
    expect(readOnly.status).toBe(403);
    const exported = await h.call(h.tokens.salonWrite, "post", `${salon()}/customers/export`, {
      phone: caller.national,
    });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ phone: caller.phone, customer: { name: caller.name } });
    expect(exported.body.appointments).toHaveLength(2);
    expect(exported.body.calls.map((c: { retellCallId: string }) => c.retellCallId)).toEqual([
      "call-wz",
    ]);
    const badPhone = await h.call(h.tokens.salonWrite, "post", `${salon()}/customers/export`, {
      phone: "no number",
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.issues[0].where).toBe("phone");

    // The same caller in another company is not touched by the salon's erasure.
    await h.store.customers.upsertByPhone(h.bright.id, {
      phone: caller.phone,
      name: caller.name,
      email: null,
    });
    const erased = await h.call(h.tokens.salonWrite, "post", `${salon()}/customers/erase`, {
      phone: caller.phone,
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ erased: true, counts: { customers: 1, appointments: 2 } });
    expect(await h.store.customers.findByPhone(h.salon.id, caller.phone)).toBeNull();
    expect(await h.store.customers.findByPhone(h.bright.id, caller.phone)).not.toBeNull();
    const after = await h.call(h.tokens.salonWrite, "post", `${salon()}/customers/export`, {
      phone: caller.phone,
    });
    expect(after.body).toMatchObject({ customer: null, appointments: [], calls: [] });
    expect(JSON.stringify(after.body)).not.toContain(caller.name);

    const audit = await h.call(h.tokens.salonRead, "get", `${salon()}/audit/erasures`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorType: "token",
      customerId: erased.body.customerId,
    });
    expect(JSON.stringify(audit.body)).not.toContain(caller.phone);
    // The export and the erasure are writes: each left an audit row without the number.
    const writes = await h.store.apiAudit.list(h.salon.id, 100);
    expect(writes.filter((w) => w.route.endsWith("/customers/erase"))).toHaveLength(1);
    expect(JSON.stringify(writes)).not.toContain(caller.phone);
  });

  it("exercised every operation of these groups", () => {
    expect([
      ...h.unexercised("appointments"),
      ...h.unexercised("calls"),
      ...h.unexercised("customers"),
      ...h.unexercised("audit").filter((op) => op.includes("erasures")),
    ]).toEqual([]);
  });
});
