import type { Command } from "commander";
import type { CommandContext } from "../context.ts";

export function registerRetellAgentCommands(program: Command, ctx: CommandContext): void {
  program
    .command("retell-agent")
    .description(
      "route a Retell agent's calls to a company (used when the dialled number is unknown)",
    )
    .command("add")
    .requiredOption("--company <slug>", "company slug")
    .requiredOption("--agent-id <id>", "the Retell agent id, e.g. agent_1a2b3c")
    .action(async (opts: { company: string; agentId: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const { created } = await app.useCases.company.addRetellAgent(tenant, {
          agentId: opts.agentId,
        });
        return {
          json: { agentId: opts.agentId, created },
          text: `${opts.agentId} ${created ? "now answers" : "already answers"} for ${tenant.company.name}`,
        };
      });
    });
}
