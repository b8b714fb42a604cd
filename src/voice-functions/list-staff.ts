import { z } from "zod";
import type { Locale } from "../domain/entities.ts";
import { allOf, cannotHelp, functionReply } from "../retell/reply.ts";
import { optionalText, requiredText } from "./arguments.ts";
import { defineFunction } from "./define-function.ts";

interface StaffLines {
  /** Who does the service; `day` when the caller asked about a day. */
  staffFor(a: { service: string; names: readonly string[]; day: boolean }): string;
}

// Who works on a day is not known (see the description), so a day is answered honestly.
const messages: Record<Locale, StaffLines> = {
  de: {
    staffFor: ({ service, names, day }) =>
      (names.length === 0
        ? "Wer diese Leistung macht, kann ich Ihnen gerade nicht sagen."
        : `${service} ${names.length === 1 ? "macht" : "machen"} bei uns ${allOf(names, "de")}.`) +
      (day ? " Wer an dem Tag da ist, prüfe ich mit einer Uhrzeit." : ""),
  },
  en: {
    staffFor: ({ service, names, day }) =>
      (names.length === 0
        ? "I can't tell you right now who does that."
        : `${service} is done by ${allOf(names, "en")}.`) +
      (day ? " Who is in that day I can check with a time." : ""),
  },
};

export const listStaff = defineFunction({
  name: "list_staff",
  description:
    "Names the staff who do a service, e.g. when the caller asks who does it or who is in on a day. With a day, the reply still names everyone who does the service: who works that day is not known here. To find a free time with one of them, call check_availability with a time and their name as staff.",
  args: z.object({
    service: requiredText(
      "service",
      "The service as the caller named it, or as list_services returned it.",
    ),
    date: optionalText("date", "The day, if the caller asked about one: {date}."),
  }),
  tool: { mode: "read" },
  messages,
  async run(useCases, ctx, args, say) {
    const r = await useCases.listStaff(ctx, args);
    switch (r.kind) {
      case "ask":
        return say.askAgain(r);
      case "unknown_service":
        return cannotHelp(
          functionReply(false, say.shared.unknownService({ offered: r.services }), {
            services: r.services,
          }),
          "unknown_service",
        );
      case "not_bookable":
        return functionReply(false, say.shared.notBookableByPhone({ offered: r.services }), {
          bookable_by_phone: false,
          services: r.services,
        });
      case "staff": {
        const names = r.staff.map((s) => s.name);
        return functionReply(
          true,
          say.own.staffFor({ service: r.service, names, day: r.date !== null }),
          {
            service: r.service,
            staff: names,
            ...(r.date ? { date: r.date, staff_on_date_known: false } : {}),
          },
        );
      }
    }
  },
});
