import type { AppointmentStatus, CalcomBookingTrigger } from "./entities.ts";

/**
 * What Cal.com said about a booking: a webhook's trigger, or the booking's status in an API
 * answer (a booking we made, or one the reconciliation listed) with the uid Cal.com says it was
 * moved to.
 */
export type BookingReport =
  | { trigger: CalcomBookingTrigger }
  | { bookingStatus: string; rescheduledToUid?: string | null };

const statusOfTrigger: Record<CalcomBookingTrigger, AppointmentStatus> = {
  BOOKING_CREATED: "accepted",
  BOOKING_REQUESTED: "pending",
  BOOKING_RESCHEDULED: "accepted",
  BOOKING_CANCELLED: "cancelled",
  BOOKING_REJECTED: "rejected",
};

/**
 * The status a report means by itself. `awaiting_host` waits like a request; Cal.com cancels a
 * booking it moves and names the new one, which makes the old one rescheduled.
 */
export function reportedStatus(report: BookingReport): AppointmentStatus {
  if ("trigger" in report) return statusOfTrigger[report.trigger];
  switch (report.bookingStatus) {
    case "pending":
    case "awaiting_host":
      return "pending";
    case "cancelled":
      return report.rescheduledToUid ? "rescheduled" : "cancelled";
    case "rejected":
      return "rejected";
    default:
      return "accepted";
  }
}

/** How far a booking has come; rescheduled, cancelled and rejected are final. */
const progress: Record<AppointmentStatus, number> = {
  pending: 0,
  accepted: 1,
  rescheduled: 2,
  cancelled: 2,
  rejected: 2,
};

/**
 * The appointment's status once a report is applied to it (`current` null: no appointment yet).
 * Deliveries arrive out of order, so a booking never goes back and its first final status stays:
 * a late CREATED does not revive a cancelled booking, a late REQUESTED does not take back an
 * acceptance. `replaced`: an appointment not yet written whose uid a reschedule we already hold
 * names as the one it replaced, so an accepted report of it is history (rescheduled).
 */
export function appointmentStatus(
  current: AppointmentStatus | null,
  report: BookingReport,
  replaced = false,
): AppointmentStatus {
  const reported = reportedStatus(report);
  if (current !== null) return progress[current] >= progress[reported] ? current : reported;
  return replaced && reported === "accepted" ? "rescheduled" : reported;
}
