import type { Command } from "commander";
import type { Company } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { SyncServiceHostsResult } from "../../features/sync/sync-service-hosts.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";
import { problemText } from "../present.ts";

interface Options {
  companyId?: string;
  company?: string;
  serviceId?: string;
  dryRun?: boolean;
  fetch: boolean;
}

export function registerSyncServiceHostsCommand(program: Command, ctx: CommandContext): void {
  program
    .command("sync-service-hosts")
    .description(
      "team sync, then map Cal.com hosts to staff (auto where the evidence is strong, suggestions otherwise); all companies by default",
    )
    .option("--company-id <id>", "only this company (by id)")
    .option("--company <slug>", "only this company (by slug)")
    .option("--service-id <id>", "only the hosts of this service (needs --company or --company-id)")
    .option("--dry-run", "show what would change and write nothing (uses the mirror as it is)")
    .option("--no-fetch", "skip the team sync and use the mirror as it is")
    .action(async (opts: Options, command: Command) => {
      await ctx.run(command, async (app) => {
        if (opts.companyId && opts.company)
          throw new ValidationError("use --company-id or --company, not both");
        if (opts.serviceId && !opts.companyId && !opts.company)
          throw new ValidationError("--service-id needs --company or --company-id");
        const companies = opts.companyId
          ? [await app.useCases.company.getCompany.byId(opts.companyId)]
          : opts.company
            ? [await app.useCases.company.getCompany.bySlug(opts.company)]
            : (await app.useCases.company.listCompanies()).filter((c) => c.calcom.teamId !== null);

        const runs: { company: Company; result: SyncServiceHostsResult }[] = [];
        for (const company of companies) {
          const result = await app.useCases.sync.syncServiceHosts(
            { company, actor: { type: "cli" } },
            { trigger: "cli", serviceId: opts.serviceId, fetch: opts.fetch, dryRun: opts.dryRun },
          );
          runs.push({ company, result });
        }
        const failed = runs.filter((r) => r.result.run.status === "failed").length;
        const view = (r: (typeof runs)[number]) => ({
          company: { id: r.company.id, slug: r.company.slug },
          run: r.result.run,
          services: r.result.services,
          totals: r.result.totals,
          dryRun: r.result.dryRun,
          changes: r.result.changes,
          unmapped: r.result.unmapped,
          error: r.result.error,
        });
        const single = opts.companyId || opts.company;
        return {
          exitCode: failed > 0 ? 1 : 0,
          json: single
            ? view(runs[0]!)
            : { runs: runs.map(view), totals: sumTotals(runs.map((r) => r.result)) },
          text:
            runs.length === 0
              ? "no company has a Cal.com team configured"
              : runs.map(describe).join("\n\n"),
        };
      });
    });
}

function sumTotals(results: SyncServiceHostsResult[]) {
  const keys = ["services", "hosts", "mapped", "created", "suggested", "unmapped"] as const;
  return Object.fromEntries(keys.map((k) => [k, results.reduce((n, r) => n + r.totals[k], 0)]));
}

function describe({
  company,
  result,
}: {
  company: Company;
  result: SyncServiceHostsResult;
}): string {
  const head = `${company.name} (${company.slug})${result.dryRun ? " — dry run, nothing written" : ""}`;
  if (result.error) return `${head}\n  ✗ ${result.error}`;
  const t = result.totals;
  return [
    head,
    table(
      ["SERVICE", "EVENT TYPE", "HOSTS", "MAPPED", "SUGGESTED", "UNMAPPED", "CHANGED", "PHONE"],
      result.services.map((s) => [
        s.name,
        s.eventTypeId ?? "none",
        s.hosts,
        s.mapped,
        s.suggested,
        s.unmapped,
        s.created,
        s.bookableByPhone ? "yes" : "no",
      ]),
    ),
    `total: ${t.hosts} hosts, ${t.mapped} mapped, ${t.suggested} suggested, ${t.unmapped} unmapped; ${t.created} ${result.dryRun ? "would change" : "changed"}; ${result.run.calcomRequests} Cal.com requests`,
    ...result.changes.map(
      (c) =>
        `  ${c.action}: ${c.hostName ?? c.calcomUserId} → ${c.staffName ?? "—"} (${c.confidence}%): ${c.reason}`,
    ),
    ...result.services
      .filter((s) => s.problems.length > 0)
      .map(
        (s) =>
          `  not bookable by phone: ${s.name}: ${s.problems.map((p) => problemText[p]).join("; ")}`,
      ),
    ...result.unmapped.map(
      (u) => `  unmapped: ${u.name ?? u.calcomUserId} (${u.calcomUserId}): ${u.explanation}`,
    ),
  ].join("\n");
}
