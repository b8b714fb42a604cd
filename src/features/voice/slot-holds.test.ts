import { describe, expect, it } from "vitest";
import type { Company } from "../../domain/entities.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type { SlotHold, SlotHoldRepository } from "../../domain/ports/slot-holds.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { VoiceContext } from "./context.ts";
import { createSlotHolds } from "./slot-holds.ts";

const company = (id: string) => ({ id }) as Company;
const ctx = (companyId: string, callId: string | null): VoiceContext =>
  ({
    company: company(companyId),
    actor: { type: "voice" },
    call: { callId, fromNumber: null, toNumber: null, agentId: null },
  }) as unknown as VoiceContext;
const slot = (start: string) => ({ eventTypeId: 2001, start, durationMinutes: 30 });
const ten = "2027-03-24T10:00:00.000Z";
const eleven = "2027-03-24T11:00:00.000Z";

function memoryHolds(): SlotHoldRepository & { rows: Map<string, SlotHold> } {
  const rows = new Map<string, SlotHold>();
  const key = (companyId: string, callId: string) => `${companyId}/${callId}`;
  return {
    rows,
    async find(companyId, callId) {
      return rows.get(key(companyId, callId)) ?? null;
    },
    async put(companyId, hold) {
      rows.set(key(companyId, hold.retellCallId), hold);
    },
    async delete(companyId, callId, uid) {
      const k = key(companyId, callId);
      if (rows.get(k)?.reservationUid !== uid) return false;
      return rows.delete(k);
    },
    async deleteExpired(companyId, now) {
      let n = 0;
      for (const [k, hold] of rows)
        if (k.startsWith(`${companyId}/`) && hold.expiresAt <= now) n += Number(rows.delete(k));
      return n;
    },
  };
}

function setup(options: { failReserve?: boolean; failRelease?: boolean } = {}) {
  const clock = fixedClock("2027-03-24T09:00:00.000Z");
  const holds = memoryHolds();
  const sent: string[] = [];
  const outcomes: string[] = [];
  const releases: string[] = [];
  const warnings: string[] = [];
  let n = 0;
  const slotHolds = createSlotHolds({
    holds,
    clock,
    logger: { warn: (_o: unknown, msg?: string) => void warnings.push(String(msg)) },
    metrics: {
      holds: { inc: ({ outcome }) => outcomes.push(outcome) },
      holdReleases: {
        inc: ({ reason, outcome }, value = 1) =>
          releases.push(...Array(value).fill(`${reason}:${outcome}`)),
      },
    },
    calcom: {
      async reserveSlot(c, q) {
        sent.push(`reserve ${c.id} ${q.start} ${q.minutes}min`);
        if (options.failReserve) throw new UpstreamError("unavailable", "Cal.com is down");
        n += 1;
        return {
          uid: `r${n}`,
          expiresAt: new Date(clock.now().getTime() + q.minutes * 60_000).toISOString(),
        };
      },
      async releaseSlot(c, uid) {
        sent.push(`release ${c.id} ${uid}`);
        if (options.failRelease) throw new UpstreamError("unavailable", "Cal.com is down");
      },
    },
  });
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
  return { slotHolds, holds, sent, outcomes, releases, warnings, advance };
}

describe("createSlotHolds", () => {
  it("holds in the background: the caller's reply is not kept waiting", async () => {
    const { slotHolds, holds, sent, outcomes } = setup();
    expect(slotHolds.hold(ctx("c1", "call-a"), slot(ten))).toBeUndefined();
    expect(sent).toEqual([]);
    await slotHolds.settled();
    expect(sent).toEqual(["reserve c1 2027-03-24T10:00:00.000Z 10min"]);
    expect(outcomes).toEqual(["held"]);
    expect(await holds.find("c1", "call-a")).toMatchObject({
      reservationUid: "r1",
      eventTypeId: 2001,
      start: ten,
      expiresAt: "2027-03-24T09:10:00.000Z",
    });
  });

  it("holds the same time once however often it is asked for", async () => {
    const { slotHolds, sent, outcomes } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.hold(ctx("c1", "call-a"), slot("2027-03-24T12:00:00+02:00"));
    await slotHolds.settled();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    await slotHolds.settled();
    expect(sent).toHaveLength(1);
    expect(outcomes).toEqual(["held"]);
  });

  it("lets the earlier time go before holding a new one: one hold per call", async () => {
    const { slotHolds, holds, sent, outcomes, releases } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.hold(ctx("c1", "call-a"), slot(eleven));
    await slotHolds.settled();
    expect(sent).toEqual([
      "reserve c1 2027-03-24T10:00:00.000Z 10min",
      "release c1 r1",
      "reserve c1 2027-03-24T11:00:00.000Z 10min",
    ]);
    expect(outcomes).toEqual(["held", "replaced"]);
    expect(releases).toEqual([]);
    expect([...holds.rows.values()].map((h) => h.reservationUid)).toEqual(["r2"]);
  });

  it("holds again once the earlier hold has lapsed, without a release", async () => {
    const { slotHolds, sent, outcomes, releases, advance } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    await slotHolds.settled();
    advance(10 * 60_000);
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    await slotHolds.settled();
    expect(sent).toEqual([
      "reserve c1 2027-03-24T10:00:00.000Z 10min",
      "reserve c1 2027-03-24T10:00:00.000Z 10min",
    ]);
    expect(outcomes).toEqual(["held", "held"]);
    expect(releases).toEqual(["expired:released"]);
  });

  it("keeps each call's hold apart, within and across companies", async () => {
    const { slotHolds, holds, sent } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.hold(ctx("c1", "call-b"), slot(eleven));
    slotHolds.hold(ctx("c2", "call-a"), slot(eleven));
    await slotHolds.settled();
    slotHolds.releaseForCall(company("c2"), "call-b", "call_ended");
    await slotHolds.settled();
    expect(sent.filter((s) => s.startsWith("reserve"))).toHaveLength(3);
    expect(sent.filter((s) => s.startsWith("release"))).toEqual([]);
    expect(holds.rows.size).toBe(3);
  });

  it("holds nothing for a call without an id", async () => {
    const { slotHolds, sent, outcomes } = setup();
    slotHolds.hold(ctx("c1", null), slot(ten));
    slotHolds.release(ctx("c1", null), "booked");
    await slotHolds.settled();
    expect(sent).toEqual([]);
    expect(outcomes).toEqual([]);
  });

  it("lets go on booking and on call_ended, counted by reason", async () => {
    const { slotHolds, holds, sent, releases } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.hold(ctx("c1", "call-b"), slot(eleven));
    // Queued behind the hold of the same call, though the hold has not been sent yet.
    slotHolds.release(ctx("c1", "call-a"), "booked");
    slotHolds.releaseForCall(company("c1"), "call-b", "call_ended");
    await slotHolds.settled();
    expect(sent.filter((s) => s.startsWith("release"))).toEqual(["release c1 r1", "release c1 r2"]);
    expect(releases).toEqual(["booked:released", "call_ended:released"]);
    expect(holds.rows.size).toBe(0);
    // Nothing held any more: a second call_ended sends nothing.
    slotHolds.releaseForCall(company("c1"), "call-b", "call_ended");
    await slotHolds.settled();
    expect(sent).toHaveLength(4);
  });

  it("drops a lapsed hold without telling Cal.com", async () => {
    const { slotHolds, holds, sent, releases, advance } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    await slotHolds.settled();
    advance(11 * 60_000);
    slotHolds.releaseForCall(company("c1"), "call-a", "call_ended");
    await slotHolds.settled();
    expect(sent).toEqual(["reserve c1 2027-03-24T10:00:00.000Z 10min"]);
    expect(releases).toEqual(["expired:released"]);
    expect(holds.rows.size).toBe(0);
  });

  it("swallows and counts a failed hold", async () => {
    const { slotHolds, holds, outcomes, warnings } = setup({ failReserve: true });
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    await expect(slotHolds.settled()).resolves.toBeUndefined();
    expect(outcomes).toEqual(["failed"]);
    expect(warnings).toEqual(["slot hold: hold failed"]);
    expect(holds.rows.size).toBe(0);
  });

  it("drops the row when Cal.com does not answer a release: the reservation lapses", async () => {
    const { slotHolds, holds, releases, warnings } = setup({ failRelease: true });
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.release(ctx("c1", "call-a"), "booked");
    await slotHolds.settled();
    expect(releases).toEqual(["booked:failed"]);
    expect(warnings).toEqual(["slot hold: release failed"]);
    expect(holds.rows.size).toBe(0);
  });

  it("swallows a failing store", async () => {
    const { slotHolds, holds, outcomes } = setup();
    holds.find = async () => {
      throw new Error("database is gone");
    };
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.release(ctx("c1", "call-a"), "booked");
    await expect(slotHolds.settled()).resolves.toBeUndefined();
    expect(outcomes).toEqual(["failed"]);
  });

  it("purges the company's lapsed holds only", async () => {
    const { slotHolds, holds, releases, advance } = setup();
    slotHolds.hold(ctx("c1", "call-a"), slot(ten));
    slotHolds.hold(ctx("c2", "call-a"), slot(ten));
    await slotHolds.settled();
    advance(10 * 60_000);
    expect(await slotHolds.purgeExpired("c1", new Date("2027-03-24T09:10:00.000Z"))).toBe(1);
    expect(releases).toEqual(["expired:released"]);
    expect([...holds.rows.keys()]).toEqual(["c2/call-a"]);
  });
});
