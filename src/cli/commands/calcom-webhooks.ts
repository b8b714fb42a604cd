import type { Command } from "commander";
import type { CommandContext } from "../context.ts";

const marks = { created: "+", updated: "~", unchanged: "=", failed: "✗" } as const;

export function registerCalcomWebhooksCommands(program: Command, ctx: CommandContext): void {
  const webhooks = program
    .command("calcom-webhooks")
    .description("the booking webhooks on the company's Cal.com event types");

  webhooks
    .command("install")
    .description(
      "put our booking webhook on every event type an active service is linked to (idempotent)",
    )
    .requiredOption("--company <slug>", "the company")
    .option("--only-missing", "skip event types whose installed webhook is up to date (no request)")
    .action(async (opts: { company: string; onlyMissing?: boolean }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const result = await app.useCases.company.installCalcomWebhooks(tenant, {
          onlyMissing: opts.onlyMissing ?? false,
        });
        const lines = result.eventTypes.map(
          (e) =>
            `${marks[e.outcome]} ${e.eventTypeId} ${e.title}: ${e.outcome}${e.reason ? ` (${e.reason})` : ""}`,
        );
        const { created, updated, unchanged, failed } = result.counts;
        return {
          exitCode: failed > 0 ? 1 : 0,
          json: result,
          text:
            result.eventTypes.length === 0
              ? `no active service of ${opts.company} is linked to a Cal.com event type`
              : `${lines.join("\n")}\nwebhooks to ${result.subscriberUrl}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed, ${result.calcomRequests} Cal.com requests`,
        };
      });
    });
}
