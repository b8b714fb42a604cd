import type {
  Appointment,
  CalcomBookingEvent,
  CalcomEventType,
  SyncTrigger,
  TenantContext,
} from "../../domain/entities.ts";
import type { InboxEvent } from "../../domain/ports/appointments.ts";
import type { SlotCache } from "../../domain/ports/calcom.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { Repositories, Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { applyBookingState, type BookingLookups } from "./apply-booking-state.ts";

export type IngestOutcome =
  | "created"
  | "updated"
  | "rescheduled"
  | "cancelled"
  | "duplicate"
  | "refused_foreign_event_type";

/** How a delivery was received, as the inbox records it. */
export type DeliveryReceipt = Pick<InboxEvent, "signedWithPrevious">;

export interface IngestResult {
  outcome: IngestOutcome;
  appointment: Appointment | null;
  /** The host has no active mapping: the appointment has no staff and is flagged for an admin. */
  unmappedHost: boolean;
  /** The host is not in the mirrored team at all (joined Cal.com since the last sync). */
  unknownHost: boolean;
  /**
   * The targeted team sync queued as a job for an unknown host (resolves when queued, not when
   * run); callers answer first and need not await it.
   */
  followUp: Promise<unknown> | null;
}

/**
 * A webhook for an event type the mirror does not know syncs the team first, unless such a
 * refusal synced this company this recently (on this instance): deliveries for a team that is
 * not the company's (a misconfigured webhook) must not sync on every delivery. The
 * reconciliation catches up on what is refused meanwhile.
 */
const refusalSyncCooldownMs = 60_000;

/**
 * A Cal.com booking webhook for one company: recorded in the inbox (duplicates change nothing)
 * and applied to the appointment by booking uid (`applyBookingState`, shared with the
 * reconciliation). A booking of an event type the mirror does not know triggers a targeted team
 * sync and is applied if the event type turns out to be the company's; otherwise it is refused
 * without taking its dedupe key, so a later copy or the reconciliation can still apply it.
 */
export function makeIngestCalcomBooking(deps: {
  store: Pick<Store, "transaction" | "calcomMirror">;
  slotCache: Pick<SlotCache, "invalidate">;
  syncServiceHosts: (ctx: TenantContext, input: { trigger: SyncTrigger }) => Promise<unknown>;
  /** Queues a team sync job of the company (one queued at most: a burst of deliveries is one). */
  requestTeamSync: (ctx: TenantContext) => Promise<unknown>;
  clock: Clock;
  changes: Pick<ChangeFeed, "publish">;
}) {
  /** When a refusal last synced each company (ms). */
  const refusalSyncedAt = new Map<string, number>();
  const ingest = async (
    ctx: TenantContext,
    event: CalcomBookingEvent,
    rawBody: string,
    delivery: DeliveryReceipt,
    maySync: boolean,
  ): Promise<IngestResult> => {
    const { company } = ctx;
    const receivedAt = deps.clock.now().toISOString();
    // Inbox row and its effects commit together: a failure leaves no trace, so Cal.com's retry is
    // processed again instead of being taken for a duplicate.
    const result = await deps.store.transaction(
      async (tx): Promise<Omit<IngestResult, "followUp">> => {
        // Deliveries about one booking (or the one it was moved from) apply one at a time.
        await tx.lockBookings(company.id, [event.uid, event.rescheduledFromUid]);
        const inbox = await tx.inbox.record(company.id, {
          provider: "calcom",
          eventType: event.trigger,
          dedupeKey: `${event.trigger}:${event.uid}`,
          payload: rawBody,
          receivedAt,
          signedWithPrevious: delivery.signedWithPrevious,
        });
        if (inbox.duplicate)
          return {
            outcome: "duplicate",
            appointment: null,
            unmappedHost: false,
            unknownHost: false,
          };
        const eventType =
          event.eventTypeId === null
            ? null
            : await tx.calcomMirror.findEventType(company.id, event.eventTypeId);
        if (!eventType) {
          // Kept as a record, but not as "seen": a later copy is processed again.
          await tx.inbox.markRetriable(
            company.id,
            inbox.id,
            "refused_foreign_event_type",
            `event type ${event.eventTypeId} is not in this company's team`,
            receivedAt,
          );
          return {
            outcome: "refused_foreign_event_type",
            appointment: null,
            unmappedHost: false,
            unknownHost: false,
          };
        }
        const applied = await applyBookingState(
          tx,
          company.id,
          {
            uid: event.uid,
            bookingId: event.bookingId,
            eventTypeId: event.eventTypeId,
            start: event.start,
            end: event.end,
            report: { trigger: event.trigger },
            organizerId: event.hostUserId,
            participants: event.participants,
            attendee: event.attendee
              ? { name: event.attendee.name, email: event.attendee.email }
              : null,
            rescheduledFromUid: event.rescheduledFromUid,
            rescheduledToUid: null,
            frontdeskRef: null,
          },
          lookupsIn(tx, company.id, eventType),
        );
        const outcome: IngestOutcome =
          event.trigger === "BOOKING_RESCHEDULED"
            ? "rescheduled"
            : event.trigger === "BOOKING_CANCELLED" || event.trigger === "BOOKING_REJECTED"
              ? "cancelled"
              : applied.change === "created"
                ? "created"
                : "updated";
        await tx.inbox.markProcessed(company.id, inbox.id, outcome, null, receivedAt);
        return {
          outcome,
          appointment: applied.appointment,
          unmappedHost: applied.unmappedHost,
          unknownHost: applied.unknownHost,
        };
      },
    );

    if (result.outcome === "refused_foreign_event_type") {
      const nowMs = deps.clock.now().getTime();
      const last = refusalSyncedAt.get(company.id);
      if (
        maySync &&
        event.eventTypeId !== null &&
        (last === undefined || nowMs - last >= refusalSyncCooldownMs)
      ) {
        refusalSyncedAt.set(company.id, nowMs);
        await deps.syncServiceHosts(
          { company, actor: { type: "webhook" } },
          { trigger: "webhook" },
        );
        // The event type is the company's after all (created in Cal.com since the last sync).
        if (await deps.store.calcomMirror.findEventType(company.id, event.eventTypeId))
          return ingest(ctx, event, rawBody, delivery, false);
      }
      return { ...result, followUp: null };
    }

    if (result.outcome !== "duplicate") deps.changes.publish(company.id, "appointments");
    // Whatever changed in Cal.com changed its free slots: near the booking's time, and for a
    // reschedule also near the old time, which the delivery may not carry (so: every range).
    if (result.outcome !== "duplicate" && event.eventTypeId !== null)
      deps.slotCache.invalidate(
        company.id,
        event.eventTypeId,
        event.trigger === "BOOKING_RESCHEDULED" ? [] : [event.start],
      );
    // Only a host the mirror does not know can be fixed by syncing; a known but unmapped host
    // waits for an admin (the appointment is flagged), so webhooks never cause a sync storm.
    const followUp = result.unknownHost
      ? deps.requestTeamSync({ company, actor: { type: "webhook" } })
      : null;
    return { ...result, followUp };
  };

  return (
    ctx: TenantContext,
    event: CalcomBookingEvent,
    rawBody: string,
    delivery: DeliveryReceipt = {},
  ) => ingest(ctx, event, rawBody, delivery, true);
}

/** What applying one delivery reads, from the delivery's own transaction. */
function lookupsIn(
  tx: Repositories,
  companyId: string,
  eventType: CalcomEventType,
): BookingLookups {
  return {
    // Only round robin has a pool besides fixed hosts; the organizer is the host otherwise.
    hostsOf: async (eventTypeId) =>
      eventType.schedulingType === "roundRobin"
        ? tx.calcomMirror.listHosts(companyId, [eventTypeId])
        : [],
    mappingOf: (calcomUserId) => tx.hostMappings.find(companyId, calcomUserId),
    serviceOf: async (eventTypeId) =>
      (await tx.services.list(companyId)).find(
        (s) => s.active && s.calcomEventTypeId === eventTypeId,
      )?.id ?? null,
    isKnownHost: async (calcomUserId) =>
      (await tx.calcomMirror.findHost(companyId, calcomUserId)) !== null,
  };
}
