import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import type { CallRecord } from "../../src/domain/ports/calls.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { newAppointment } from "../support/factories.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

const call = (retellCallId: string, overrides: Partial<CallRecord> = {}): CallRecord => ({
  retellCallId,
  agentId: "agent_1",
  fromNumber: "+4915112345678",
  toNumber: "+49301234567",
  direction: "inbound",
  status: "ended",
  startedAt: null,
  endedAt: null,
  durationMs: 61_000,
  summary: null,
  outcome: null,
  ...overrides,
});

/** The call and delivery lists behind the console's pages: order, cursors, filters, tenancy. */
describe.each(testEngines())("call and delivery repositories on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  let a: Company;
  let b: Company;
  // A settable clock: creation times decide the order.
  let now = new Date("2030-03-01T09:00:00.000Z");

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database, { now: () => now });
    a = await store.companies.create(companyInput("alpha"));
    b = await store.companies.create(companyInput("beta"));
    for (const [id, minute] of [
      ["call-1", 0],
      ["call-2", 1],
      ["call-3b", 2],
      ["call-3a", 2],
      ["call-4", 3],
    ] as const) {
      now = new Date(Date.UTC(2030, 2, 1, 9, minute));
      await store.calls.upsert(a.id, call(id));
    }
    await store.calls.upsert(b.id, call("call-other"));
    await store.calls.upsert(b.id, call("call-2", { summary: "beta's own call-2" }));
  });
  afterAll(() => database.drop());

  describe("calls", () => {
    it("pages the company's calls newest first, ties broken by call id", async () => {
      const first = await store.calls.listPage(a.id, { limit: 2 });
      expect(first.map((c) => c.retellCallId)).toEqual(["call-4", "call-3b"]);
      const last = first.at(-1)!;
      const second = await store.calls.listPage(a.id, {
        after: { createdAt: last.createdAt, retellCallId: last.retellCallId },
        limit: 10,
      });
      expect(second.map((c) => c.retellCallId)).toEqual(["call-3a", "call-2", "call-1"]);
      expect(second[1]).toMatchObject({ summary: null, durationMs: 61_000, customerId: null });
      expect(new Date(second[1]!.createdAt).toISOString()).toBe("2030-03-01T09:01:00.000Z");
    });

    it("notes what a call did once, before or after its events, and never over them", async () => {
      const ref = {
        retellCallId: "call-noted",
        agentId: "agent_1",
        fromNumber: null,
        toNumber: null,
      };
      await store.calls.noteAction(a.id, ref, "found", "2030-03-01T10:00:00.000Z");
      expect(await store.calls.find(a.id, "call-noted")).toMatchObject({
        status: "ongoing",
        foundAt: "2030-03-01T10:00:00.000Z",
        cancelledAt: null,
      });
      await store.calls.upsert(
        a.id,
        call("call-noted", { summary: "Asked", outcome: "successful", sentiment: "Neutral" }),
      );
      await store.calls.noteAction(a.id, ref, "found", "2030-03-01T10:05:00.000Z");
      await store.calls.noteAction(a.id, ref, "cancelled", "2030-03-01T10:06:00.000Z");
      // A later event without a sentiment keeps the one known.
      await store.calls.upsert(a.id, call("call-noted"));
      expect(await store.calls.find(a.id, "call-noted")).toMatchObject({
        status: "ended",
        summary: "Asked",
        sentiment: "Neutral",
        foundAt: "2030-03-01T10:00:00.000Z",
        cancelledAt: "2030-03-01T10:06:00.000Z",
      });
      expect(await store.calls.find(b.id, "call-noted")).toBeNull();
      const found = await store.calls.listPage(a.id, { limit: 10, outcome: "cancelled" });
      expect(found.map((c) => c.retellCallId)).toEqual(["call-noted"]);
      expect(await store.calls.listPage(b.id, { limit: 10, outcome: "cancelled" })).toEqual([]);
    });

    it("never lists or finds another company's calls", async () => {
      expect((await store.calls.listPage(b.id, { limit: 10 })).map((c) => c.retellCallId)).toEqual([
        "call-other",
        "call-2",
      ]);
      expect(await store.calls.find(a.id, "call-other")).toBeNull();
      expect(await store.calls.find(a.id, "call-2")).toMatchObject({ summary: null });
    });

    it("lists the appointments calls made, of the company only", async () => {
      const booked = await newAppointment(store, a, {
        source: "voice",
        retellCallId: "call-2",
        status: "accepted",
      });
      const moved = await newAppointment(store, a, {
        source: "voice",
        retellCallId: "call-4",
        rescheduledFromUid: "booking-old",
      });
      await newAppointment(store, b, { source: "voice", retellCallId: "call-2" });
      await newAppointment(store, a, { source: "calcom" });
      const made = await store.calls.listAppointmentsOf(a.id, ["call-2", "call-4", "call-1"]);
      expect(made).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: booked.id, retellCallId: "call-2", status: "accepted" }),
          expect.objectContaining({
            id: moved.id,
            retellCallId: "call-4",
            rescheduledFromUid: "booking-old",
          }),
        ]),
      );
      expect(made).toHaveLength(2);
      expect(await store.calls.listAppointmentsOf(a.id, [])).toEqual([]);
    });
  });

  describe("deliveries", () => {
    beforeAll(async () => {
      const deliveries = [
        ["calcom", "BOOKING_CREATED", "BOOKING_CREATED:uid-1", "created", "10:00"],
        ["retell", "call_ended", "call_ended:call-1", "recorded", "10:01"],
        ["calcom", "MEETING_ENDED", "MEETING_ENDED:abc", "ignored", "10:02"],
        [
          "calcom",
          "BOOKING_CREATED",
          "BOOKING_CREATED:uid-2",
          "refused_foreign_event_type",
          "10:03",
        ],
      ] as const;
      for (const [provider, eventType, dedupeKey, outcome, time] of deliveries) {
        const receivedAt = `2030-03-01T${time}:00.000Z`;
        const { id } = await store.inbox.record(a.id, {
          provider,
          eventType,
          dedupeKey,
          payload: JSON.stringify({ attendee: "Erika Mustermann +4915112345678" }),
          receivedAt,
        });
        await store.inbox.markProcessed(a.id, id, outcome, null, receivedAt);
      }
      await store.inbox.record(b.id, {
        provider: "calcom",
        eventType: "BOOKING_CREATED",
        dedupeKey: "BOOKING_CREATED:uid-b",
        payload: "{}",
        receivedAt: "2030-03-01T10:05:00.000Z",
      });
    });

    it("lists the newest first, without payloads, and pages by cursor", async () => {
      const first = await store.inbox.listRecent(a.id, { limit: 3 });
      expect(first.map((d) => d.dedupeKey)).toEqual([
        "BOOKING_CREATED:uid-2",
        "MEETING_ENDED:abc",
        "call_ended:call-1",
      ]);
      expect(first[0]).toMatchObject({
        provider: "calcom",
        eventType: "BOOKING_CREATED",
        outcome: "refused_foreign_event_type",
        redacted: false,
      });
      expect(JSON.stringify(first)).not.toContain("Mustermann");
      const last = first.at(-1)!;
      const rest = await store.inbox.listRecent(a.id, {
        after: { receivedAt: last.receivedAt, id: last.id },
        limit: 3,
      });
      expect(rest.map((d) => d.dedupeKey)).toEqual(["BOOKING_CREATED:uid-1"]);
    });

    it("filters by provider and outcome", async () => {
      const retell = await store.inbox.listRecent(a.id, { provider: "retell", limit: 10 });
      expect(retell.map((d) => d.dedupeKey)).toEqual(["call_ended:call-1"]);
      const ignored = await store.inbox.listRecent(a.id, {
        provider: "calcom",
        outcome: "ignored",
        limit: 10,
      });
      expect(ignored.map((d) => d.dedupeKey)).toEqual(["MEETING_ENDED:abc"]);
    });

    it("shows a redaction, and never another company's deliveries", async () => {
      const [newest] = await store.inbox.listRecent(a.id, { limit: 1 });
      await store.inbox.redact(a.id, [newest!.id], "2030-04-01T00:00:00.000Z");
      expect((await store.inbox.listRecent(a.id, { limit: 1 }))[0]).toMatchObject({
        id: newest!.id,
        redacted: true,
      });
      const all = await store.inbox.listRecent(a.id, { limit: 50 });
      expect(all.map((d) => d.dedupeKey)).not.toContain("BOOKING_CREATED:uid-b");
      expect((await store.inbox.listRecent(b.id, { limit: 50 })).map((d) => d.dedupeKey)).toEqual([
        "BOOKING_CREATED:uid-b",
      ]);
    });
  });
});
