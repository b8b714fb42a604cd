import { describe, expect, it } from "vitest";
import { appointmentStatus, reportedStatus } from "./appointment-status.ts";
import {
  type AppointmentStatus,
  type CalcomBookingTrigger,
  calcomBookingTriggers,
} from "./entities.ts";

const statuses: (AppointmentStatus | null)[] = [
  null,
  "pending",
  "accepted",
  "rescheduled",
  "cancelled",
  "rejected",
];

/** Every trigger × current status (null: no appointment yet), and the status that results. */
const table: Record<CalcomBookingTrigger, Record<string, AppointmentStatus>> = {
  BOOKING_CREATED: {
    null: "accepted",
    pending: "accepted",
    accepted: "accepted",
    rescheduled: "rescheduled",
    cancelled: "cancelled",
    rejected: "rejected",
  },
  BOOKING_REQUESTED: {
    null: "pending",
    pending: "pending",
    accepted: "accepted",
    rescheduled: "rescheduled",
    cancelled: "cancelled",
    rejected: "rejected",
  },
  BOOKING_RESCHEDULED: {
    null: "accepted",
    pending: "accepted",
    accepted: "accepted",
    rescheduled: "rescheduled",
    cancelled: "cancelled",
    rejected: "rejected",
  },
  BOOKING_CANCELLED: {
    null: "cancelled",
    pending: "cancelled",
    accepted: "cancelled",
    rescheduled: "rescheduled",
    cancelled: "cancelled",
    rejected: "rejected",
  },
  BOOKING_REJECTED: {
    null: "rejected",
    pending: "rejected",
    accepted: "rejected",
    rescheduled: "rescheduled",
    cancelled: "cancelled",
    rejected: "rejected",
  },
};

describe("appointmentStatus from a webhook trigger", () => {
  for (const trigger of calcomBookingTriggers) {
    for (const current of statuses) {
      const expected = table[trigger][String(current)]!;
      it(`${trigger} on ${current ?? "no appointment"} is ${expected}`, () => {
        expect(appointmentStatus(current, { trigger })).toBe(expected);
      });
    }
  }

  it("makes an accepted booking that a held reschedule replaced rescheduled, nothing else", () => {
    expect(appointmentStatus(null, { trigger: "BOOKING_CREATED" }, true)).toBe("rescheduled");
    expect(appointmentStatus(null, { trigger: "BOOKING_REQUESTED" }, true)).toBe("pending");
    expect(appointmentStatus(null, { trigger: "BOOKING_CANCELLED" }, true)).toBe("cancelled");
  });
});

describe("appointmentStatus from Cal.com's booking status", () => {
  it("reads Cal.com's statuses; awaiting_host waits like a request, anything else is accepted", () => {
    expect(reportedStatus({ bookingStatus: "accepted" })).toBe("accepted");
    expect(reportedStatus({ bookingStatus: "pending" })).toBe("pending");
    expect(reportedStatus({ bookingStatus: "awaiting_host" })).toBe("pending");
    expect(reportedStatus({ bookingStatus: "cancelled" })).toBe("cancelled");
    expect(reportedStatus({ bookingStatus: "rejected" })).toBe("rejected");
    expect(reportedStatus({ bookingStatus: "something_new" })).toBe("accepted");
  });

  it("takes a cancelled booking that names its successor for rescheduled", () => {
    expect(reportedStatus({ bookingStatus: "cancelled", rescheduledToUid: "new" })).toBe(
      "rescheduled",
    );
    expect(reportedStatus({ bookingStatus: "accepted", rescheduledToUid: "new" })).toBe("accepted");
  });

  it("only moves forward: a confirmed request stays accepted, a final status stays", () => {
    expect(appointmentStatus("accepted", { bookingStatus: "pending" })).toBe("accepted");
    expect(appointmentStatus("pending", { bookingStatus: "accepted" })).toBe("accepted");
    expect(appointmentStatus("cancelled", { bookingStatus: "accepted" })).toBe("cancelled");
    expect(
      appointmentStatus("accepted", { bookingStatus: "cancelled", rescheduledToUid: "new" }),
    ).toBe("rescheduled");
    expect(appointmentStatus("rejected", { bookingStatus: "cancelled" })).toBe("rejected");
  });
});
