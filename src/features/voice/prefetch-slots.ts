import { serviceBookableByPhone } from "../../domain/bookability.ts";
import type { Company } from "../../domain/entities.ts";
import type { CalcomBookingGateway, SlotCache } from "../../domain/ports/calcom.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { Clock } from "../../platform/clock.ts";
import { type ChosenHostsDeps, refusesChosenHosts, rememberChosenHosts } from "./chosen-hosts.ts";
import { type SlotWindow, slotRange, slotWindow } from "./slots.ts";
import { type StaffChoiceDeps, staffOfEventTypes } from "./staff-choice.ts";

/** How a call is recognised again: Retell's call id when call_inbound had one, else its numbers. */
export interface PrefetchCall {
  callId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  /** The staff member the caller saw last, if known: their own free times are fetched first. */
  preferredStaffId?: string | null;
}

export interface SlotPrefetchOptions {
  /** Calls kept warm at once; a call past the cap is answered as before (Cal.com on demand). */
  maxCalls?: number;
  /**
   * Cal.com requests the prefetch may start per company in any 60 s (first fetches and
   * refreshes, the team's windows and the chosen hosts' ones).
   */
  perCompanyPerMinute?: number;
  /** Event types fetched per company on a ring (the first ones; the rest are read on demand). */
  maxEventTypes?: number;
  /** Prefetch requests under way at once, across all companies. */
  maxInFlight?: number;
  /** A call not heard of as ended is let go after this long. */
  maxCallMs?: number;
  /** A held window is fetched again once it is this old (the cache drops it at 30 s). */
  refreshAfterMs?: number;
  /** A window is kept fresh until this long after it was last read (or after the ring). */
  interestMs?: number;
  /** How often the refresher looks at the windows; 0: only when `tick()` is called (tests). */
  tickMs?: number;
}

export interface SlotPrefetchMetrics {
  /**
   * Prefetch requests by outcome: fetched (on a ring), refreshed, failed; and those not sent:
   * over_budget (once per window until it is fetched again), over_call_cap (a ring not kept warm).
   */
  prefetches?: { inc(labels: { outcome: string }): void };
  /** Calls kept warm right now. */
  calls?: { set(value: number): void };
}

export const prefetchDefaults = {
  maxCalls: 500,
  // A ring of 8 services' team windows and a dozen stylists' own ones, a quarter of Cal.com's
  // 120 requests a minute per API key.
  perCompanyPerMinute: 30,
  maxEventTypes: 8,
  // A ring asks for a window per service and one per stylist of those with chosen hosts (about 16
  // for a salon), each taking Cal.com up to a few seconds: at five rings a second some 80 are
  // under way, and a lower cap would make a stylist's window wait past the ring.
  maxInFlight: 256,
  maxCallMs: 30 * 60_000,
  refreshAfterMs: 20_000,
  interestMs: 5 * 60_000,
  tickMs: 1_000,
} satisfies Required<SlotPrefetchOptions>;

interface Call {
  companyId: string;
  since: number;
  key: string;
}

interface Target {
  eventTypeId: number;
  window: SlotWindow;
  /** Chosen hosts whose free times these are; none: the whole team's. */
  hostIds?: readonly number[];
  /** The slot cache's key: the window, and the hosts if any. */
  range: string;
  wantedAt: number;
  /** After a failed fetch, not tried again before this (Cal.com may be down). */
  retryAt: number;
  /** Refused for the budget since its last fetch (counted once, not on every tick). */
  starved: boolean;
}

/** The pause after a failed prefetch request. */
const retryAfterFailureMs = 10_000;

interface CompanyState {
  company: Company;
  calls: Set<Call>;
  targets: Map<string, Target>;
  /** When this company's prefetch requests were sent, within the last minute. */
  sent: number[];
}

/** What the prefetch reads to know the chosen hosts of a company's event types. */
export type PrefetchStore = StaffChoiceDeps["store"] &
  ChosenHostsDeps["store"] & { calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes"> };

/**
 * Free slots before they are asked for. Retell's `call_inbound` arrives while the phone still
 * rings: `ringing` starts fetching the current window (today and the six days after it, see
 * slots.ts) of each of the company's phone-bookable services in the background, then, for those
 * whose event type has chosen hosts, each of its staff members' own free times (the caller's last
 * one first), so the caller's first `check_availability`, with or without a name, is answered from
 * memory. While the company has a call in progress, the windows of the ring and those its calls
 * read are fetched again before the ≤ 30 s cache drops them, until the call ends (`ended`, on
 * call_ended / call_analyzed) or `maxCallMs` passes.
 *
 * Bounded: the slot cache is single-flight (a prefetch and a check for one window share one
 * request); each company may start `perCompanyPerMinute` prefetch requests in any 60 s (the most
 * recently read windows first), a quarter of Cal.com's 120 per API key; at most `maxInFlight` run
 * at once and `maxCalls` calls are kept warm. A company's windows are keyed by its id, so one
 * tenant's prefetch never fills another's entries.
 */
export function createSlotPrefetcher(
  deps: {
    services: Pick<ServiceRepository, "list">;
    calcom: Pick<CalcomBookingGateway, "slots">;
    slotCache: SlotCache;
    clock: Clock;
    /** Without it, only the team's windows are fetched. */
    store?: PrefetchStore;
    metrics?: SlotPrefetchMetrics;
    onError?: (error: unknown, companyId: string) => void;
  },
  options: SlotPrefetchOptions = {},
) {
  const o = { ...prefetchDefaults, ...options };
  const now = () => deps.clock.now().getTime();
  const byKey = new Map<string, Call>();
  const calls = new Set<Call>();
  const companies = new Map<string, CompanyState>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = 0;
  // The team's windows go before the stylists' own: most first checks name no one.
  const queues = { team: [] as (() => void)[], hosts: [] as (() => void)[] };
  /** Work started here (ring fetches, refreshes), so tests and shutdown can wait for it. */
  const pending = new Set<Promise<void>>();
  const count = (outcome: string) => deps.metrics?.prefetches?.inc({ outcome });
  const numbersKey = (call: PrefetchCall) =>
    `numbers:${call.fromNumber ?? ""}>${call.toNumber ?? ""}`;
  // By Retell's call id; by its numbers only when call_inbound came without one.
  const keyOf = (call: PrefetchCall) => (call.callId ? `id:${call.callId}` : numbersKey(call));
  const targetKey = (eventTypeId: number, range: string) => `${eventTypeId}|${range}`;

  function track(work: Promise<void>): void {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  /**
   * Runs `work` when fewer than `maxInFlight` are running; a finished one hands its place on, to
   * a waiting team window first.
   */
  async function slot<T>(queue: keyof typeof queues, work: () => Promise<T>): Promise<T> {
    if (running >= o.maxInFlight) await new Promise<void>((go) => queues[queue].push(go));
    else running += 1;
    try {
      return await work();
    } finally {
      const next = queues.team.shift() ?? queues.hosts.shift();
      if (next) next();
      else running -= 1;
    }
  }

  /** Takes one of the company's prefetch requests for this minute, if one is left. */
  function budget(state: CompanyState): boolean {
    const at = now();
    while (state.sent.length > 0 && state.sent[0]! <= at - 60_000) state.sent.shift();
    if (state.sent.length >= o.perCompanyPerMinute) return false;
    state.sent.push(at);
    return true;
  }

  /** Fetches a window unless it is held fresh or already being fetched. */
  async function fetchTarget(state: CompanyState, target: Target): Promise<void> {
    const { eventTypeId, window, hostIds, range } = target;
    await slot(hostIds ? "hosts" : "team", async () => {
      const { company } = state;
      if (hostIds && company.calcom.chosenHosts === "unsupported") return;
      const age = deps.slotCache.age(company.id, eventTypeId, range);
      const refresh = age !== undefined;
      if (refresh && age < o.refreshAfterMs) return;
      if (deps.slotCache.loading(company.id, eventTypeId, range)) return;
      if (companies.get(company.id) !== state) return; // its calls ended while this one waited
      if (!budget(state)) {
        if (!target.starved) count("over_budget");
        target.starved = true;
        return;
      }
      target.starved = false;
      try {
        await deps.slotCache.load(
          company.id,
          eventTypeId,
          range,
          () =>
            deps.calcom.slots(company, {
              eventTypeId,
              startUtc: window.startUtc,
              endUtc: window.endUtc,
              ...(hostIds ? { hostIds } : {}),
            }),
          { refresh },
        );
        count(refresh ? "refreshed" : "fetched");
        if (hostIds) await remember(state, "supported");
      } catch (error) {
        target.retryAt = now() + retryAfterFailureMs;
        count("failed");
        if (hostIds && refusesChosenHosts(error)) await remember(state, "unsupported");
        else deps.onError?.(error, company.id);
      }
    });
  }

  /** Notes whether the company's Cal.com takes chosen hosts; its host windows go if not. */
  async function remember(state: CompanyState, support: "supported" | "unsupported") {
    const { company } = state;
    if (!deps.store || company.calcom.chosenHosts === support) return;
    state.company = { ...company, calcom: { ...company.calcom, chosenHosts: support } };
    if (support === "unsupported") {
      for (const [key, t] of state.targets) if (t.hostIds) state.targets.delete(key);
    }
    await rememberChosenHosts({ store: deps.store }, company, support);
  }

  function want(
    state: CompanyState,
    eventTypeId: number,
    window: SlotWindow,
    hostIds?: readonly number[],
  ): Target {
    const chosen = hostIds?.length ? hostIds : undefined;
    const range = slotRange(window, chosen);
    const key = targetKey(eventTypeId, range);
    const target = state.targets.get(key) ?? {
      eventTypeId,
      window,
      ...(chosen ? { hostIds: chosen } : {}),
      range,
      wantedAt: 0,
      retryAt: 0,
      starved: false,
    };
    target.wantedAt = now();
    state.targets.set(key, target);
    return target;
  }

  async function warm(state: CompanyState, preferredStaffId: string | null): Promise<void> {
    const services = await deps.services.list(state.company.id);
    const eventTypes = [
      ...new Set(services.filter(serviceBookableByPhone).map((s) => s.calcomEventTypeId)),
    ].slice(0, o.maxEventTypes);
    const window = slotWindow(state.company, deps.clock.now(), 0);
    // The team's windows take the budget first; the hosts' are known a few reads later.
    const team = eventTypes.map((id) => fetchTarget(state, want(state, id, window)));
    await Promise.all([...team, warmHosts(state, eventTypes, window, preferredStaffId)]);
  }

  /** Each staff member's own window of the event types with chosen hosts, `preferred` first. */
  async function warmHosts(
    state: CompanyState,
    eventTypeIds: readonly number[],
    window: SlotWindow,
    preferred: string | null,
  ): Promise<void> {
    const { store } = deps;
    const companyId = state.company.id;
    // What the company's Cal.com is known to answer; a fetch below may learn it.
    const support = () => state.company.calcom.chosenHosts;
    if (!store || support() === "unsupported") return;
    const chosen = (await store.calcomMirror.listEventTypes(companyId))
      .filter((e) => e.chosenHosts && e.removedAt === null && eventTypeIds.includes(e.eventTypeId))
      .map((e) => e.eventTypeId);
    if (chosen.length === 0) return;
    const { offering } = await staffOfEventTypes(store, companyId, chosen);
    const targets = chosen.flatMap((id) =>
      (offering.get(id) ?? []).map((o) => ({ id, staffId: o.staff.id, hostIds: o.hostIds })),
    );
    // A stable sort: the preferred staff member's windows first, the rest in order.
    targets.sort((a, b) => Number(b.staffId === preferred) - Number(a.staffId === preferred));
    const fetch = (t: (typeof targets)[number]) =>
      fetchTarget(state, want(state, t.id, window, t.hostIds));
    // A Cal.com not yet known to take chosen hosts is asked once before the rest follow.
    const [first, ...rest] = targets;
    if (!first) return;
    if (support() !== "supported") await fetch(first);
    else rest.unshift(first);
    if (support() === "unsupported") return;
    await Promise.all(rest.map(fetch));
  }

  function drop(call: Call): void {
    if (!calls.delete(call)) return;
    if (byKey.get(call.key) === call) byKey.delete(call.key);
    const state = companies.get(call.companyId);
    state?.calls.delete(call);
    if (state && state.calls.size === 0) companies.delete(call.companyId);
    deps.metrics?.calls?.set(calls.size);
    if (calls.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  /** One round of upkeep: let go of calls past the cap, fetch again what is about to expire. */
  function tick(): Promise<void> {
    const at = now();
    for (const call of [...calls]) if (at - call.since > o.maxCallMs) drop(call);
    const work: Promise<void>[] = [];
    for (const state of companies.values()) {
      const due = [...state.targets.values()]
        .filter((t) => {
          if (t.wantedAt < at - o.interestMs) {
            state.targets.delete(targetKey(t.eventTypeId, t.range));
            return false;
          }
          if (t.retryAt > at) return false;
          const age = deps.slotCache.age(state.company.id, t.eventTypeId, t.range);
          return age === undefined || age >= o.refreshAfterMs;
        })
        .sort((a, b) => b.wantedAt - a.wantedAt);
      for (const target of due) work.push(fetchTarget(state, target));
    }
    const all = Promise.all(work).then(() => {});
    track(all);
    return all;
  }

  return {
    /**
     * call_inbound: remembers the call and starts fetching in the background; returns at once
     * (the caller is listening to the ringing).
     */
    ringing(company: Company, call: PrefetchCall): void {
      if (calls.size >= o.maxCalls) {
        count("over_call_cap");
        return;
      }
      const key = keyOf(call);
      const known = byKey.get(key);
      if (known) drop(known); // Retell retried call_inbound: one call, kept once
      const entry: Call = { companyId: company.id, since: now(), key };
      calls.add(entry);
      byKey.set(key, entry);
      let state = companies.get(company.id);
      if (!state) {
        state = { company, calls: new Set(), targets: new Map(), sent: [] };
        companies.set(company.id, state);
      }
      state.company = company;
      state.calls.add(entry);
      deps.metrics?.calls?.set(calls.size);
      if (!timer && o.tickMs > 0) {
        timer = setInterval(() => void tick(), o.tickMs);
        timer.unref();
      }
      track(
        warm(state, call.preferredStaffId ?? null).catch((error) => {
          count("failed");
          deps.onError?.(error, company.id);
        }),
      );
    },
    /**
     * A call read this window (of these chosen hosts, if given): keep it fresh while the company
     * has calls in progress.
     */
    windowRead(
      company: Company,
      eventTypeId: number,
      window: SlotWindow,
      hostIds?: readonly number[],
    ): void {
      const state = companies.get(company.id);
      if (!state) return;
      state.company = company;
      want(state, eventTypeId, window, hostIds);
    },
    /** call_ended / call_analyzed: the call's windows are no longer kept fresh on its account. */
    ended(company: Company, call: PrefetchCall): void {
      const found = [keyOf(call), numbersKey(call)]
        .map((k) => byKey.get(k))
        .find((c) => c?.companyId === company.id);
      if (found) drop(found);
    },
    tick,
    /** Resolves when the fetches started so far have finished. */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    /** Calls kept warm now. */
    get calls(): number {
      return calls.size;
    },
    /** Stops the refresher and forgets every call (shutdown). */
    stop(): void {
      for (const call of [...calls]) drop(call);
    },
  };
}

export type SlotPrefetcher = ReturnType<typeof createSlotPrefetcher>;
