import { z } from "zod";
import { cannotHelp, functionReply } from "../retell/reply.ts";
import { appointmentRef, namesAppointment, needsAppointment, slotStart } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const rescheduleAppointment = defineFunction({
  name: "reschedule_appointment",
  description:
    "Moves one of the caller's appointments to a new free slot, after check_availability found it, the caller confirmed and said the name it was booked under. Give appointment_id or start, new_start and customer_name.",
  args: z
    .object({ ...appointmentRef, new_start: slotStart("new_start") })
    .refine(namesAppointment, needsAppointment),
  alsoRequired: ["customer_name"],
  tool: {
    mode: "change",
    filler: {
      de: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt verschieben.",
      en: "Briefly say that you are moving the appointment now.",
    },
  },
  messages: fromCatalog("rescheduled", "rescheduledOtherStaff", "nothingFound"),
  async run(useCases, ctx, args, say) {
    const r = await useCases.rescheduleAppointment(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "rescheduled": {
        const when = say.when(r.appointment.startAt);
        const otherStaff = r.previousStaffName !== null && r.staffName !== null;
        return functionReply(
          true,
          otherStaff
            ? say.own.rescheduledOtherStaff({
                when,
                staff: r.staffName!,
                previousStaff: r.previousStaffName!,
              })
            : say.own.rescheduled({ when }),
          {
            rescheduled: true,
            appointment_id: r.appointment.id,
            start: say.zoned(r.appointment.startAt),
            staff_name: r.staffName,
            ...(otherStaff ? { staff_changed: true } : {}),
          },
        );
      }
      case "slot_taken":
        return functionReply(false, say.shared.noSlot({ alternatives: [] }), {
          rescheduled: false,
        });
      case "refused":
        return functionReply(false, say.shared.bookingRefused({ refusal: r.refusal }), {
          rescheduled: false,
        });
      case "unconfirmed":
        return functionReply(false, say.shared.changeUnconfirmed(), {
          rescheduled: false,
          status: "checking",
        });
      case "calcom_unavailable":
        return cannotHelp(
          functionReply(false, say.shared.calendarUnavailable(), { rescheduled: false }),
          "calendar_unavailable",
        );
      case "none_for_number":
        return functionReply(false, say.own.nothingFound(), { rescheduled: false });
      // The same words for someone else's appointment and a wrong id or name.
      case "anonymous_caller":
      case "not_found":
        return functionReply(false, say.shared.notYourAppointment(), { rescheduled: false });
    }
  },
});
