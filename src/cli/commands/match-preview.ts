import type { Command } from "commander";
import { previewMatches } from "../../features/mappings/preview-matches.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";

export function registerMatchPreviewCommand(program: Command, ctx: CommandContext): void {
  program
    .command("match-preview")
    .description(
      "run the host→staff matcher on a JSON file of hosts, staff and mappings; writes nothing",
    )
    .requiredOption(
      "--input <file>",
      "JSON file (the shape the README gives under Host mapping), or - for standard input",
    )
    .action(async (opts: { input: string }, command: Command) => {
      await ctx.runWithoutApp(command, async () => {
        const text =
          opts.input === "-" ? await ctx.io.readStdin() : await ctx.io.readFile(opts.input);
        const output = previewMatches(text);
        return {
          json: output,
          text: table(
            ["HOST", "ACTION", "STAFF", "CONFIDENCE", "WHY"],
            output.decisions.map((d) => [
              d.calcomUserId,
              d.action,
              d.staffId,
              d.confidence,
              d.explanation,
            ]),
          ),
        };
      });
    });
}
