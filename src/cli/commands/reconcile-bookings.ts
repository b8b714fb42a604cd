import type { Command } from "commander";
import type { Company } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import {
  type ReconcileRun,
  reconcileBookingsInput,
} from "../../features/appointments/reconcile-bookings.ts";
import { parseInput } from "../../features/parse-input.ts";
import type { CliApp, CommandContext } from "../context.ts";

/** Companies reconciled at once: each has its own Cal.com API key and rate limit. */
const parallel = 4;

export function registerReconcileBookingsCommand(program: Command, ctx: CommandContext): void {
  program
    .command("reconcile-bookings")
    .description(
      "compare Cal.com's bookings with ours and repair ours (missed webhooks, reassigned hosts); all connected companies by default",
    )
    .option("--company <slug>", "only this company")
    .option("--since <iso>", "bookings changed since then, instead of since the last run")
    .action(async (opts: { company?: string; since?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        // A bad --since is the caller's to fix (exit 2) before any company runs.
        parseInput(reconcileBookingsInput, { trigger: "cli", since: opts.since }, "--since");
        const companies = opts.company
          ? [await app.useCases.company.getCompany.bySlug(opts.company)]
          : (await app.useCases.company.listCompanies()).filter((c) => c.calcom.teamId !== null);
        const runs = await inTurn(companies, (company) => reconcileOne(app, company, opts.since));
        const failed = runs.filter((r) => r.status === "failed").length;
        const lines = runs.map((r) =>
          r.status === "succeeded"
            ? `✓ ${r.company}: ${r.checked} checked, ${r.created} created, ${r.updated} updated, ${r.cancelled} cancelled, ${r.unchanged} unchanged, ${r.calcomRequests} Cal.com requests`
            : `✗ ${r.company}: ${r.error}`,
        );
        return {
          exitCode: failed > 0 ? 1 : 0,
          json: { runs },
          text:
            runs.length === 0
              ? "no company has a Cal.com team configured"
              : `${lines.join("\n")}\n${runs.length - failed} of ${runs.length} reconciled`,
        };
      });
    });
}

async function reconcileOne(app: CliApp, company: Company, since: string | undefined) {
  let run: ReconcileRun;
  try {
    run = await app.useCases.appointments.reconcileBookings(
      { company, actor: { type: "cli" } },
      { trigger: "cli", ...(since === undefined ? {} : { since }) },
    );
  } catch (error) {
    // The company cannot be reconciled as configured (no team id): the caller's to fix.
    if (error instanceof ValidationError) throw error;
    return line(company, "failed", null, (error as Error)?.message ?? String(error));
  }
  return line(company, run.status === "succeeded" ? "succeeded" : "failed", run, run.error);
}

function line(
  company: Company,
  status: "succeeded" | "failed",
  run: ReconcileRun | null,
  error: string | null,
) {
  return {
    company: company.slug,
    status,
    checked: run?.checked ?? 0,
    created: run?.created ?? 0,
    updated: run?.updated ?? 0,
    cancelled: run?.cancelled ?? 0,
    unchanged: run?.unchanged ?? 0,
    calcomRequests: run?.calcomRequests ?? 0,
    error,
  };
}

/** Runs `work` over the items, `parallel` at a time; results in the items' order. */
async function inTurn<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
    }),
  );
  return results;
}
