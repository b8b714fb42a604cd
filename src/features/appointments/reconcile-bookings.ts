import { z } from "zod";
import { type CalcomFailure, calcomFailureOf } from "../../domain/calcom-failure.ts";
import type {
  AppointmentStatus,
  CalcomHost,
  HostMapping,
  SyncTrigger,
  TenantContext,
} from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type {
  CalcomBookingLister,
  CalcomBookingSnapshot,
  SlotCache,
} from "../../domain/ports/calcom.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import { parseInput } from "../parse-input.ts";
import {
  applyBookingState,
  type BookingLookups,
  type BookingState,
} from "./apply-booking-state.ts";

export const reconcileBookingsInput = z.object({
  trigger: z.enum(["schedule", "cli", "admin"]),
  /** Bookings updated at or after this instant instead of the stored cursor. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** The job it runs in: its retry takes over the lease and continues the run row. */
  jobId: z.string().min(1).optional(),
});

export interface ReconcileRun {
  company: string;
  /** `skipped`: another reconciliation of this company holds the lock. */
  status: "succeeded" | "failed" | "skipped";
  runId: string | null;
  /** Bookings Cal.com listed. */
  checked: number;
  created: number;
  /** Changed, but not into cancelled or rejected. */
  updated: number;
  /** Became cancelled or rejected. */
  cancelled: number;
  unchanged: number;
  /** Of an event type that is not the company's, even after a team sync: not applied. */
  refused: number;
  /** Every Cal.com request of the run, a targeted team sync's included. */
  calcomRequests: number;
  error: string | null;
}

/**
 * Each run asks for the bookings changed since a little before the cursor: Cal.com's clock and
 * the order its changes become visible are not ours, and applying a booking twice changes nothing.
 */
export const cursorOverlapMs = 2 * 60_000;
/** A refused booking holds the cursor back (it is retried every run) for at most this long. */
/** Bookings applied between two pauses that let the event loop serve others. */
const yieldEvery = 10;
const refusalRetryMs = 24 * 60 * 60_000;
/** Longer than any run takes; a crashed holder's lease simply runs out. */
const leaseMs = 15 * 60_000;

const lost = (s: AppointmentStatus) => s === "cancelled" || s === "rejected";

/**
 * Compares the company's Cal.com bookings with our appointments and repairs ours: Cal.com sends
 * each webhook once and none when it reassigns a booking to another host. Lists the team's
 * bookings changed since the cursor (oldest change first, every page), syncs the team once when
 * an event type or host is not in the mirror, and applies each booking in a transaction of its
 * own with that booking's locks, through the same `applyBookingState` as the webhooks. One
 * sync_run row per run; the cursor moves to the latest change applied.
 */
export function makeReconcileBookings(deps: {
  store: Pick<
    Store,
    | "transaction"
    | "syncRuns"
    | "locks"
    | "reconcileCursors"
    | "calcomMirror"
    | "hostMappings"
    | "services"
  >;
  calcom: CalcomBookingLister;
  syncServiceHosts: (
    ctx: TenantContext,
    input: { trigger: SyncTrigger },
  ) => Promise<{ run: { calcomRequests: number }; error: string | null }>;
  slotCache: Pick<SlotCache, "invalidate">;
  clock: Clock;
  newId: IdGenerator;
}) {
  const { store } = deps;
  return async (
    ctx: TenantContext,
    raw: z.input<typeof reconcileBookingsInput>,
  ): Promise<ReconcileRun> => {
    const input = parseInput(reconcileBookingsInput, raw, "reconciliation");
    const { company } = ctx;
    const teamId = company.calcom.teamId;
    if (teamId === null) {
      throw new ValidationError(
        `${company.name} has no Cal.com team id; set it before reconciling (company setting calcom team id)`,
        [{ where: "calcomTeamId", message: "is not set" }],
      );
    }
    const result: ReconcileRun = {
      company: company.slug,
      status: "succeeded",
      runId: null,
      checked: 0,
      created: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      refused: 0,
      calcomRequests: 0,
      error: null,
    };

    const holder = input.jobId ?? deps.newId();
    const now = deps.clock.now();
    const acquired = await store.locks.tryAcquire(
      company.id,
      "reconcile",
      holder,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    );
    if (!acquired) {
      return {
        ...result,
        status: "skipped",
        error: `a reconciliation of ${company.name} is already running`,
      };
    }

    const started = deps.clock.now();
    const usage = { requests: 0 };
    try {
      const run = await store.syncRuns.start(company.id, {
        kind: "reconcile",
        trigger: input.trigger,
        scope: `team ${teamId}`,
        startedAt: started.toISOString(),
        jobId: input.jobId ?? null,
      });
      result.runId = run.id;
      let errorKind: CalcomFailure | null = null;
      try {
        const stored = await store.reconcileCursors.get(company.id);
        const updatedAfter = input.since
          ? new Date(input.since).toISOString()
          : stored
            ? new Date(Date.parse(stored) - cursorOverlapMs).toISOString()
            : null;
        const bookings = await deps.calcom.listTeamBookings(company, { updatedAfter }, usage);

        let hold: string | null = null;
        let syncError: string | null = null;
        if (bookings.length > 0) {
          let view = await loadView(company.id);
          if (await view.needsSync(bookings)) {
            const sync = await deps.syncServiceHosts(ctx, { trigger: input.trigger });
            usage.requests += sync.run.calcomRequests;
            syncError = sync.error;
            view = await loadView(company.id);
          }
          const retryAfter = new Date(now.getTime() - refusalRetryMs).toISOString();
          for (const booking of bookings) {
            result.checked++;
            // SQLite answers synchronously, so a long run would never let the server answer a
            // call meanwhile (1.4 s blocks in the benchmark): every few bookings it lets it.
            if (result.checked % yieldEvery === 0) await new Promise((r) => setImmediate(r));
            if (booking.eventTypeId === null || !view.eventTypes.has(booking.eventTypeId)) {
              result.refused++;
              // Retried next run (the team sync may have failed), unless it is old news.
              // (The bookings come oldest first: the first such one is where the cursor stays.)
              if (hold === null && booking.updatedAt && booking.updatedAt >= retryAfter)
                hold = booking.updatedAt;
              continue;
            }
            const state = stateOf(booking);
            const applied = await store.transaction(async (tx) => {
              await tx.lockBookings(company.id, [state.uid, state.rescheduledFromUid]);
              return applyBookingState(tx, company.id, state, view.lookups);
            });
            if (applied.change === "created") result.created++;
            else if (applied.change === "unchanged") result.unchanged++;
            else if (lost(applied.appointment.status) && !lost(applied.statusBefore!))
              result.cancelled++;
            else result.updated++;
            if (applied.change !== "unchanged")
              deps.slotCache.invalidate(company.id, booking.eventTypeId, [booking.start]);
          }
        }

        // Known event types were applied; the rest waits for a sync that works.
        if (syncError && result.refused > 0) {
          result.status = "failed";
          result.error = `${syncError}; ${result.refused} bookings of event types not in the mirror wait for the next run`;
        }
        const seen = bookings.reduce<string | null>(
          (max, b) => (b.updatedAt && (!max || b.updatedAt > max) ? b.updatedAt : max),
          null,
        );
        const next = hold ?? (seen && (!stored || seen > stored) ? seen : null);
        if (next && next !== stored)
          await store.reconcileCursors.set(company.id, next, deps.clock.now().toISOString());
      } catch (error) {
        result.status = "failed";
        result.error = (error as Error)?.message ?? String(error);
        errorKind = calcomFailureOf(error);
      }
      result.calcomRequests = usage.requests;
      const finishedAt = deps.clock.now();
      await store.syncRuns.finish(company.id, run.id, {
        status: result.status === "failed" ? "failed" : "succeeded",
        finishedAt: finishedAt.toISOString(),
        counts: {
          checked: result.checked,
          created: result.created,
          updated: result.updated,
          cancelled: result.cancelled,
          unchanged: result.unchanged,
          refused: result.refused,
          durationMs: finishedAt.getTime() - started.getTime(),
        },
        calcomRequests: result.calcomRequests,
        error: result.error,
        errorKind,
      });
      return result;
    } finally {
      await store.locks.release(company.id, "reconcile", holder);
    }
  };

  /** The company's mirror, mappings and services as one run applies them. */
  async function loadView(companyId: string) {
    const [eventTypes, hosts, mappings, services] = await Promise.all([
      store.calcomMirror.listEventTypes(companyId),
      store.calcomMirror.listHosts(companyId),
      store.hostMappings.list(companyId),
      store.services.list(companyId),
    ]);
    const hostsOf = new Map<number, CalcomHost[]>();
    for (const host of hosts) {
      for (const id of host.eventTypeIds) hostsOf.set(id, [...(hostsOf.get(id) ?? []), host]);
    }
    const mappingOf = new Map<number, HostMapping>(mappings.map((m) => [m.calcomUserId, m]));
    const serviceOf = new Map<number, string>();
    for (const s of services) {
      if (s.active && s.calcomEventTypeId !== null && !serviceOf.has(s.calcomEventTypeId))
        serviceOf.set(s.calcomEventTypeId, s.id);
    }
    const known = new Map<number, boolean>(hosts.map((h) => [h.calcomUserId, true]));
    const isKnownHost = async (userId: number) => {
      let found = known.get(userId);
      if (found === undefined) {
        // Members who host nothing, and removed ones, are known too.
        found = (await store.calcomMirror.findHost(companyId, userId)) !== null;
        known.set(userId, found);
      }
      return found;
    };
    const lookups: BookingLookups = {
      hostsOf: async (id) => hostsOf.get(id) ?? [],
      mappingOf: async (userId) => mappingOf.get(userId) ?? null,
      serviceOf: async (id) => serviceOf.get(id) ?? null,
      isKnownHost,
    };
    const eventTypeIds = new Set(eventTypes.map((e) => e.eventTypeId));
    return {
      eventTypes: eventTypeIds,
      lookups,
      /** An event type or an organizer the mirror does not know: a team sync may fix it. */
      async needsSync(bookings: CalcomBookingSnapshot[]): Promise<boolean> {
        if (bookings.some((b) => b.eventTypeId !== null && !eventTypeIds.has(b.eventTypeId)))
          return true;
        const organizers = new Set(
          bookings.flatMap((b) =>
            b.organizerId !== null && (b.status === "accepted" || b.status === "pending")
              ? [b.organizerId]
              : [],
          ),
        );
        for (const userId of organizers) if (!(await isKnownHost(userId))) return true;
        return false;
      },
    };
  }
}

function stateOf(b: CalcomBookingSnapshot): BookingState {
  return {
    uid: b.uid,
    bookingId: b.id,
    eventTypeId: b.eventTypeId,
    start: b.start,
    end: b.end,
    report: { bookingStatus: b.status, rescheduledToUid: b.rescheduledToUid },
    organizerId: b.organizerId,
    participants: b.participants,
    attendee: b.attendee,
    rescheduledFromUid: b.rescheduledFromUid,
    rescheduledToUid: b.rescheduledToUid,
    frontdeskRef: b.frontdeskRef,
  };
}
