import type { Command } from "commander";
import type { CommandContext } from "../context.ts";

export function registerMigrateCommand(program: Command, ctx: CommandContext): void {
  program
    .command("migrate")
    .description("bring the database schema up to date (a no-op when it is)")
    .action(async (_opts, command: Command) => {
      await ctx.run(
        command,
        async (app) => {
          const { applied } = await app.migrate();
          return {
            json: { applied },
            text:
              applied.length > 0 ? `applied: ${applied.join(", ")}` : "the schema is up to date",
          };
        },
        { migrate: false },
      );
    });
}
