import { describe, expect, it } from "vitest";
import type {
  CalcomEventType,
  CalcomHost,
  Company,
  HostMapping,
  Service,
  Staff,
} from "../../domain/entities.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";
import { fixedClock } from "../../platform/clock.ts";
import { createSlotCache } from "../../platform/slot-cache.ts";
import { makeCheckAvailability } from "./check-availability.ts";
import type { VoiceContext } from "./context.ts";

// Wednesday 24 March 2027, 10:00 in Berlin (UTC+1): window 0 is 24–30 March, window 1 from 31 March.
const now = new Date("2027-03-24T09:00:00Z");
const company = { id: "c1", timezone: "Europe/Berlin", locale: "de", country: "DE" } as Company;
const service = {
  id: "s1",
  companyId: "c1",
  name: "Haarschnitt",
  active: true,
  calcomEventTypeId: 2001,
  bookability: null,
} as Service;
const ctx: VoiceContext = {
  company,
  actor: { type: "voice", callId: "call_1" },
  call: { callId: "call_1", fromNumber: null, toNumber: null, agentId: null },
};

/** Free at 10:00 UTC every day from 24 March to 10 April, except on `except`. */
function setup(except: string[]) {
  const free: string[] = [];
  for (let d = 24; d <= 41; d++) {
    const iso = new Date(Date.UTC(2027, 2, d, 10)).toISOString();
    if (!except.includes(iso.slice(0, 10))) free.push(iso);
  }
  const asked: string[] = [];
  const check = makeCheckAvailability({
    calcom: {
      async slots(_c, q) {
        asked.push(q.startUtc.slice(0, 10));
        return free.filter((s) => s >= q.startUtc && s < q.endUtc);
      },
    },
    slotCache: createSlotCache(),
    clock: fixedClock(now.toISOString()),
    services: { list: async () => [service] },
    store: {} as Pick<Store, "staff" | "hostMappings" | "calcomMirror" | "companies">,
  });
  return { check: (date: string) => check(ctx, { service: "Haarschnitt", date }), asked };
}

describe("checkAvailability reads the window of the day, and the next only when needed", () => {
  it("answers a free day and a time with three nearer ones from one window", async () => {
    const { check, asked } = setup(["2027-03-25"]);
    expect(await check("2027-03-26")).toMatchObject({
      kind: "available",
      slots: ["2027-03-26T10:00:00.000Z"],
    });
    // A time not free, with three nearer times than the window's end.
    expect(await check("2027-03-26T12:00:00+01:00")).toMatchObject({ kind: "alternatives" });
    expect(asked).toEqual(["2027-03-23"]);
  });

  it("reads the week after for a day without times, to tell a full day from a closed one", async () => {
    const { check, asked } = setup(["2027-03-25"]);
    expect(await check("2027-03-25")).toMatchObject({
      kind: "alternatives",
      slots: ["2027-03-26T10:00:00.000Z", "2027-03-27T10:00:00.000Z", "2027-03-28T10:00:00.000Z"],
    });
    expect(asked).toEqual(["2027-03-23", "2027-03-30"]);
  });

  it("reads the next window when fewer than three times are left in this one", async () => {
    const { check, asked } = setup(["2027-03-30"]);
    expect(await check("2027-03-30")).toMatchObject({
      kind: "alternatives",
      slots: ["2027-03-31T10:00:00.000Z", "2027-04-01T10:00:00.000Z", "2027-04-02T10:00:00.000Z"],
    });
    expect(asked).toEqual(["2027-03-23", "2027-03-30"]);
  });

  it("reads the next window when a nearer time could lie past this one's end", async () => {
    const { check, asked } = setup(["2027-03-30"]);
    // 29 March 09:00 (summer time, 07:00Z) is not free; of the times from that day on, 29 March
    // 10:00Z is nearest, the next two lie past the window's end.
    expect(await check("2027-03-29T09:00:00+02:00")).toMatchObject({
      kind: "alternatives",
      slots: ["2027-03-29T10:00:00.000Z", "2027-03-31T10:00:00.000Z", "2027-04-01T10:00:00.000Z"],
    });
    expect(asked).toEqual(["2027-03-23", "2027-03-30"]);
  });
});

describe("checkAvailability names a closed day", () => {
  it("says closed when neither the day nor the same weekday a week on has a time", async () => {
    const { check, asked } = setup(["2027-03-29", "2027-04-05"]);
    expect(await check("2027-03-29")).toMatchObject({
      kind: "closed",
      date: "2027-03-29",
      weekday: 1,
      slots: ["2027-03-30T10:00:00.000Z", "2027-03-31T10:00:00.000Z", "2027-04-01T10:00:00.000Z"],
    });
    expect(asked).toEqual(["2027-03-23", "2027-03-30"]);
  });

  it("offers other times when only this week's day is full", async () => {
    const { check } = setup(["2027-03-29"]);
    expect(await check("2027-03-29")).toMatchObject({ kind: "alternatives" });
    expect(await check("2027-03-29T14:00:00+02:00")).toMatchObject({ kind: "alternatives" });
  });
});

/** Hosts 1 (Anna) and 2 (Jörg) do event type 2001; host 1 is free at 10:00Z, host 2 at 14:00Z. */
function staffSetup(options: { chosenHosts?: boolean; refuseHosts?: boolean } = {}) {
  const requests: { hostIds?: readonly number[] }[] = [];
  const updates: unknown[] = [];
  const held: string[] = [];
  const byHost: Record<number, string> = { 1: "10", 2: "14" };
  const tenant = { ...company, calcom: { chosenHosts: null } } as Company;
  const check = makeCheckAvailability({
    calcom: {
      async slots(_c, q) {
        requests.push(q.hostIds ? { hostIds: q.hostIds } : {});
        if (q.hostIds && options.refuseHosts) {
          throw new UpstreamError("rejected", "unknown parameter", {
            refusal: "hosts_unsupported",
          });
        }
        const hours = q.hostIds ? q.hostIds.map((h) => byHost[h]!) : ["10", "14"];
        const out: string[] = [];
        for (let d = 24; d <= 41; d++) {
          for (const h of hours) {
            const iso = new Date(Date.UTC(2027, 2, d, Number(h))).toISOString();
            if (iso >= q.startUtc && iso < q.endUtc) out.push(iso);
          }
        }
        return out.sort();
      },
    },
    slotCache: createSlotCache(),
    clock: fixedClock(now.toISOString()),
    services: { list: async () => [service] },
    slotHolds: { hold: (_ctx, slot) => void held.push(slot.start), heldFor: () => null },
    store: {
      staff: {
        list: async () =>
          [
            { id: "a", name: "Anna Schmidt", active: true },
            { id: "j", name: "Jörg Weber", active: true },
          ] as Staff[],
      },
      hostMappings: {
        list: async () =>
          [
            { calcomUserId: 1, staffId: "a", status: "active" },
            { calcomUserId: 2, staffId: "j", status: "active" },
          ] as HostMapping[],
      },
      calcomMirror: {
        listHosts: async () =>
          [1, 2].map((calcomUserId) => ({ calcomUserId, eventTypeIds: [2001] })) as CalcomHost[],
        findEventType: async () =>
          ({
            eventTypeId: 2001,
            chosenHosts: options.chosenHosts ?? true,
          }) as unknown as CalcomEventType,
      },
      companies: {
        update: async (_id: string, patch: unknown) => {
          updates.push(patch);
          return tenant;
        },
      },
    } as unknown as Pick<Store, "staff" | "hostMappings" | "calcomMirror" | "companies">,
  });
  const run = (args: { staff?: string; date: string; time?: string; service?: string }) =>
    check({ ...ctx, company: tenant }, { service: "Haarschnitt", ...args });
  return { run, requests, updates, held, tenant };
}

describe("checkAvailability with a staff member asked for", () => {
  it("offers only that host's free times where Cal.com can be asked for them", async () => {
    const { run, requests, updates } = staffSetup();
    expect(await run({ staff: "Joerg", date: "2027-03-25" })).toMatchObject({
      kind: "available",
      slots: ["2027-03-25T14:00:00.000Z"],
      staff: { name: "Jörg Weber", guaranteed: true },
    });
    expect(requests).toEqual([{ hostIds: [2] }]);
    expect(updates).toEqual([{ calcomChosenHosts: "supported" }]);
  });

  it("offers the team's times, not promised, where the event type has no chosen hosts", async () => {
    const { run, requests } = staffSetup({ chosenHosts: false });
    expect(await run({ staff: "Anna", date: "2027-03-25" })).toMatchObject({
      kind: "available",
      slots: ["2027-03-25T10:00:00.000Z", "2027-03-25T14:00:00.000Z"],
      staff: { name: "Anna Schmidt", guaranteed: false },
    });
    expect(requests).toEqual([{}]);
  });

  it("asks an older Cal.com again without the hosts and remembers it refuses them", async () => {
    const { run, requests, updates } = staffSetup({ refuseHosts: true });
    expect(await run({ staff: "Anna", date: "2027-03-25" })).toMatchObject({
      kind: "available",
      staff: { name: "Anna Schmidt", guaranteed: false },
    });
    expect(requests).toEqual([{ hostIds: [1] }, {}]);
    expect(updates).toEqual([{ calcomChosenHosts: "unsupported" }]);
  });

  it("sends no hosts to a Cal.com known to refuse them", async () => {
    const { run, requests, tenant } = staffSetup({ refuseHosts: true });
    tenant.calcom.chosenHosts = "unsupported";
    expect(await run({ staff: "Anna", date: "2027-03-25" })).toMatchObject({
      staff: { guaranteed: false },
    });
    expect(requests).toEqual([{}]);
  });

  it("asks for the name again when no one is called so, and reads no slots", async () => {
    const { run, requests } = staffSetup();
    expect(await run({ staff: "Gustav", date: "2027-03-25" })).toEqual({
      kind: "ask",
      field: "staff",
      reason: "invalid",
    });
    expect(requests).toEqual([]);
  });

  it("never says a staff member's day off is the business closed", async () => {
    const { run } = staffSetup();
    // Jörg is free at 14:00Z only; asking for 10:00 local on a day he works gives alternatives.
    expect(await run({ staff: "Jörg", date: "2027-03-25", time: "09:00" })).toMatchObject({
      kind: "alternatives",
    });
  });
});

describe("checkAvailability says more than the times", () => {
  it("notes when the caller named the service differently", async () => {
    const { run } = staffSetup();
    expect(await run({ service: "Herrenhaarschnitt", date: "2027-03-25" })).toMatchObject({
      service: "Haarschnitt",
      namedDifferently: true,
      staff: null,
    });
    expect(await run({ service: "einen Haarschnitt bitte", date: "2027-03-25" })).toMatchObject({
      namedDifferently: false,
    });
  });

  it("holds a free time the caller asked for, and nothing for a day alone", async () => {
    const { run, held } = staffSetup();
    await run({ date: "2027-03-25" });
    expect(held).toEqual([]);
    expect(await run({ date: "2027-03-25", time: "11:00" })).toMatchObject({ kind: "available" });
    expect(held).toEqual(["2027-03-25T10:00:00.000Z"]);
  });
});
