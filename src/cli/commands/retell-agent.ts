import type { Command } from "commander";
import type { ProvisionResult } from "../../features/company/provision-retell-agent.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";

const kindNames = { llm: "LLM", agent: "agent", phone_number: "number" } as const;

function provisionText(company: string, result: ProvisionResult): string {
  if (result.dryRun)
    return `dry run, nothing sent; the configuration for ${company}:\n${JSON.stringify(result.configuration, null, 2)}`;
  const rows = result.outcomes.map((o) => [
    kindNames[o.kind],
    o.id,
    o.action === "missing" ? "not in Retell (buy or import it there first)" : o.action,
    o.action === "updated" ? o.fields.join(", ") : "",
  ]);
  return `Retell agent of ${company}:\n${table(["RECORD", "ID", "RESULT", "CHANGED"], rows)}`;
}

export function registerRetellAgentCommands(program: Command, ctx: CommandContext): void {
  const agent = program.command("retell-agent").description("a company's Retell agent");

  agent
    .command("add")
    .description(
      "route a Retell agent's calls to a company (used when the dialled number is unknown)",
    )
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

  agent
    .command("provision")
    .description(
      "create or update the company's LLM, agent and phone-number bindings in Retell (RETELL_API_KEY, PUBLIC_URL); a re-run changes only what differs",
    )
    .requiredOption("--company <slug>", "company slug")
    .option("--dry-run", "print the configuration that would be sent, and send nothing")
    .action(async (opts: { company: string; dryRun?: boolean }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const result = await app.useCases.company.provisionRetellAgent(tenant, {
          dryRun: opts.dryRun,
        });
        return { json: result, text: provisionText(tenant.company.name, result) };
      });
    });
}
