import type { Command } from "commander";
import type { CommandContext } from "../context.ts";

export function registerRetellToolsCommand(program: Command, ctx: CommandContext): void {
  program
    .command("retell-tools")
    .description(
      "print the Retell custom-tool definitions to paste into the company's agent (URLs from PUBLIC_URL)",
    )
    .requiredOption("--company <slug>", "company slug")
    .action(async (opts: { company: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const tools = app.retellTools(tenant.company);
        // The tool list is what Retell takes, so it is the output in both modes.
        return { json: tools, text: JSON.stringify(tools, null, 2) };
      });
    });
}
