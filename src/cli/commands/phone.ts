import type { Command } from "commander";
import type { CommandContext } from "../context.ts";
import { phoneNumberView } from "../present.ts";

/**
 * Which numbers route calls to a company. The CLI is the operator's tool: it acts as the
 * platform (`actor: cli`), the one that may add and remove numbers.
 */
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
        const { phoneNumber, created } = await app.useCases.company.addPhoneNumber(tenant, {
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

  phone
    .command("remove")
    .description("stop routing one of the company's phone numbers to it")
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--number <number>", "e.g. +49 30 1234567 or 030 1234567")
    .action(async (opts: { company: string; number: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const { number } = await app.useCases.company.removePhoneNumber(tenant, {
          number: opts.number,
        });
        return {
          json: { removed: number },
          text: `${number} no longer routes to ${tenant.company.name}`,
        };
      });
    });

  phone
    .command("list")
    .description("the phone numbers that route to a company")
    .requiredOption("--company <slug>", "company slug")
    .action(async (opts: { company: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const numbers = await app.useCases.company.listPhoneNumbers(tenant);
        return {
          json: { phoneNumbers: numbers.map(phoneNumberView) },
          text:
            numbers.length === 0
              ? `no phone numbers route to ${tenant.company.name}`
              : numbers.map((p) => (p.label ? `${p.number}  ${p.label}` : p.number)).join("\n"),
        };
      });
    });
}
