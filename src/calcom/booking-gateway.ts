import type { Company } from "../domain/entities.ts";
import { UpstreamError } from "../domain/errors.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingInfo,
  UpstreamMeter,
} from "../domain/ports/calcom.ts";
import { type CalcomClientOptions, createCalcomClient } from "./client.ts";
import type { CalcomBooking } from "./dto.ts";
import { bookingRefusalOf, CalcomError, neverSent, refusesHostSubsets } from "./errors.ts";
import { type RetryPolicy, retryPolicies } from "./retry.ts";

const toInfo = (b: CalcomBooking): CalcomBookingInfo => ({
  uid: b.uid,
  id: b.id,
  start: new Date(b.start).toISOString(),
  end: new Date(b.end).toISOString(),
  status: b.status,
  hostUserId: b.hosts[0]?.id ?? null,
  hostName: b.hosts[0]?.name ?? null,
  rescheduledToUid: b.rescheduledToUid,
  participants: {
    memberIds: [],
    attendeeEmails: b.attendees.flatMap((a) => (a.email ? [a.email.trim().toLowerCase()] : [])),
  },
});

const dayMs = 86_400_000;
/** Cal.com's page limit for GET /v2/bookings. */
const pageSize = 250;
/** Bookings of one event type starting within a day of a slot: a few pages at the very most. */
const maxPages = 8;
/**
 * Holding or releasing a slot only keeps the time off Cal.com's booking pages; a caller's reply
 * must not wait long on it.
 */
const holdBudgetMs = 3_000;

/**
 * Cal.com errors as the voice use-cases understand them; Cal.com's own message is kept. A write
 * that may have reached Cal.com without its answer reaching us is `unknown`, never `unavailable`:
 * the caller must not hear "failed" while the booking may exist.
 */
function upstream(error: unknown, operation: "read" | "write"): never {
  if (!(error instanceof CalcomError)) throw error;
  const upstreamMessage = error.calcomMessage ?? error.message;
  if (operation === "write") {
    const refusal = bookingRefusalOf(error);
    if (refusal) {
      throw new UpstreamError("rejected", error.message, {
        refusal: refusal.code,
        refusedField: refusal.field,
        upstreamMessage,
      });
    }
  } else if (error.kind === "invalid_request") {
    const refusal = refusesHostSubsets(error) ? "hosts_unsupported" : "refused";
    throw new UpstreamError("rejected", error.message, { refusal, upstreamMessage });
  }
  const kind =
    error.kind === "unauthorized" || error.kind === "forbidden"
      ? "unauthorized"
      : error.kind === "not_found"
        ? "not_found"
        : operation === "write" && !neverSent(error)
          ? "unknown"
          : "unavailable";
  throw new UpstreamError(kind, error.message, { upstreamMessage });
}

export interface BookingGatewayOptions
  extends Pick<
    CalcomClientOptions,
    "fetch" | "rateLimiter" | "rateLimiters" | "rateLimitPerMinute" | "onRequest"
  > {
  /** Tests shorten these; production uses `retryPolicies` (`hold`: the read one, capped). */
  policies?: Partial<Record<"read" | "write" | "lookup" | "hold", RetryPolicy>>;
}

/**
 * The booking port over the Cal.com client. Reads use the voice read budget (6 s); bookings,
 * cancellations and reschedules are sent once with at least 8 s (`voiceWrite`); a look-up by ref
 * in the background uses the settle budget, a capped one while a caller waits. Slot
 * reservations get a short read-like budget. Chosen hosts go out as `rrHostSubsetIds`.
 */
export function createCalcomBookingGateway(
  options: BookingGatewayOptions = {},
): CalcomBookingGateway {
  const { policies = {}, ...clientOptions } = options;
  const read = policies.read ?? retryPolicies.voice;
  const write = policies.write ?? retryPolicies.voiceWrite;
  const lookup = policies.lookup ?? retryPolicies.settle;

  const client = (company: Company, meter: UpstreamMeter | undefined, policy: RetryPolicy) =>
    createCalcomClient({
      ...clientOptions,
      baseUrl: company.calcom.baseUrl,
      apiKey: company.calcom.apiKey,
      policy,
      onRequest: meter
        ? (info) => {
            meter.calcomMs += info.ms;
            meter.calcomRequests += 1;
            clientOptions.onRequest?.(info);
          }
        : clientOptions.onRequest,
    });

  /** A policy that ends within `budgetMs`. */
  const capped = (policy: RetryPolicy, budgetMs: number): RetryPolicy => ({
    ...policy,
    totalBudgetMs: Math.max(1, Math.min(policy.totalBudgetMs, budgetMs)),
    attemptTimeoutMs: Math.max(1, Math.min(policy.attemptTimeoutMs, budgetMs)),
  });
  const hold = policies.hold ?? capped(read, holdBudgetMs);

  return {
    async slots(company, q, meter) {
      try {
        const days = await client(company, meter, read).getSlots({
          eventTypeId: q.eventTypeId,
          start: q.startUtc,
          end: q.endUtc,
          ...(q.hostIds?.length ? { rrHostSubsetIds: q.hostIds } : {}),
        });
        return Object.values(days)
          .flat()
          .map((s) => new Date(s.start).toISOString())
          .filter((s) => s >= q.startUtc && s < q.endUtc)
          .sort();
      } catch (error) {
        upstream(error, "read");
      }
    },
    async createBooking(company, b, meter) {
      try {
        return toInfo(
          await client(company, meter, write).createBooking({
            eventTypeId: b.eventTypeId,
            start: b.start,
            attendee: {
              name: b.attendee.name,
              email: b.attendee.email,
              timeZone: b.attendee.timeZone,
              language: b.attendee.language,
              ...(b.attendee.phoneNumber ? { phoneNumber: b.attendee.phoneNumber } : {}),
            },
            ...(b.notes ? { bookingFieldsResponses: { notes: b.notes } } : {}),
            metadata: { frontdeskRef: b.ref },
            ...(b.hostIds?.length ? { rrHostSubsetIds: b.hostIds } : {}),
          }),
        );
      } catch (error) {
        upstream(error, "write");
      }
    },
    async findBookingByRef(company, q, meter, budgetMs) {
      const policy = budgetMs === undefined ? lookup : capped(read, budgetMs);
      try {
        const api = client(company, meter, policy);
        // By event type and a window from the start: not by attendee, whose address Cal.com may
        // have normalised. The ref is unique to one call, service and start.
        const startMs = Date.parse(q.start);
        const window = {
          eventTypeId: q.eventTypeId,
          afterStart: new Date(startMs - 60_000).toISOString(),
          beforeEnd: new Date(startMs + dayMs).toISOString(),
        };
        const found: CalcomBooking[] = [];
        for (let page = 0; page < maxPages; page += 1) {
          const bookings = await api.listBookings({
            ...window,
            take: pageSize,
            skip: page * pageSize,
          });
          found.push(...bookings.filter((b) => b.metadata.frontdeskRef === q.ref));
          // Cal.com's totals ignore the date filters: a short page is the last one.
          if (bookings.length < pageSize) break;
        }
        // A live booking wins over a cancelled or rejected one with the same ref.
        const live = found.find((b) => b.status !== "cancelled" && b.status !== "rejected");
        const booking = live ?? found[0];
        return booking ? toInfo(booking) : null;
      } catch (error) {
        upstream(error, "read");
      }
    },
    async getBooking(company, uid, meter) {
      try {
        return toInfo(await client(company, meter, read).getBooking(uid));
      } catch (error) {
        upstream(error, "read");
      }
    },
    async cancelBooking(company, uid, reason, meter) {
      try {
        await client(company, meter, write).cancelBooking(uid, reason);
      } catch (error) {
        upstream(error, "write");
      }
    },
    async rescheduleBooking(company, uid, start, meter, options = {}) {
      try {
        return toInfo(
          await client(company, meter, write).rescheduleBooking(
            uid,
            start,
            undefined,
            options.hostIds,
          ),
        );
      } catch (error) {
        upstream(error, "write");
      }
    },
    // The event type's own length is held: Cal.com refuses `slotDuration` for a fixed length.
    async reserveSlot(company, q, meter) {
      try {
        const reservation = await client(company, meter, hold).createSlotReservation({
          eventTypeId: q.eventTypeId,
          slotStart: q.start,
          reservationDuration: q.minutes,
        });
        return {
          uid: reservation.reservationUid,
          expiresAt: new Date(reservation.reservationUntil).toISOString(),
        };
      } catch (error) {
        upstream(error, "write");
      }
    },
    async releaseSlot(company, uid, meter) {
      try {
        await client(company, meter, hold).deleteSlotReservation(uid);
      } catch (error) {
        upstream(error, "read");
      }
    },
  };
}
