import type { Command } from "commander";
import type { CommandContext } from "../context.ts";

/**
 * A caller's data in one company (docs/privacy.md): `export` prints everything stored about
 * them as one JSON document; `erase` removes it (the appointments stay without the personal
 * fields), in one transaction, audited.
 */
export function registerCustomerCommands(program: Command, ctx: CommandContext): void {
  const customer = program
    .command("customer")
    .description("export or erase what is stored about one caller (by phone number)");

  customer
    .command("export")
    .description("print everything stored about a caller in the company as one JSON document")
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--phone <number>", "E.164, or national format in the company's country")
    .action(async (opts: { company: string; phone: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const document = await app.useCases.privacy.exportCustomer(tenant, { phone: opts.phone });
        // The export is a JSON document with or without --json.
        return { json: document, text: JSON.stringify(document, null, 2) };
      });
    });

  customer
    .command("erase")
    .description(
      "erase a caller: customer record, personal fields of their appointments, call numbers and summaries, booking attempts, raw deliveries (audited)",
    )
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--phone <number>", "E.164, or national format in the company's country")
    .action(async (opts: { company: string; phone: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const result = await app.useCases.privacy.eraseCustomer(tenant, { phone: opts.phone });
        const c = result.counts;
        return {
          json: result,
          text: result.erased
            ? `erased ${result.phone} in ${tenant.company.name}: ${c.customers} customer record, ${c.appointments} appointments blanked, ${c.calls} calls blanked, ${c.bookingAttempts} booking attempts deleted, ${c.inboxEvents} deliveries redacted`
            : `nothing is stored about ${result.phone} in ${tenant.company.name}`,
        };
      });
    });
}

/** Retention by hand: what the daily purge job does, for every company at once. */
export function registerPurgeExpiredCommand(program: Command, ctx: CommandContext): void {
  program
    .command("purge-expired")
    .description(
      "apply RETENTION_DAYS now: redact old raw deliveries, delete settled booking attempts and expired sessions",
    )
    .action(async (_opts: unknown, command: Command) => {
      await ctx.run(command, async (app) => {
        const report = await app.useCases.privacy.purgeExpiredData();
        const lines = report.companies.map(
          (c) =>
            `${c.company}: ${c.inboxRedacted} deliveries redacted, ${c.bookingAttemptsDeleted} booking attempts deleted`,
        );
        return {
          json: report,
          text: [
            `purged what was received before ${report.before} (${report.retentionDays} days)`,
            ...lines,
          ].join("\n"),
        };
      });
    });
}
