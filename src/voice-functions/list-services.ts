import { z } from "zod";
import { functionReply } from "../retell/reply.ts";
import { defineFunction } from "./define-function.ts";
import { fromCatalog } from "./speaking.ts";

export const listServices = defineFunction({
  name: "list_services",
  description:
    "Lists the services the business offers, with their duration. Use it when the caller asks what is offered or names a service you do not know.",
  args: z.object({}),
  tool: { mode: "read" },
  messages: fromCatalog("servicesOffered"),
  async run(useCases, ctx, _args, say) {
    const { services } = await useCases.listVoiceServices(ctx);
    return functionReply(
      true,
      say.own.servicesOffered({
        services: services.map((s) => ({ name: s.name, minutes: s.durationMinutes })),
      }),
      { services: services.map((s) => ({ name: s.name, duration: s.durationMinutes })) },
    );
  },
});
