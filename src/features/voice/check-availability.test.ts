import { describe, expect, it } from "vitest";
import type { Company, Service } from "../../domain/entities.ts";
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
    store: {} as Pick<Store, "staff" | "hostMappings" | "calcomMirror">,
  });
  return { check: (date: string) => check(ctx, { service: "Haarschnitt", date }), asked };
}

describe("checkAvailability reads the window of the day, and the next only when needed", () => {
  it("answers a free day and a day with three later times from one window", async () => {
    const { check, asked } = setup(["2027-03-25"]);
    expect(await check("2027-03-26")).toMatchObject({
      kind: "available",
      slots: ["2027-03-26T10:00:00.000Z"],
    });
    expect(await check("2027-03-25")).toMatchObject({
      kind: "alternatives",
      slots: ["2027-03-26T10:00:00.000Z", "2027-03-27T10:00:00.000Z", "2027-03-28T10:00:00.000Z"],
    });
    // A time not free, with three nearer times than the window's end.
    expect(await check("2027-03-25T12:00:00+01:00")).toMatchObject({ kind: "alternatives" });
    expect(asked).toEqual(["2027-03-23"]);
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
