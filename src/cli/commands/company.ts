import { type Command, Option } from "commander";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";
import { companyView } from "../present.ts";
import { parsePositiveInt } from "./options.ts";

interface CreateOptions {
  name: string;
  slug: string;
  timezone?: string;
  locale?: "de" | "en";
  country?: string;
  calcomBaseUrl?: string;
  calcomApiKey?: string;
  calcomTeamId?: number;
  calcomWebhookSecret?: string;
}

export function registerCompanyCommands(program: Command, ctx: CommandContext): void {
  const company = program.command("company").description("manage companies (tenants)");

  company
    .command("create")
    .description("create a company")
    .requiredOption("--name <name>", 'display name, e.g. "Salon Beispiel"')
    .requiredOption("--slug <slug>", "short unique id used in URLs and commands, e.g. salon")
    .option("--timezone <tz>", "IANA time zone (default Europe/Berlin)")
    .addOption(
      new Option(
        "--locale <locale>",
        "language of voice replies and the console (default de)",
      ).choices(["de", "en"]),
    )
    .option("--country <CC>", "country for reading national phone numbers (default DE)")
    .option("--calcom-base-url <url>", "https://api.cal.com (default) or https://api.cal.eu")
    .option("--calcom-api-key <key>", "Cal.com API key (stored encrypted)")
    .option("--calcom-team-id <n>", "Cal.com team id", parsePositiveInt)
    .option("--calcom-webhook-secret <secret>", "secret for Cal.com webhooks (stored encrypted)")
    .action(async (opts: CreateOptions, command: Command) => {
      await ctx.run(command, async (app) => {
        const created = await app.useCases.company.createCompany({ type: "cli" }, opts);
        return {
          json: { company: companyView(created) },
          text: `created company ${created.name} (slug ${created.slug}, id ${created.id})`,
        };
      });
    });

  company
    .command("list")
    .description("list companies")
    .action(async (_opts, command: Command) => {
      await ctx.run(command, async (app) => {
        const companies = await app.useCases.company.listCompanies();
        return {
          json: { companies: companies.map(companyView) },
          text:
            companies.length === 0
              ? "no companies yet (create one with: frontdesk company create --name … --slug …)"
              : table(
                  ["SLUG", "NAME", "TIMEZONE", "LOCALE", "CAL.COM TEAM", "API KEY"],
                  companies.map((c) => [
                    c.slug,
                    c.name,
                    c.timezone,
                    c.locale,
                    c.calcom.teamId,
                    c.calcom.apiKey ? "set" : "not set",
                  ]),
                ),
        };
      });
    });
}
