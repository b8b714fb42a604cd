import { type Command, InvalidArgumentError, Option } from "commander";
import type { HostMapping } from "../../domain/entities.ts";
import type { MappingChange } from "../../features/mappings/change-one-mapping.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";
import { parsePositiveInt } from "./options.ts";

const mappingView = (m: HostMapping | null) =>
  m && {
    calcomUserId: m.calcomUserId,
    staffId: m.staffId,
    status: m.status,
    source: m.source,
    confidence: m.confidence,
    reasonCode: m.reasonCode,
    reason: m.reasonText,
  };

export function registerMappingsCommands(program: Command, ctx: CommandContext): void {
  const mappings = program
    .command("mappings")
    .description("review and change host → staff mappings");

  mappings
    .command("list")
    .description("every Cal.com host of the company with its mapping")
    .requiredOption("--company <slug>", "company slug")
    .addOption(
      new Option("--status <status>", "only this status").choices([
        "active",
        "suggested",
        "rejected",
        "unmapped",
      ]),
    )
    .action(
      async (
        opts: { company: string; status?: "active" | "suggested" | "rejected" | "unmapped" },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const tenant = await ctx.tenant(app, opts.company);
          const rows = await app.useCases.mappings.listHostMappings(tenant, {
            status: opts.status,
          });
          return {
            json: { mappings: rows },
            text:
              rows.length === 0
                ? "no hosts (run sync-teams first?)"
                : table(
                    ["HOST", "NAME", "EMAIL", "STATUS", "STAFF", "CONFIDENCE", "REASON"],
                    rows.map((r) => [
                      r.calcomUserId,
                      r.name,
                      r.email,
                      r.status,
                      r.staff ? `${r.staff.name} (${r.staff.id})` : null,
                      r.confidence,
                      r.reason,
                    ]),
                  ),
          };
        });
      },
    );

  const change = (verb: MappingChange["verb"], description: string, withStaff: boolean) => {
    const cmd = mappings
      .command(verb)
      .description(description)
      .requiredOption("--company <slug>", "company slug")
      .requiredOption("--host <userId>", "Cal.com user id of the host", parsePositiveInt)
      .option("--reason <text>", "why (kept in the audit)");
    if (withStaff)
      cmd.requiredOption("--staff <staffId>", "staff id (see: staff import --json)", nonEmpty);
    cmd.action(
      async (
        opts: { company: string; host: number; staff?: string; reason?: string },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const tenant = await ctx.tenant(app, opts.company);
          const input: MappingChange =
            verb === "set"
              ? { verb, calcomUserId: opts.host, staffId: opts.staff!, reason: opts.reason }
              : { verb, calcomUserId: opts.host, reason: opts.reason };
          const { before, after } = await app.useCases.mappings.changeHostMapping(tenant, input);
          return {
            json: { before: mappingView(before), after: mappingView(after) },
            text: after
              ? `host ${opts.host}: ${before?.status ?? "unmapped"} → ${after.status} (staff ${after.staffId})`
              : `host ${opts.host}: mapping removed`,
          };
        });
      },
    );
  };
  change(
    "set",
    "map a host to a staff member by hand (refused for other companies' or inactive staff, or staff mapped elsewhere)",
    true,
  );
  change("accept", "accept a suggested mapping", false);
  change(
    "reject",
    "reject a suggested (or automatic) mapping; the matcher will not propose it again",
    false,
  );
  change("unset", "remove a host's mapping", false);
}

function nonEmpty(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("must not be empty");
  return value.trim();
}
