import type { Command } from "commander";
import type { CommandContext } from "../context.ts";
import { serviceView } from "../present.ts";

export function registerServiceCommands(program: Command, ctx: CommandContext): void {
  const service = program.command("service").description("manage a company's services");

  service
    .command("create")
    .description(
      "create a service, optionally linked to a Cal.com event type of the company's team",
    )
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--name <name>", "service name, e.g. Haarschnitt")
    .requiredOption("--duration <minutes>", "duration in minutes")
    .option("--price <cents>", "price in cents")
    .option(
      "--event-type-id <id>",
      "Cal.com event type id of the company's team (the team is synced first if it is not known yet)",
    )
    .action(
      async (
        opts: {
          company: string;
          name: string;
          duration: string;
          price?: string;
          eventTypeId?: string;
        },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const tenant = await ctx.tenant(app, opts.company);
          const created = await app.useCases.service.createService(tenant, {
            name: opts.name,
            durationMinutes: opts.duration,
            priceCents: opts.price,
            eventTypeId: opts.eventTypeId,
          });
          return {
            json: { service: serviceView(created) },
            text: `created service ${created.name} (${created.durationMinutes} min, id ${created.id})`,
          };
        });
      },
    );

  service
    .command("update")
    .description("change a service; a new event type must be in the company's synced team")
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--service-id <id>", "the service to change")
    .option("--name <name>", "new name")
    .option("--duration <minutes>", "new duration in minutes")
    .option("--price <cents>", "new price in cents")
    .option("--event-type-id <id>", "link to this Cal.com event type")
    .option("--no-event-type", "unlink the service from Cal.com")
    .action(
      async (
        opts: {
          company: string;
          serviceId: string;
          name?: string;
          duration?: string;
          price?: string;
          eventTypeId?: string;
          eventType: boolean;
        },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const tenant = await ctx.tenant(app, opts.company);
          const updated = await app.useCases.service.updateService(tenant, {
            serviceId: opts.serviceId,
            name: opts.name,
            durationMinutes: opts.duration,
            priceCents: opts.price,
            eventTypeId: opts.eventType === false ? null : opts.eventTypeId,
          });
          return {
            json: { service: serviceView(updated) },
            text: `updated service ${updated.name} (${updated.durationMinutes} min, event type ${updated.calcomEventTypeId ?? "none"})`,
          };
        });
      },
    );
}
