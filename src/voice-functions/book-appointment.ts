import { z } from "zod";
import { cannotHelp, functionReply } from "../retell/reply.ts";
import { emailText, optionalText, requiredText, slotStart, staffWish } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const bookAppointment = defineFunction({
  name: "book_appointment",
  description:
    "Books a service at a free slot, after the caller confirmed the slot and gave their name. The caller's phone number is used unless they give another. The reply's data.status is accepted (booked), pending (a request the business still confirms: say so) or checking (the calendar has not answered yet: tell the caller you are still checking, then call book_appointment again with exactly the same arguments; never book another time instead). With staff, data.staff_guaranteed false means the booking may be with someone else: never promise the person.",
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
    staff: staffWish,
  }),
  tool: {
    mode: "book",
    filler: {
      de: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt eintragen und das einen Moment dauern kann.",
      en: "Briefly say that you are booking the appointment now and that it may take a moment.",
    },
  },
  messages: fromCatalog(
    "booked",
    "bookedPending",
    "bookingChecking",
    "earlierBookingChecking",
    "confirmName",
    "staffNotOffering",
  ),
  async run(useCases, ctx, args, say) {
    const r = await useCases.bookAppointment(ctx, args);
    switch (r.kind) {
      case "ask":
        // A stand-in name is asked about once: said again in this call, it is booked.
        if (r.field === "customer_name" && r.reason === "placeholder")
          return functionReply(false, say.own.confirmName(), {
            booked: false,
            missing: "customer_name",
            confirm_name: true,
          });
        return say.askAgain(r);
      case "unknown_service":
        return cannotHelp(
          functionReply(false, say.shared.unknownService({ offered: r.services }), {
            booked: false,
          }),
          "unknown_service",
        );
      case "staff_ambiguous":
        return functionReply(false, say.shared.staffAmbiguous({ names: r.names }), {
          booked: false,
          staff_options: r.names,
        });
      case "staff_not_offering":
        return functionReply(
          false,
          say.own.staffNotOffering({ staff: r.staff, offeredBy: r.offeredBy }),
          { booked: false, staff_offering: r.offeredBy },
        );
      case "not_bookable":
        return functionReply(false, say.shared.notBookableByPhone({ offered: r.services }), {
          booked: false,
          bookable_by_phone: false,
          services: r.services,
        });
      case "booked": {
        const wish = r.staffWish;
        const line =
          r.status === "pending"
            ? say.own.bookedPending({ when: say.when(r.start) })
            : say.own.booked({ when: say.when(r.start), staffName: r.staffName });
        // Not promised unless Cal.com was asked for that person, or happened to choose them.
        const promise =
          wish && !wish.guaranteed && r.staffName !== wish.name
            ? ` ${say.shared.staffNotPromised({ staff: wish.name })}`
            : "";
        return functionReply(true, line + promise, {
          booked: true,
          status: r.status,
          appointment_id: r.appointment.id,
          staff_name: r.staffName,
          start: say.zoned(r.start),
          ...(wish ? { staff_guaranteed: wish.guaranteed } : {}),
        });
      }
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
        return cannotHelp(
          functionReply(false, say.shared.calendarUnavailable(), { booked: false }),
          "calendar_unavailable",
        );
    }
  },
});
