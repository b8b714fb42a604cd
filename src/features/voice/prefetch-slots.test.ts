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
import { fixedClock } from "../../platform/clock.ts";
import { createSlotCache } from "../../platform/slot-cache.ts";
import {
  createSlotPrefetcher,
  type PrefetchStore,
  type SlotPrefetchOptions,
} from "./prefetch-slots.ts";
import { slotRange, slotWindow } from "./slots.ts";

const company = (id: string) => ({ id, timezone: "Europe/Berlin" }) as Company;
const service = (eventTypeId: number | null, active = true) =>
  ({ active, calcomEventTypeId: eventTypeId, bookability: null }) as Service;

function setup(options: SlotPrefetchOptions & { services?: Service[]; fail?: boolean } = {}) {
  const clock = fixedClock("2027-03-24T09:00:00.000Z");
  const slotCache = createSlotCache({ now: () => clock.now().getTime() });
  const asked: string[] = [];
  let running = 0;
  let peak = 0;
  const outcomes: string[] = [];
  const prefetch = createSlotPrefetcher(
    {
      services: {
        list: async () =>
          options.services ?? [service(2001), service(2002), service(null), service(2003, false)],
      },
      calcom: {
        async slots(c, q) {
          asked.push(`${c.id}:${q.eventTypeId}`);
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
          if (options.fail) throw new Error("Cal.com is down");
          return [q.startUtc];
        },
      },
      slotCache,
      clock,
      metrics: { prefetches: { inc: ({ outcome }) => outcomes.push(outcome) } },
    },
    { tickMs: 0, ...options },
  );
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
  return { prefetch, asked, outcomes, slotCache, clock, advance, peak: () => peak };
}
const call = (id: string) => ({ callId: id, fromNumber: "+4915100000000", toNumber: "+4930123" });

describe("createSlotPrefetcher", () => {
  it("fetches today's window of each active service with an event type, without waiting", async () => {
    const { prefetch, asked, slotCache, clock } = setup();
    expect(prefetch.ringing(company("c1"), call("a"))).toBeUndefined();
    expect(asked).toEqual([]); // nothing has been sent yet: ringing returned first
    await prefetch.settled();
    expect(asked.sort()).toEqual(["c1:2001", "c1:2002"]);
    const range = slotWindow(company("c1"), clock.now(), 0).range;
    expect(slotCache.get("c1", 2001, range)).toBeDefined();
    expect(slotCache.get("c2", 2001, range)).toBeUndefined();
  });

  it("sends no more than its budget per company in any minute", async () => {
    const services = [2001, 2002, 2003, 2004, 2005].map((id) => service(id));
    const { prefetch, asked, outcomes, advance } = setup({ services, perCompanyPerMinute: 3 });
    prefetch.ringing(company("c1"), call("a"));
    prefetch.ringing(company("c2"), call("b"));
    await prefetch.settled();
    expect(asked.filter((a) => a.startsWith("c1:"))).toHaveLength(3);
    expect(asked.filter((a) => a.startsWith("c2:"))).toHaveLength(3);
    expect(outcomes.filter((o) => o === "over_budget")).toHaveLength(4);
    // Refreshes come out of the same budget.
    advance(30_000);
    await prefetch.tick();
    expect(asked).toHaveLength(6);
    advance(30_001);
    await prefetch.tick();
    expect(asked.filter((a) => a.startsWith("c1:"))).toHaveLength(6);
  });

  it("keeps at most maxCalls calls and runs at most maxInFlight requests at once", async () => {
    const services = [2001, 2002, 2003, 2004, 2005, 2006].map((id) => service(id));
    const { prefetch, outcomes, peak } = setup({ services, maxCalls: 2, maxInFlight: 2 });
    prefetch.ringing(company("c1"), call("a"));
    prefetch.ringing(company("c2"), call("b"));
    prefetch.ringing(company("c3"), call("c"));
    await prefetch.settled();
    expect(prefetch.calls).toBe(2);
    expect(outcomes).toContain("over_call_cap");
    expect(peak()).toBe(2);
  });

  it("counts a retried call_inbound once", async () => {
    const { prefetch, asked } = setup();
    prefetch.ringing(company("c1"), call("a"));
    prefetch.ringing(company("c1"), call("a"));
    await prefetch.settled();
    expect(prefetch.calls).toBe(1);
    expect(asked).toHaveLength(2);
  });

  it("waits after a failure before asking again", async () => {
    const { prefetch, asked, outcomes, advance } = setup({ fail: true });
    prefetch.ringing(company("c1"), call("a"));
    await prefetch.settled();
    expect(outcomes).toEqual(["failed", "failed"]);
    advance(5_000);
    await prefetch.tick();
    expect(asked).toHaveLength(2);
    advance(5_001);
    await prefetch.tick();
    expect(asked).toHaveLength(4);
  });

  it("stops refreshing a window nobody read for a while, and everything when calls end", async () => {
    const { prefetch, asked, advance, clock } = setup({ interestMs: 60_000 });
    prefetch.ringing(company("c1"), call("a"));
    await prefetch.settled();
    // A call reads one of the windows; the other is only the ring's.
    prefetch.windowRead(company("c1"), 2001, slotWindow(company("c1"), clock.now(), 0));
    advance(40_000);
    await prefetch.tick();
    expect(asked).toHaveLength(4);
    prefetch.windowRead(company("c1"), 2001, slotWindow(company("c1"), clock.now(), 0));
    advance(25_000); // the ring was 65 s ago, the read 25 s ago
    await prefetch.tick();
    expect(asked.slice(4)).toEqual(["c1:2001"]);
    prefetch.ended(company("c1"), call("a"));
    advance(25_000);
    await prefetch.tick();
    expect(asked).toHaveLength(5);
    // A read outside any call is not kept fresh.
    prefetch.windowRead(company("c1"), 2002, slotWindow(company("c1"), clock.now(), 0));
    advance(25_000);
    await prefetch.tick();
    expect(asked).toHaveLength(5);
  });

  it("does not end another company's call", async () => {
    const { prefetch } = setup();
    prefetch.ringing(company("c1"), call("a"));
    prefetch.ended(company("c2"), call("a"));
    expect(prefetch.calls).toBe(1);
    await prefetch.settled();
  });
});

/** Event type 2001 has chosen hosts 1 (Anna) and 2 (Jörg); 2002 has none. */
function hostsSetup(
  options: { refuse?: boolean; perCompanyPerMinute?: number; maxInFlight?: number } = {},
) {
  const clock = fixedClock("2027-03-24T09:00:00.000Z");
  const slotCache = createSlotCache({ now: () => clock.now().getTime() });
  const asked: string[] = [];
  const byCompany: string[] = [];
  const updates: unknown[] = [];
  const tenant = { id: "c1", timezone: "Europe/Berlin", calcom: { chosenHosts: null } } as Company;
  const store = {
    calcomMirror: {
      listEventTypes: async () =>
        [
          { eventTypeId: 2001, chosenHosts: true, removedAt: null },
          { eventTypeId: 2002, chosenHosts: false, removedAt: null },
        ] as unknown as CalcomEventType[],
      listHosts: async () =>
        [1, 2].map((calcomUserId) => ({ calcomUserId, eventTypeIds: [2001] })) as CalcomHost[],
    },
    hostMappings: {
      list: async () =>
        [
          { calcomUserId: 1, staffId: "a", status: "active" },
          { calcomUserId: 2, staffId: "j", status: "active" },
        ] as HostMapping[],
    },
    staff: {
      list: async () =>
        [
          { id: "a", name: "Anna Schmidt", active: true },
          { id: "j", name: "Jörg Weber", active: true },
        ] as Staff[],
    },
    companies: {
      update: async (_id: string, patch: unknown) => {
        updates.push(patch);
        return tenant;
      },
    },
  } as unknown as PrefetchStore;
  const prefetch = createSlotPrefetcher(
    {
      services: { list: async () => [service(2001), service(2002)] },
      calcom: {
        async slots(c, q) {
          asked.push(`${q.eventTypeId}${q.hostIds ? `:${q.hostIds}` : ""}`);
          byCompany.push(`${c.id}:${asked.at(-1)}`);
          if (options.maxInFlight) await new Promise((r) => setTimeout(r, 5));
          if (q.hostIds && options.refuse) {
            throw new UpstreamError("rejected", "unknown parameter", {
              refusal: "hosts_unsupported",
            });
          }
          return [q.startUtc];
        },
      },
      slotCache,
      clock,
      store,
    },
    {
      tickMs: 0,
      perCompanyPerMinute: options.perCompanyPerMinute,
      maxInFlight: options.maxInFlight,
    },
  );
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
  return { prefetch, asked, byCompany, updates, slotCache, clock, advance, tenant };
}

describe("createSlotPrefetcher with chosen hosts", () => {
  it("fetches each staff member's own window after the team's, the caller's last one first", async () => {
    const { prefetch, asked, updates, slotCache, clock, tenant } = hostsSetup();
    prefetch.ringing(tenant, { ...call("a"), preferredStaffId: "j" });
    await prefetch.settled();
    expect(asked).toEqual(["2001", "2002", "2001:2", "2001:1"]);
    const window = slotWindow(tenant, clock.now(), 0);
    expect(slotCache.get("c1", 2001, slotRange(window, [2]))).toBeDefined();
    expect(updates).toEqual([{ calcomChosenHosts: "supported" }]);
  });

  it("keeps the team's windows first when the budget runs short", async () => {
    const { prefetch, asked, tenant } = hostsSetup({ perCompanyPerMinute: 3 });
    prefetch.ringing(tenant, { ...call("a"), preferredStaffId: "a" });
    await prefetch.settled();
    expect(asked).toEqual(["2001", "2002", "2001:1"]);
  });

  it("lets another company's team windows go before the stylists' ones waiting", async () => {
    const { prefetch, byCompany, tenant } = hostsSetup({ maxInFlight: 1 });
    tenant.calcom.chosenHosts = "supported";
    prefetch.ringing(tenant, call("a"));
    // c1's first window is under way, the rest of its windows wait, the stylists' among them.
    await new Promise((r) => setTimeout(r, 1));
    prefetch.ringing({ ...tenant, id: "c2" }, call("b"));
    await prefetch.settled();
    expect(byCompany).toEqual([
      "c1:2001",
      "c1:2002",
      "c2:2001",
      "c2:2002",
      "c1:2001:1",
      "c1:2001:2",
      "c2:2001:1",
      "c2:2001:2",
    ]);
  });

  it("keeps a hosts' window a call read fresh", async () => {
    const { prefetch, asked, tenant, clock, advance } = hostsSetup();
    prefetch.ringing(tenant, call("a"));
    await prefetch.settled();
    advance(5 * 60_000 + 1); // past the ring's interest
    await prefetch.tick();
    asked.length = 0;
    prefetch.windowRead(tenant, 2001, slotWindow(tenant, clock.now(), 0), [2]);
    advance(25_000);
    await prefetch.tick();
    expect(asked).toEqual(["2001:2"]);
  });

  it("remembers an older Cal.com refuses chosen hosts and asks it for them no more", async () => {
    const { prefetch, asked, updates, tenant, advance } = hostsSetup({ refuse: true });
    prefetch.ringing(tenant, call("a"));
    await prefetch.settled();
    // One refused request tells: the other stylists' windows are not asked for.
    expect(asked).toEqual(["2001", "2002", "2001:1"]);
    expect(updates).toEqual([{ calcomChosenHosts: "unsupported" }]);
    asked.length = 0;
    advance(25_000);
    await prefetch.tick();
    expect(asked.sort()).toEqual(["2001", "2002"]);
  });
});
