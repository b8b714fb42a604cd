import { z } from "zod";
import { functionReply } from "../retell/reply.ts";
import { optionalText, requiredText } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const checkAvailability = defineFunction({
  name: "check_availability",
  description:
    "Checks whether a service is free at a day and time, and returns up to 3 nearest free slots with a spoken label. Always call it before book_appointment. Pass the caller's own words for the day and time when unsure; never invent a date.",
  args: z.object({
    service: requiredText(
      "service",
      "The service as the caller named it, or as list_services returned it.",
    ),
    date: requiredText("date", "The day: {date}."),
    time: optionalText("time", "The time of day, if the caller gave one: {time}."),
    staff: optionalText("staff", "The name of the staff member the caller asked for, if any."),
  }),
  tool: { mode: "read" },
  messages: fromCatalog("staffNotOffering", "slotAvailable"),
  async run(useCases, ctx, args, say) {
    const r = await useCases.checkAvailability(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "unknown_service":
        return functionReply(false, say.shared.unknownService({ offered: r.services }), {
          available: false,
          services: r.services,
        });
      case "not_bookable":
        return functionReply(false, say.shared.notBookableByPhone({ offered: r.services }), {
          available: false,
          bookable_by_phone: false,
          services: r.services,
        });
      case "staff_not_offering":
        return functionReply(
          false,
          say.own.staffNotOffering({ staff: r.staff, offeredBy: r.offeredBy }),
          { available: false, staff_offering: r.offeredBy },
        );
      case "available":
        return functionReply(true, say.own.slotAvailable({ when: say.when(r.start) }), {
          available: true,
          slots: say.slotData(r.slots),
        });
      case "alternatives":
        return functionReply(true, say.shared.noSlot({ alternatives: r.slots.map(say.when) }), {
          available: false,
          slots: say.slotData(r.slots),
        });
      case "no_slots":
        return functionReply(true, say.shared.noSlot({ alternatives: [] }), {
          available: false,
          slots: [],
        });
      case "calcom_unavailable":
        return functionReply(false, say.shared.calendarUnavailable(), { available: false });
    }
  },
});
