import { extname } from "node:path";
import { type Command, Option } from "commander";
import type { CommandContext } from "../context.ts";
import { staffView } from "../present.ts";

export function registerStaffCommands(program: Command, ctx: CommandContext): void {
  const staff = program.command("staff").description("manage a company's staff");

  staff
    .command("import")
    .description("import staff from CSV or JSON (name,email,phone,active); all rows or none")
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
          const text = file === "-" ? await ctx.io.readStdin() : await ctx.io.readFile(file);
          const tenant = await ctx.tenant(app, opts.company);
          const result = await app.useCases.staff.importStaff(tenant, { text, format });
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
}
