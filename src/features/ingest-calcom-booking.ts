import type {
  Appointment,
  AppointmentStatus,
  CalcomBookingEvent,
  SyncTrigger,
  TenantContext,
} from "../domain/entities.ts";
import { toE164 } from "../domain/phone.ts";
import type { NewAppointment, Repositories, SlotCache, Store } from "../domain/ports.ts";
import type { Clock } from "../platform/clock.ts";

export type IngestOutcome =
  | "created"
  | "updated"
  | "rescheduled"
  | "cancelled"
  | "duplicate"
  | "refused_foreign_event_type";

export interface IngestResult {
  outcome: IngestOutcome;
  appointment: Appointment | null;
  /** The host has no active mapping: the appointment has no staff and is flagged for an admin. */
  unmappedHost: boolean;
  /** The host is not in the mirrored team at all (joined Cal.com since the last sync). */
  unknownHost: boolean;
  /** The targeted sync started for an unknown host; callers answer first and need not await it. */
  followUp: Promise<unknown> | null;
}

const statusOf: Record<CalcomBookingEvent["trigger"], AppointmentStatus> = {
  BOOKING_CREATED: "accepted",
  BOOKING_REQUESTED: "pending",
  BOOKING_RESCHEDULED: "accepted",
  BOOKING_CANCELLED: "cancelled",
  BOOKING_REJECTED: "rejected",
};

/** How far a booking has come: it never goes back, and the first final status stays. */
const progress: Record<AppointmentStatus, number> = {
  pending: 0,
  accepted: 1,
  rescheduled: 2,
  cancelled: 2,
  rejected: 2,
};
const final = 2;

/**
 * A Cal.com booking webhook for one company: recorded in the inbox (duplicates change nothing),
 * refused when the event type is not in the company's team, and upserted by booking uid with the
 * staff member mapped to the organizer. A reschedule links the old uid to the new one.
 */
export function makeIngestCalcomBooking(deps: {
  store: Pick<Store, "transaction">;
  slotCache: Pick<SlotCache, "invalidate">;
  syncServiceHosts: (ctx: TenantContext, input: { trigger: SyncTrigger }) => Promise<unknown>;
  clock: Clock;
}) {
  return async (
    ctx: TenantContext,
    event: CalcomBookingEvent,
    rawBody: string,
  ): Promise<IngestResult> => {
    const { company } = ctx;
    const receivedAt = deps.clock.now().toISOString();
    // Inbox row and its effects commit together: a failure leaves no trace, so Cal.com's retry is
    // processed again instead of being taken for a duplicate.
    const result = await deps.store.transaction(
      async (tx): Promise<Omit<IngestResult, "followUp">> => {
        // Deliveries about one booking (or the one it was moved from) apply one at a time.
        await tx.txLocks.lockBookings(company.id, [event.uid, event.rescheduledFromUid]);
        const inbox = await tx.inbox.record(company.id, {
          provider: "calcom",
          eventType: event.trigger,
          dedupeKey: `${event.trigger}:${event.uid}`,
          payload: rawBody,
          receivedAt,
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
          await tx.inbox.markProcessed(
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
        const outcome = await upsert(tx, ctx, event);
        await tx.inbox.markProcessed(company.id, inbox.id, outcome.outcome, null, receivedAt);
        return outcome;
      },
    );

    // Whatever changed in Cal.com changed its free slots: near the booking's time, and for a
    // reschedule also near the old time, which the delivery may not carry (so: every range).
    if (event.eventTypeId !== null)
      deps.slotCache.invalidate(
        company.id,
        event.eventTypeId,
        event.trigger === "BOOKING_RESCHEDULED" ? [] : [event.start],
      );
    // Only a host the mirror does not know can be fixed by syncing; a known but unmapped host
    // waits for an admin (the appointment is flagged), so webhooks never cause a sync storm.
    const followUp = result.unknownHost
      ? deps.syncServiceHosts({ company, actor: { type: "webhook" } }, { trigger: "webhook" })
      : null;
    return { ...result, followUp };
  };
}

async function upsert(
  tx: Repositories,
  ctx: TenantContext,
  event: CalcomBookingEvent,
): Promise<Omit<IngestResult, "followUp">> {
  const companyId = ctx.company.id;
  const mapping =
    event.hostUserId === null ? null : await tx.hostMappings.find(companyId, event.hostUserId);
  const staffId = mapping?.status === "active" ? mapping.staffId : null;
  const unmappedHost =
    event.hostUserId !== null && staffId === null && event.trigger !== "BOOKING_CANCELLED";
  const unknownHost =
    unmappedHost &&
    event.hostUserId !== null &&
    (await tx.calcomMirror.findHost(companyId, event.hostUserId)) === null;

  const existing = await tx.appointments.findByUid(companyId, event.uid);
  const previous = event.rescheduledFromUid
    ? await tx.appointments.findByUid(companyId, event.rescheduledFromUid)
    : null;
  const serviceId =
    existing?.serviceId ??
    previous?.serviceId ??
    (await tx.services.list(companyId)).find(
      (s) => s.active && s.calcomEventTypeId === event.eventTypeId,
    )?.id ??
    null;

  let customerId = existing?.customerId ?? previous?.customerId ?? null;
  const phone = event.attendee?.phone ? toE164(event.attendee.phone, ctx.company.country) : null;
  if (!customerId && phone?.ok) {
    customerId = (
      await tx.customers.upsertByPhone(companyId, {
        phone: phone.e164,
        name: event.attendee?.name ?? null,
        email: event.attendee?.email ?? null,
      })
    ).id;
  }

  const fields: NewAppointment = {
    serviceId,
    staffId: staffId ?? existing?.staffId ?? null,
    customerId,
    calcomUserId: event.hostUserId ?? existing?.calcomUserId ?? null,
    bookingUid: event.uid,
    bookingId: event.bookingId ?? existing?.bookingId ?? null,
    eventTypeId: event.eventTypeId,
    startAt: event.start,
    endAt: event.end,
    status: statusOf[event.trigger],
    source: existing?.source ?? previous?.source ?? "calcom",
    retellCallId: existing?.retellCallId ?? previous?.retellCallId ?? null,
    idempotencyKey: existing?.idempotencyKey ?? null,
    rescheduledFromUid: event.rescheduledFromUid ?? existing?.rescheduledFromUid ?? null,
    rescheduledToUid: existing?.rescheduledToUid ?? null,
    notes: existing?.notes ?? previous?.notes ?? null,
    attendeeName: event.attendee?.name ?? existing?.attendeeName ?? null,
    attendeeEmail: event.attendee?.email ?? existing?.attendeeEmail ?? null,
  };
  // Deliveries can arrive out of order. A booking already cancelled, rejected or moved is history
  // that a late delivery must not change, and a late REQUESTED must not take back an acceptance;
  // what the late delivery adds (the uid it was moved from) is still kept.
  if (
    existing &&
    (progress[existing.status] === final || progress[existing.status] > progress[fields.status])
  )
    fields.status = existing.status;
  // A reschedule may already have named this booking as the one it replaced.
  const successor = existing
    ? null
    : await tx.appointments.findByRescheduledFrom(companyId, event.uid);
  if (successor && fields.status === "accepted") {
    fields.status = "rescheduled";
    fields.rescheduledToUid = successor.bookingUid;
  }
  const appointment = existing
    ? await tx.appointments.update(companyId, existing.id, fields)
    : await tx.appointments.insert(companyId, fields);

  if (previous) {
    await tx.appointments.update(companyId, previous.id, {
      status: "rescheduled",
      rescheduledToUid: event.uid,
    });
  }
  const outcome: IngestOutcome =
    event.trigger === "BOOKING_RESCHEDULED"
      ? "rescheduled"
      : event.trigger === "BOOKING_CANCELLED" || event.trigger === "BOOKING_REJECTED"
        ? "cancelled"
        : existing
          ? "updated"
          : "created";
  return { outcome, appointment, unmappedHost, unknownHost };
}
