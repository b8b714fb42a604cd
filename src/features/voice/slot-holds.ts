import type { Company } from "../../domain/entities.ts";
import type { CalcomBookingGateway } from "../../domain/ports/calcom.ts";
import type { SlotHold, SlotHoldRepository } from "../../domain/ports/slot-holds.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import type { VoiceContext } from "./context.ts";

/** A free time the caller was offered: hidden from Cal.com's booking pages while they talk. */
export interface HeldSlot {
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  durationMinutes: number;
  /** The hosts whose free times it was offered from (a chosen stylist), none for the team's. */
  hostIds?: readonly number[];
}

export interface SlotHoldMetrics {
  /** Hold requests by outcome: held, replaced (the call's earlier hold let go first), failed. */
  holds?: { inc(labels: { outcome: string }): void };
  /**
   * Holds let go by reason (booked, call_ended, expired) and outcome (released; failed: Cal.com
   * did not answer the release, the reservation lapses by itself).
   */
  holdReleases?: { inc(labels: { reason: string; outcome: string }, value?: number): void };
}

export interface SlotHoldsDeps {
  holds: SlotHoldRepository;
  calcom: Pick<CalcomBookingGateway, "reserveSlot" | "releaseSlot">;
  clock: Clock;
  logger: Pick<Logger, "warn">;
  metrics?: SlotHoldMetrics;
  /** How long Cal.com hides a held time (default 10 minutes: long enough to give one's details). */
  minutes?: number;
}

export const defaultHoldMinutes = 10;

/**
 * While a caller gives their details, the time they were offered is hidden from Cal.com's booking
 * pages, so a web booker cannot take it meanwhile (an API booking, ours included, is not stopped).
 * All of it runs in the background and never fails the call: one queue per call keeps a call's
 * holds and releases in order, so a call holds at most one time.
 */
export function createSlotHolds(deps: SlotHoldsDeps) {
  const minutes = deps.minutes ?? defaultHoldMinutes;
  const queues = new Map<string, Promise<void>>();
  /**
   * The time each call of this process holds (or is about to): Cal.com hides a reservation from
   * every slot listing, ours included, so the caller's own time would otherwise vanish from the
   * call's next check. Per process: a check reaching another instance does not see it.
   */
  const own = new Map<string, HeldSlot & { untilMs: number }>();
  const callKey = (companyId: string, callId: string) => `${companyId}\u0000${callId}`;
  const count = (outcome: "held" | "replaced" | "failed") => deps.metrics?.holds?.inc({ outcome });
  const countRelease = (reason: string, outcome: "released" | "failed") =>
    deps.metrics?.holdReleases?.inc({ reason, outcome });

  /** Runs after the reply that asked for it has been written, behind the call's earlier work. */
  function enqueue(companyId: string, callId: string, work: () => Promise<void>): void {
    const key = `${companyId}\u0000${callId}`;
    const next = (queues.get(key) ?? Promise.resolve())
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work);
    queues.set(key, next);
    void next.finally(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  }

  const expired = (hold: SlotHold, now: Date) => Date.parse(hold.expiresAt) <= now.getTime();

  /**
   * Lets the call's hold go: Cal.com is told unless the reservation has lapsed already. A release
   * Cal.com does not answer is logged; the row goes either way, as the reservation lapses.
   */
  async function letGo(company: Company, hold: SlotHold, reason: string, now: Date) {
    if (expired(hold, now)) {
      if (await deps.holds.delete(company.id, hold.retellCallId, hold.reservationUid))
        countRelease("expired", "released");
      return;
    }
    let outcome: "released" | "failed" = "released";
    try {
      await deps.calcom.releaseSlot(company, hold.reservationUid);
    } catch (err) {
      outcome = "failed";
      deps.logger.warn({ err, companyId: company.id, reason }, "slot hold: release failed");
    }
    await deps.holds.delete(company.id, hold.retellCallId, hold.reservationUid);
    // A replaced hold is counted with the hold that replaced it.
    if (reason !== "replaced") countRelease(reason, outcome);
  }

  async function hold(company: Company, callId: string, slot: HeldSlot) {
    const now = deps.clock.now();
    const current = await deps.holds.find(company.id, callId);
    const live = current && !expired(current, now) ? current : null;
    if (live?.eventTypeId === slot.eventTypeId && Date.parse(live.start) === Date.parse(slot.start))
      return;
    // The earlier time goes first: Cal.com refuses a reservation overlapping another one.
    if (current) await letGo(company, current, "replaced", now);
    // No meter: the reply that asked for the hold has been sent already.
    const reservation = await deps.calcom.reserveSlot(company, {
      eventTypeId: slot.eventTypeId,
      start: slot.start,
      durationMinutes: slot.durationMinutes,
      minutes,
    });
    await deps.holds.put(company.id, {
      retellCallId: callId,
      reservationUid: reservation.uid,
      eventTypeId: slot.eventTypeId,
      start: new Date(slot.start).toISOString(),
      expiresAt: new Date(reservation.expiresAt).toISOString(),
      createdAt: now.toISOString(),
    });
    count(live ? "replaced" : "held");
  }

  /** Lets the call's hold go, in the background. */
  function releaseForCall(company: Company, callId: string, reason: "booked" | "call_ended") {
    own.delete(callKey(company.id, callId));
    enqueue(company.id, callId, async () => {
      try {
        const current = await deps.holds.find(company.id, callId);
        if (current) await letGo(company, current, reason, deps.clock.now());
      } catch (err) {
        deps.logger.warn({ err, companyId: company.id, reason }, "slot hold: release failed");
      }
    });
  }

  return {
    /** Holds the time for the call, in the background; a call without an id holds nothing. */
    hold(ctx: VoiceContext, slot: HeldSlot): void {
      const callId = ctx.call.callId;
      if (!callId) return;
      own.set(callKey(ctx.company.id, callId), {
        ...slot,
        untilMs: deps.clock.now().getTime() + minutes * 60_000,
      });
      enqueue(ctx.company.id, callId, () =>
        hold(ctx.company, callId, slot).catch((err) => {
          count("failed");
          deps.logger.warn({ err, companyId: ctx.company.id }, "slot hold: hold failed");
        }),
      );
    },
    /** The time this call holds for the event type and hosts, if any (UTC ISO). */
    heldFor(ctx: VoiceContext, eventTypeId: number, hostIds?: readonly number[]): string | null {
      const callId = ctx.call.callId;
      const held = callId ? own.get(callKey(ctx.company.id, callId)) : undefined;
      if (!held || held.eventTypeId !== eventTypeId) return null;
      if (held.untilMs <= deps.clock.now().getTime()) return null;
      const hosts = (ids?: readonly number[]) => [...(ids ?? [])].sort().join(",");
      return hosts(held.hostIds) === hosts(hostIds) ? new Date(held.start).toISOString() : null;
    },
    /** The call booked: its hold is let go, in the background. */
    release(ctx: VoiceContext, reason: "booked"): void {
      if (ctx.call.callId) releaseForCall(ctx.company, ctx.call.callId, reason);
    },
    /** The call is over (call_ended): its hold is let go, in the background. */
    releaseForCall,
    /** Drops the company's holds past their expiry (Cal.com let them lapse); how many went. */
    async purgeExpired(companyId: string, now: Date): Promise<number> {
      const dropped = await deps.holds.deleteExpired(companyId, now.toISOString());
      if (dropped > 0)
        deps.metrics?.holdReleases?.inc({ reason: "expired", outcome: "released" }, dropped);
      return dropped;
    },
    /** Resolves when every hold and release started so far has finished (tests, shutdown). */
    async settled(): Promise<void> {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
  };
}

export type SlotHolds = ReturnType<typeof createSlotHolds>;
