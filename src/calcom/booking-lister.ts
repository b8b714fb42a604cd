import type { Company } from "../domain/entities.ts";
import type { CalcomBookingLister, CalcomBookingSnapshot } from "../domain/ports/calcom.ts";
import { type CalcomClientOptions, createCalcomClient } from "./client.ts";
import type { CalcomBooking } from "./dto.ts";
import { retryPolicies } from "./retry.ts";

/** Cal.com's largest page. */
export const bookingPageSize = 250;
/**
 * Each page after the first starts this many bookings before the previous one ended: a booking
 * that changes while we page moves to the end of the list (sorted by `updatedAt`) and pushes the
 * ones after it forward, so without the overlap a booking could slip between two pages.
 */
const pageOverlap = 5;

const toSnapshot = (b: CalcomBooking): CalcomBookingSnapshot => {
  const booker = b.attendees[0];
  const ref = b.metadata.frontdeskRef;
  const updatedAt = b.updatedAt ?? b.createdAt;
  return {
    uid: b.uid,
    id: b.id,
    eventTypeId: b.eventTypeId,
    // "awaiting_host" (instant meetings) waits like a request.
    status: b.status === "awaiting_host" ? "pending" : b.status,
    start: new Date(b.start).toISOString(),
    end: new Date(b.end).toISOString(),
    organizerId: b.hosts[0]?.id ?? null,
    participants: {
      memberIds: [],
      attendeeEmails: b.attendees.flatMap((a) => (a.email ? [a.email.trim().toLowerCase()] : [])),
    },
    attendee: booker ? { name: booker.name, email: booker.email } : null,
    rescheduledFromUid: b.rescheduledFromUid,
    rescheduledToUid: b.rescheduledToUid,
    frontdeskRef: typeof ref === "string" && ref !== "" ? ref : null,
    updatedAt:
      updatedAt && !Number.isNaN(Date.parse(updatedAt)) ? new Date(updatedAt).toISOString() : null,
  };
};

/**
 * The reconciliation port over the Cal.com client: `GET /v2/bookings` for the company's team,
 * sorted by `updatedAt`, 250 a page, paged until a short page. Cal.com's `pagination` totals
 * ignore the date filters, so they are never read.
 */
export function createCalcomBookingLister(
  options: Pick<
    CalcomClientOptions,
    "fetch" | "rateLimiter" | "rateLimiters" | "rateLimitPerMinute" | "sleep"
  > = {},
): CalcomBookingLister {
  return {
    async listTeamBookings(company: Company, query, usage) {
      const teamId = company.calcom.teamId;
      if (teamId === null) throw new Error(`${company.name} has no Cal.com team id`);
      if (!company.calcom.apiKey) {
        throw new Error(`${company.name} has no Cal.com API key; listing bookings needs one`);
      }
      const client = createCalcomClient({
        ...options,
        baseUrl: company.calcom.baseUrl,
        apiKey: company.calcom.apiKey,
        policy: retryPolicies.sync,
        onRequest: () => {
          usage.requests++;
        },
      });
      const byUid = new Map<string, CalcomBookingSnapshot>();
      for (let skip = 0; ; skip += bookingPageSize - pageOverlap) {
        const page = await client.listBookings({
          teamId,
          ...(query.updatedAfter ? { afterUpdatedAt: query.updatedAfter } : {}),
          sortUpdatedAt: "asc",
          take: bookingPageSize,
          skip,
        });
        for (const booking of page) {
          // A booking seen twice (page overlap) counts once, as it was last seen.
          byUid.delete(booking.uid);
          byUid.set(booking.uid, toSnapshot(booking));
        }
        if (page.length < bookingPageSize) break;
      }
      return [...byUid.values()].sort((a, b) =>
        (a.updatedAt ?? "").localeCompare(b.updatedAt ?? ""),
      );
    },
  };
}
