import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { type Command, Option } from "commander";
import { ValidationError } from "../../domain/errors.ts";
import type { StaffFile } from "../../domain/staff-import.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";
import { staffMemberView, staffView } from "../present.ts";

/**
 * The file as bytes, so the use-case decides its encoding (UTF-8 or Windows-1252) instead of a
 * UTF-8 read that turns every other byte into "�". Standard input arrives as text already.
 */
async function readStaffFile(
  ctx: CommandContext,
  file: string,
  format: StaffFile["format"],
): Promise<StaffFile> {
  if (file === "-") {
    const text = await ctx.io.readStdin();
    // Standard input was read as UTF-8: "�" is where a byte could not be, never a real name.
    if (text.includes("\uFFFD"))
      throw new ValidationError(
        "standard input is not UTF-8 text; pass the file by name, which also reads Windows-1252",
      );
    return { format, text };
  }
  try {
    return { format, bytes: new Uint8Array(await readFile(file)) };
  } catch (error) {
    throw new ValidationError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function registerStaffCommands(program: Command, ctx: CommandContext): void {
  const staff = program.command("staff").description("manage a company's staff");

  staff
    .command("import")
    .description(
      "import staff from CSV or JSON (name,email,phone,active; UTF-8 or Windows-1252); all rows or none",
    )
    .argument("<file>", "CSV or JSON file, or - for standard input")
    .requiredOption("--company <slug>", "company slug")
    .addOption(
      new Option("--format <format>", "file format (default: from the file name)").choices([
        "csv",
        "json",
      ]),
    )
    .action(
      async (
        file: string,
        opts: { company: string; format?: "csv" | "json" },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const format = opts.format ?? (extname(file).toLowerCase() === ".json" ? "json" : "csv");
          const input = await readStaffFile(ctx, file, format);
          const tenant = await ctx.tenant(app, opts.company);
          const result = await app.useCases.staff.importStaff(tenant, input);
          return {
            json: {
              created: result.created,
              updated: result.updated,
              unchanged: result.unchanged,
              staff: result.staff.map(staffView),
            },
            text: `imported ${result.staff.length} staff into ${tenant.company.name}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
          };
        });
      },
    );

  staff
    .command("list")
    .description(
      "every staff member of a company (active first) with the Cal.com hosts mapped to them",
    )
    .requiredOption("--company <slug>", "company slug")
    .action(async (opts: { company: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const members = await app.useCases.staff.listStaffMembers(tenant);
        return {
          json: { staff: members.map(staffMemberView) },
          text:
            members.length === 0
              ? `${tenant.company.name} has no staff yet (use staff import)`
              : table(
                  ["NAME", "EMAIL", "PHONE", "ACTIVE", "CAL.COM HOST"],
                  members.map(({ staff: s, hosts }) => [
                    s.name,
                    s.email,
                    s.phone,
                    s.active ? "yes" : "no",
                    hosts.length === 0
                      ? null
                      : hosts.map((h) => `${h.name ?? "?"} (#${h.calcomUserId})`).join(", "),
                  ]),
                ),
        };
      });
    });
}
