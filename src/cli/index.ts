import { Command, CommanderError } from "commander";
import { registerAppointmentsCommands } from "./commands/appointments.ts";
import { registerCalcomWebhooksCommands } from "./commands/calcom-webhooks.ts";
import { registerCompanyCommands } from "./commands/company.ts";
import { registerCustomerCommands, registerPurgeExpiredCommand } from "./commands/customer.ts";
import { registerDemoCommand } from "./commands/demo.ts";
import { registerEventTypesCommands } from "./commands/event-types.ts";
import { registerMappingsCommands } from "./commands/mappings.ts";
import { registerMatchPreviewCommand } from "./commands/match-preview.ts";
import { registerMigrateCommand } from "./commands/migrate.ts";
import { registerPhoneCommands } from "./commands/phone.ts";
import { registerReconcileBookingsCommand } from "./commands/reconcile-bookings.ts";
import { registerRetellAgentCommands } from "./commands/retell-agent.ts";
import { registerRetellToolsCommand } from "./commands/retell-tools.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerServiceCommands } from "./commands/service.ts";
import { registerStaffCommands } from "./commands/staff.ts";
import { registerSyncServiceHostsCommand } from "./commands/sync-service-hosts.ts";
import { registerSyncTeamsCommand } from "./commands/sync-teams.ts";
import { registerTokenCommands } from "./commands/token.ts";
import { registerUserCommands } from "./commands/user.ts";
import type { CliApp, CliDeps, CommandContext } from "./context.ts";
import type { CliIo } from "./io.ts";
import { printError, printResult } from "./output.ts";

export async function runCli(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  let exitCode = 0;
  const program = new Command("frontdesk")
    .description("Frontdesk: the bridge between an AI phone receptionist and Cal.com")
    .option("--json", "print one JSON document on stdout")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const ctx: CommandContext = {
    io,
    deps,
    async run(command, body, options) {
      let app: CliApp | undefined;
      try {
        await ctx.runWithoutApp(command, async () => {
          app = await deps.openApp(options);
          return body(app);
        });
      } finally {
        await app?.close();
      }
    },
    async runWithoutApp(command, body) {
      const json = Boolean(command.optsWithGlobals().json);
      try {
        const result = await body();
        printResult(io, json, result);
        exitCode = result.exitCode ?? 0;
      } catch (error) {
        exitCode = printError(io, json, error);
        if (exitCode === 2)
          io.stderr(`usage: frontdesk ${commandPath(command)} ${command.usage()}\n`);
      }
    },
    async tenant(app, slug) {
      return {
        company: await app.useCases.company.getCompany.bySlug(slug),
        actor: { type: "cli" },
      };
    },
  };

  registerMigrateCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerDemoCommand(program, ctx);
  registerCompanyCommands(program, ctx);
  registerStaffCommands(program, ctx);
  registerServiceCommands(program, ctx);
  registerPhoneCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerSyncTeamsCommand(program, ctx);
  registerSyncServiceHostsCommand(program, ctx);
  registerCalcomWebhooksCommands(program, ctx);
  registerReconcileBookingsCommand(program, ctx);
  registerEventTypesCommands(program, ctx);
  registerMappingsCommands(program, ctx);
  registerMatchPreviewCommand(program, ctx);
  registerAppointmentsCommands(program, ctx);
  registerRetellToolsCommand(program, ctx);
  registerRetellAgentCommands(program, ctx);
  registerCustomerCommands(program, ctx);
  registerPurgeExpiredCommand(program, ctx);
  registerTokenCommands(program, ctx);

  // Subcommands inherit the usage-error behaviour.
  const configure = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().showHelpAfterError("(run with --help for usage)").configureOutput({
        writeOut: io.stdout,
        writeErr: io.stderr,
      });
      configure(sub);
    }
  };
  configure(program);

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code))
        return 0;
      return 2;
    }
    return printError(io, false, error);
  }
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}
