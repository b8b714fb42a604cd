import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewBookingAttempt } from "../../src/domain/ports/appointments.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { newCompany, newService } from "../support/factories.ts";
import { storeFor } from "../support/fixtures.ts";

/** The attempts a lost booking answer leaves, as the settler of several instances claims them. */
describe.each(testEngines())("booking attempts on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  let companyId: string;
  let otherId: string;
  let serviceId: string;
  const t0 = Date.parse("2030-01-01T10:00:00.000Z");
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const attempt = (key: string, overrides: Partial<NewBookingAttempt> = {}): NewBookingAttempt => ({
    key,
    callId: "call-1",
    serviceId,
    customerId: null,
    eventTypeId: 2001,
    start: "2030-01-02T09:00:00.000Z",
    attendeeName: "Kim Kunde",
    attendeeEmail: "kim@example.de",
    attendeePhone: "+4915100000001",
    notes: null,
    startedAt: at(0),
    nextCheckAt: at(15_000),
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    companyId = (await newCompany(store)).id;
    otherId = (await newCompany(store)).id;
    serviceId = (
      await newService(store, { id: companyId }, { name: "Haarschnitt", calcomEventTypeId: 2001 })
    ).id;
  });
  afterAll(() => database.drop());

  it("claims the key once; the row keeps what a look-up needs", async () => {
    expect(await store.bookingAttempts.insert(companyId, attempt("k-once"))).toBe(true);
    expect(await store.bookingAttempts.insert(companyId, attempt("k-once"))).toBe(false);
    expect(await store.bookingAttempts.find(companyId, "k-once")).toMatchObject({
      state: "booking",
      eventTypeId: 2001,
      start: "2030-01-02T09:00:00.000Z",
      attendeeEmail: "kim@example.de",
      checks: 0,
    });
    // Another company's lookup never sees it.
    expect(await store.bookingAttempts.find(otherId, "k-once")).toBeNull();
    expect(await store.bookingAttempts.listOpenForCall(otherId, "call-1")).toEqual([]);
    await store.bookingAttempts.release(companyId, "k-once");
    expect(await store.bookingAttempts.find(companyId, "k-once")).toBeNull();
  });

  it("gives each due attempt to exactly one of several settlers at once", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k-due-${i}`);
    for (const key of keys) await store.bookingAttempts.insert(companyId, attempt(key));
    await store.bookingAttempts.insert(companyId, attempt("k-later", { nextCheckAt: at(60_000) }));
    expect(await store.bookingAttempts.dueCompanies(at(10_000), 10)).toEqual([]);
    expect(await store.bookingAttempts.dueCompanies(at(20_000), 10)).toEqual([companyId]);

    // Four instances' settlers, each with its own store (PostgreSQL: their own connections).
    const settlers = [store, storeFor(database), storeFor(database), storeFor(database)];
    const claimed = await Promise.all(
      settlers.map((s) => s.bookingAttempts.claimDue(companyId, at(20_000), at(80_000), 20)),
    );
    const all = claimed.flat().map((a) => a.key);
    expect(all.toSorted()).toEqual(keys.toSorted());
    expect(new Set(all).size).toBe(all.length);
    for (const a of claimed.flat()) expect(a).toMatchObject({ checks: 1, nextCheckAt: at(80_000) });
    // Leased: nothing is due again until the lease runs out.
    expect(await store.bookingAttempts.claimDue(companyId, at(30_000), at(90_000), 20)).toEqual([]);

    // Not found: looked at again later (now unknown); given up: out of the open ones for good.
    await store.bookingAttempts.recordCheck(companyId, "k-due-0", { nextCheckAt: at(95_000) }, "x");
    await store.bookingAttempts.recordCheck(
      companyId,
      "k-due-1",
      { abandonedAt: at(40_000) },
      null,
    );
    expect(await store.bookingAttempts.find(companyId, "k-due-0")).toMatchObject({
      state: "unknown",
      nextCheckAt: at(95_000),
      lastError: "x",
    });
    const open = await store.bookingAttempts.listOpenForCall(companyId, "call-1");
    expect(open.map((a) => a.key)).not.toContain("k-due-1");
    expect(open.map((a) => a.key)).toContain("k-due-0");
    expect(await store.bookingAttempts.find(companyId, "k-due-1")).toMatchObject({
      state: "abandoned",
      finishedAt: at(40_000),
    });
    // A removed attempt is not brought back by a late check.
    await store.bookingAttempts.release(companyId, "k-due-2");
    await store.bookingAttempts.recordCheck(companyId, "k-due-2", { nextCheckAt: at(1) }, null);
    expect(await store.bookingAttempts.find(companyId, "k-due-2")).toBeNull();

    expect(await store.bookingAttempts.purgeAbandoned(at(30_000))).toBe(0);
    expect(await store.bookingAttempts.purgeAbandoned(at(50_000))).toBe(1);
    expect(await store.bookingAttempts.find(companyId, "k-due-1")).toBeNull();
  });

  it("goes with its company", async () => {
    const gone = await newCompany(store);
    await store.bookingAttempts.insert(gone.id, attempt("k-gone", { serviceId: null }));
    await database.db.deleteFrom("company").where("id", "=", gone.id).execute();
    expect(await store.bookingAttempts.find(gone.id, "k-gone")).toBeNull();
  });

  it("records and clears a service's booking problem", async () => {
    const problem = { code: "booking_limit" as const, message: "booking_limit_reached", at: at(0) };
    await store.services.recordBookingProblem(companyId, serviceId, problem);
    expect((await store.services.findById(companyId, serviceId))?.bookingProblem).toEqual(problem);
    // Another company's id changes nothing.
    await store.services.recordBookingProblem(otherId, serviceId, null);
    expect((await store.services.findById(companyId, serviceId))?.bookingProblem).toEqual(problem);
    await store.services.recordBookingProblem(companyId, serviceId, null);
    expect((await store.services.findById(companyId, serviceId))?.bookingProblem).toBeNull();
  });
});
