import type { Command } from "commander";
import type { CommandContext } from "../index.ts";
import { phoneNumberView } from "../present.ts";

export function registerPhoneCommands(program: Command, ctx: CommandContext): void {
  const phone = program.command("phone").description("route phone numbers to a company");

  phone
    .command("add")
    .description("route a phone number (E.164, or national format in the company's country)")
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--number <number>", "e.g. +49 30 1234567 or 030 1234567")
    .option("--label <label>", "e.g. Filiale Mitte")
    .action(async (opts: { company: string; number: string; label?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const { phoneNumber, created } = await app.features.addPhoneNumber(tenant, {
          number: opts.number,
          label: opts.label,
        });
        return {
          json: { phoneNumber: phoneNumberView(phoneNumber), created },
          text: created
            ? `${phoneNumber.number} now routes to ${tenant.company.name}`
            : `${phoneNumber.number} already routes to ${tenant.company.name}`,
        };
      });
    });
}
