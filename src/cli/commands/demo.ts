import type { Command } from "commander";
import type { CommandContext } from "../context.ts";
import { parsePort } from "./options.ts";

export function registerDemoCommand(program: Command, ctx: CommandContext): void {
  program
    .command("demo")
    .description(
      "run the zero-setup demo: SQLite, the built-in Cal.com simulator, demo companies, the server",
    )
    .option("--port <n>", "server port (default: PORT or 3000)", parsePort)
    .action(async (opts: { port?: number }) => {
      await ctx.deps.demo({ port: opts.port });
    });
}
