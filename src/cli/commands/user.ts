import { type Command, Option } from "commander";
import type { CommandContext } from "../context.ts";
import { userView } from "../present.ts";

export function registerUserCommands(program: Command, ctx: CommandContext): void {
  const user = program.command("user").description("manage console logins");

  user
    .command("create")
    .description("create a console login; the password is read from standard input")
    .requiredOption("--email <email>", "login email")
    .requiredOption("--password-stdin", "read the password from standard input (required)")
    .addOption(
      new Option("--role <role>", "platform_admin or company_admin")
        .choices(["platform_admin", "company_admin"])
        .makeOptionMandatory(),
    )
    .option("--company <slug>", "the company of a company_admin")
    .action(
      async (
        opts: { email: string; role: "platform_admin" | "company_admin"; company?: string },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          // One line: `echo pw | frontdesk …` and a typed password both end in a newline.
          const password = (await ctx.io.readStdin()).replace(/\r?\n$/, "");
          const created = await app.useCases.auth.createUser({
            email: opts.email,
            password,
            role: opts.role,
            companySlug: opts.company,
          });
          return {
            json: { user: userView(created) },
            text: `created ${created.role} ${created.email}`,
          };
        });
      },
    );
}
