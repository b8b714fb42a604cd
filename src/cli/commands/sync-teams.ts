import type { Command } from "commander";
import type { Company } from "../../domain/entities.ts";
import type { CliApp, CommandContext } from "../context.ts";

export function registerSyncTeamsCommand(program: Command, ctx: CommandContext): void {
  program
    .command("sync-teams")
    .description(
      "mirror Cal.com teams (event types, hosts, members); all connected companies by default",
    )
    .option("--company <slug>", "only this company")
    .action(async (opts: { company?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const companies = opts.company
          ? [await app.useCases.company.getCompany.bySlug(opts.company)]
          : (await app.useCases.company.listCompanies()).filter((c) => c.calcom.teamId !== null);
        const results = [];
        for (const company of companies) results.push(await syncOne(app, company));
        const failed = results.filter((r) => r.status === "failed").length;
        const lines = results.map((r) =>
          r.status === "succeeded"
            ? `✓ ${r.company}: ${r.changes?.eventTypes} event types, ${r.changes?.hosts} hosts, ${r.changes?.members} members (+${r.changes?.hostsAdded}/−${r.changes?.hostsRemoved} hosts), ${r.calcomRequests} Cal.com requests`
            : r.status === "failed"
              ? `✗ ${r.company}: ${r.error}`
              : `· ${r.company}: skipped, ${r.error}`,
        );
        return {
          exitCode: failed > 0 ? 1 : 0,
          json: { runs: results },
          text:
            results.length === 0
              ? "no company has a Cal.com team configured"
              : `${lines.join("\n")}\n${results.length - failed} of ${results.length} synced`,
        };
      });
    });
}

async function syncOne(app: CliApp, company: Company) {
  const result = await app.useCases.sync.syncTeam(
    { company, actor: { type: "cli" } },
    { trigger: "cli" },
  );
  return {
    company: company.slug,
    status: result.status,
    runId: result.run?.id ?? null,
    calcomRequests: result.run?.calcomRequests ?? 0,
    changes: result.status === "succeeded" ? result.changes : null,
    error:
      result.status === "failed"
        ? result.error
        : result.status === "skipped"
          ? result.reason
          : null,
  };
}
