import { z } from "zod";
import type { CheckAvailabilityOutcome } from "../features/voice/check-availability.ts";
import { cannotHelp, functionReply } from "../retell/reply.ts";
import { optionalText, requiredText, staffWish } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog, type Speaking } from "./speaking.ts";

const own = fromCatalog(
  "staffNotOffering",
  "staffAmbiguous",
  "staffChecked",
  "staffNotPromised",
  "serviceNamed",
  "slotAvailable",
  "closedOn",
);
type Own = (typeof own)["en"];
type WithTimes = Extract<CheckAvailabilityOutcome, { namedDifferently: boolean }>;

export const checkAvailability = defineFunction({
  name: "check_availability",
  description:
    "Checks whether a service is free at a day and time, and returns up to 3 nearest free slots with a spoken label. Always call it before book_appointment. Pass the caller's own words for the day and time when unsure; never invent a date. When the caller asked for a person, data.staff_guaranteed says whether the times are that person's own; if it is false, never promise the person.",
  args: z.object({
    service: requiredText(
      "service",
      "The service as the caller named it, or as list_services returned it.",
    ),
    date: requiredText("date", "The day: {date}."),
    time: optionalText("time", "The time of day, if the caller gave one: {time}."),
    staff: staffWish,
  }),
  tool: { mode: "read" },
  messages: own,
  async run(useCases, ctx, args, say) {
    const r = await useCases.checkAvailability(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "unknown_service":
        return cannotHelp(
          functionReply(false, say.shared.unknownService({ offered: r.services }), {
            available: false,
            services: r.services,
          }),
          "unknown_service",
        );
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
      case "staff_ambiguous":
        return functionReply(false, say.own.staffAmbiguous({ names: r.names }), {
          available: false,
          staff_options: r.names,
        });
      case "available":
        return functionReply(
          true,
          spoken(say, r, say.own.slotAvailable({ when: say.when(r.start) })),
          { available: true, slots: say.slotData(r.slots), ...about(r) },
        );
      case "alternatives":
        return functionReply(
          true,
          spoken(say, r, say.shared.noSlot({ alternatives: say.slotsByDay(r.slots) })),
          { available: false, slots: say.slotData(r.slots), ...about(r) },
        );
      case "closed":
        return functionReply(
          true,
          spoken(
            say,
            r,
            say.own.closedOn({ weekday: r.weekday, alternatives: say.slotsByDay(r.slots) }),
          ),
          { available: false, closed: true, slots: say.slotData(r.slots), ...about(r) },
        );
      case "no_slots":
        return functionReply(true, spoken(say, r, say.shared.noSlot({ alternatives: [] })), {
          available: false,
          slots: [],
          ...about(r),
        });
      case "calcom_unavailable":
        return cannotHelp(
          functionReply(false, say.shared.calendarUnavailable(), { available: false }),
          "calendar_unavailable",
        );
    }
  },
});

/**
 * The times' line with what the caller should also hear: which service they are for when it
 * was named differently, and whose times they are when a person was asked for.
 */
function spoken(say: Speaking<Own>, r: WithTimes, line: string): string {
  return [
    r.namedDifferently ? say.own.serviceNamed({ service: r.service }) : null,
    r.staff?.guaranteed ? say.own.staffChecked({ staff: r.staff.name }) : null,
    line,
    r.staff && !r.staff.guaranteed ? say.own.staffNotPromised({ staff: r.staff.name }) : null,
  ]
    .filter((part) => part !== null)
    .join(" ");
}

/** The service the times are for, and for a wish for a person whether the times are theirs. */
const about = (r: WithTimes) => ({
  service: r.service,
  ...(r.staff ? { staff_name: r.staff.name, staff_guaranteed: r.staff.guaranteed } : {}),
});
