import type { Command } from "commander";
import type { CommandContext } from "../context.ts";
import { parsePort } from "./options.ts";

export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command("serve")
    .description("run the HTTP server (migrates the database first)")
    .option("--port <n>", "port to listen on (default: PORT or 3000)", parsePort)
    .action(async (opts: { port?: number }) => {
      await ctx.deps.serve({ port: opts.port });
    });
}
