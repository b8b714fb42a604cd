import { z } from "zod";
import { functionReply } from "../retell/reply.ts";
import { emailText, optionalText, requiredText, slotStart } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const bookAppointment = defineFunction({
  name: "book_appointment",
  description:
    "Books a service at a free slot, after the caller confirmed the slot and gave their name. The caller's phone number is used unless they give another. The reply's data.status is accepted (booked), pending (a request the business still confirms: say so) or checking (the calendar has not answered yet: tell the caller you are still checking, then call book_appointment again with exactly the same arguments; never book another time instead).",
  args: z.object({
    service: requiredText("service", "The service, as used in check_availability."),
    start: slotStart("start"),
    customer_name: requiredText(
      "customer_name",
      "The caller's full name as they said it. Never a placeholder, a date or a staff member's name.",
    ),
    customer_phone: optionalText(
      "customer_phone",
      "A phone number the caller gave, if different from the number they call from.",
    ),
    customer_email: emailText("The caller's email address, if they gave one."),
    notes: optionalText("notes", "Anything the caller wants the business to know."),
  }),
  tool: {
    mode: "book",
    filler: {
      de: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt eintragen und das einen Moment dauern kann.",
      en: "Briefly say that you are booking the appointment now and that it may take a moment.",
    },
  },
  messages: fromCatalog("booked", "bookedPending", "bookingChecking", "earlierBookingChecking"),
  async run(useCases, ctx, args, say) {
    const r = await useCases.bookAppointment(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "unknown_service":
        return functionReply(false, say.shared.unknownService({ offered: r.services }), {
          booked: false,
        });
      case "not_bookable":
        return functionReply(false, say.shared.notBookableByPhone({ offered: r.services }), {
          booked: false,
          bookable_by_phone: false,
          services: r.services,
        });
      case "booked":
        return functionReply(
          true,
          r.status === "pending"
            ? say.own.bookedPending({ when: say.when(r.start) })
            : say.own.booked({ when: say.when(r.start), staffName: r.staffName }),
          {
            booked: true,
            status: r.status,
            appointment_id: r.appointment.id,
            staff_name: r.staffName,
            start: say.zoned(r.start),
          },
        );
      case "checking":
        // Not failed: Cal.com's answer is not in yet; the same request again says what it was.
        return functionReply(
          true,
          r.earlier ? say.own.earlierBookingChecking() : say.own.bookingChecking(),
          {
            booked: false,
            status: "checking",
            start: say.zoned(r.start),
            ...(r.earlier ? { waiting_for_earlier_booking: true } : {}),
          },
        );
      case "slot_taken":
        return functionReply(
          false,
          say.shared.noSlot({ alternatives: r.alternatives.map(say.when) }),
          { booked: false, slots: say.slotData(r.alternatives) },
        );
      case "refused":
        return functionReply(
          false,
          say.shared.bookingRefused({ refusal: r.refusal, field: r.field }),
          { booked: false, ...(r.field ? { missing: r.field } : {}) },
        );
      case "booking_failed":
        return functionReply(false, say.shared.calendarUnavailable(), { booked: false });
    }
  },
});
