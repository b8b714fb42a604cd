import { z } from "zod";
import { functionReply } from "../retell/reply.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const findAppointments = defineFunction({
  name: "find_appointments",
  description:
    "Finds the caller's upcoming appointments by the number they call from: service and time only. Use it before cancelling or rescheduling.",
  args: z.object({}),
  tool: { mode: "read" },
  messages: fromCatalog("appointmentsFound", "nothingFound"),
  async run(useCases, ctx, _args, say) {
    const r = await useCases.findAppointments(ctx);
    switch (r.kind) {
      case "anonymous_caller":
        return functionReply(true, say.own.nothingFound(), { appointments: [] });
      case "appointments":
        if (r.appointments.length === 0)
          return functionReply(true, say.own.nothingFound(), { appointments: [] });
        return functionReply(
          true,
          say.own.appointmentsFound({
            appointments: r.appointments.map((a) => ({
              service: a.serviceName ?? "",
              when: say.when(a.startAt),
            })),
          }),
          {
            appointments: r.appointments.map((a) => ({
              appointment_id: a.id,
              service: a.serviceName,
              start: say.zoned(a.startAt),
              label: say.when(a.startAt),
            })),
          },
        );
    }
  },
});
