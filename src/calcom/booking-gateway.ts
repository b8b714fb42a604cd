import type { Company } from "../domain/entities.ts";
import { UpstreamError } from "../domain/errors.ts";
import type { CalcomBookingGateway, CalcomBookingInfo, UpstreamMeter } from "../domain/ports.ts";
import { type CalcomClientOptions, createCalcomClient } from "./client.ts";
import type { CalcomBooking } from "./dto.ts";
import { CalcomError } from "./errors.ts";
import { retryPolicies } from "./retry.ts";

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

/** Cal.com errors as the voice use-cases understand them; Cal.com's own message is kept. */
function upstream(error: unknown): never {
  if (!(error instanceof CalcomError)) throw error;
  const kind =
    error.kind === "invalid_request"
      ? "rejected"
      : error.kind === "unauthorized" || error.kind === "forbidden"
        ? "unauthorized"
        : error.kind === "not_found"
          ? "not_found"
          : "unavailable";
  throw new UpstreamError(kind, error.message);
}

/** The booking port over the Cal.com client with the voice retry budget (one retry, 3 s). */
export function createCalcomBookingGateway(
  options: Pick<
    CalcomClientOptions,
    "fetch" | "rateLimiter" | "rateLimitPerMinute" | "onRequest"
  > = {},
): CalcomBookingGateway {
  const client = (company: Company, meter: UpstreamMeter | undefined) =>
    createCalcomClient({
      ...options,
      baseUrl: company.calcom.baseUrl,
      apiKey: company.calcom.apiKey,
      policy: retryPolicies.voice,
      onRequest: meter
        ? (info) => {
            meter.calcomMs += info.ms;
            meter.calcomRequests += 1;
            options.onRequest?.(info);
          }
        : options.onRequest,
    });

  return {
    async slots(company, q, meter) {
      try {
        const days = await client(company, meter).getSlots({
          eventTypeId: q.eventTypeId,
          start: q.startUtc,
          end: q.endUtc,
        });
        return Object.values(days)
          .flat()
          .map((s) => new Date(s.start).toISOString())
          .filter((s) => s >= q.startUtc && s < q.endUtc)
          .sort();
      } catch (error) {
        upstream(error);
      }
    },
    async createBooking(company, b, meter) {
      try {
        return toInfo(
          await client(company, meter).createBooking({
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
          }),
        );
      } catch (error) {
        upstream(error);
      }
    },
    async findBookingByRef(company, q, meter) {
      try {
        const startMs = Date.parse(q.start);
        const candidates = await client(company, meter).listBookings({
          eventTypeId: q.eventTypeId,
          attendeeEmail: q.attendeeEmail,
          afterStart: new Date(startMs).toISOString(),
          beforeEnd: new Date(startMs + 86_400_000).toISOString(),
        });
        const found = candidates.find(
          (b) =>
            b.metadata.frontdeskRef === q.ref &&
            b.status !== "cancelled" &&
            b.status !== "rejected",
        );
        return found ? toInfo(found) : null;
      } catch (error) {
        upstream(error);
      }
    },
    async getBooking(company, uid, meter) {
      try {
        return toInfo(await client(company, meter).getBooking(uid));
      } catch (error) {
        upstream(error);
      }
    },
    async cancelBooking(company, uid, reason, meter) {
      try {
        await client(company, meter).cancelBooking(uid, reason);
      } catch (error) {
        upstream(error);
      }
    },
    async rescheduleBooking(company, uid, start, meter) {
      try {
        return toInfo(await client(company, meter).rescheduleBooking(uid, start));
      } catch (error) {
        upstream(error);
      }
    },
  };
}
