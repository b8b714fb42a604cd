import { z } from "zod";
import { cannotHelp, functionReply } from "../retell/reply.ts";
import { appointmentRef, namesAppointment, needsAppointment } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const cancelAppointment = defineFunction({
  name: "cancel_appointment",
  description:
    "Cancels one of the caller's appointments, after the caller confirmed which one and said the name it was booked under. Give appointment_id or start, and customer_name.",
  args: z.object(appointmentRef).refine(namesAppointment, needsAppointment),
  alsoRequired: ["customer_name"],
  tool: {
    mode: "change",
    filler: {
      de: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt stornieren.",
      en: "Briefly say that you are cancelling the appointment now.",
    },
  },
  messages: fromCatalog("cancelled", "nothingFound"),
  async run(useCases, ctx, args, say) {
    const r = await useCases.cancelAppointment(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "cancelled":
        return functionReply(true, say.own.cancelled({ when: say.when(r.appointment.startAt) }), {
          cancelled: true,
        });
      case "unconfirmed":
        return functionReply(false, say.shared.changeUnconfirmed(), {
          cancelled: false,
          status: "checking",
        });
      case "calcom_unavailable":
        return cannotHelp(
          functionReply(false, say.shared.calendarUnavailable(), { cancelled: false }),
          "calendar_unavailable",
        );
      case "none_for_number":
        return functionReply(false, say.own.nothingFound(), { cancelled: false });
      // The same words for someone else's appointment and a wrong id or name.
      case "anonymous_caller":
      case "not_found":
        return functionReply(false, say.shared.notYourAppointment(), { cancelled: false });
    }
  },
});
