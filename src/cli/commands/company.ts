import { type Command, Option } from "commander";
import { ValidationError } from "../../domain/errors.ts";
import type { CompanyWarning } from "../../features/company/calcom-team-warnings.ts";
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

interface UpdateOptions {
  company: string;
  name?: string;
  slug?: string;
  timezone?: string;
  locale?: "de" | "en";
  country?: string;
  calcomBaseUrl?: string;
  calcomTeamId?: number;
  calcomApiKeyFile?: string;
  calcomApiKeyStdin?: boolean;
  calcomWebhookSecretFile?: string;
  calcomWebhookSecretStdin?: boolean;
  newWebhookSecret?: boolean;
  transferNumber?: string;
}

/** Settings an update may change; with none of them there is nothing to do. */
const updateSettings = [
  "name",
  "slug",
  "timezone",
  "locale",
  "country",
  "calcomBaseUrl",
  "calcomTeamId",
  "calcomApiKeyFile",
  "calcomApiKeyStdin",
  "calcomWebhookSecretFile",
  "calcomWebhookSecretStdin",
  "newWebhookSecret",
  "transferNumber",
] as const;

const optionName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The operator may know both companies: the warning names the other one's slug. */
function warningText(w: CompanyWarning): string {
  const others = w.otherCompanies?.join(", ") ?? "another company";
  return `warning: Cal.com team ${w.teamId} at ${w.baseUrl} is also connected to ${others}; both would mirror, book and receive the webhooks of one team`;
}

export function registerCompanyCommands(program: Command, ctx: CommandContext): void {
  // Text mode: warnings go to stderr, so stdout stays the result; JSON carries them instead.
  const warn = (command: Command, warnings: CompanyWarning[]) => {
    if (command.optsWithGlobals().json) return;
    for (const w of warnings) ctx.io.stderr(`${warningText(w)}\n`);
  };
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
        warn(command, created.warnings);
        return {
          json: { company: companyView(created), warnings: created.warnings },
          text: `created company ${created.name} (slug ${created.slug}, id ${created.id})`,
        };
      });
    });

  company
    .command("update")
    .description("change a company's settings; credentials are read from a file or standard input")
    .requiredOption("--company <slug>", "the company to change")
    .option("--name <name>", "new display name")
    .option("--slug <slug>", "new slug (the Cal.com webhook URL contains it)")
    .option("--timezone <tz>", "IANA time zone, e.g. Europe/Berlin")
    .addOption(
      new Option("--locale <locale>", "language of voice replies and the console").choices([
        "de",
        "en",
      ]),
    )
    .option("--country <CC>", "country for reading national phone numbers")
    .option("--calcom-base-url <url>", "Cal.com API address, within CALCOM_ALLOWED_BASE_URLS")
    .option("--calcom-team-id <n>", "Cal.com team id", parsePositiveInt)
    .option("--calcom-api-key-file <file>", "read the Cal.com API key from this file")
    .option("--calcom-api-key-stdin", "read the Cal.com API key from standard input")
    .option("--calcom-webhook-secret-file <file>", "read the Cal.com webhook secret from this file")
    .option("--calcom-webhook-secret-stdin", "read the Cal.com webhook secret from standard input")
    .option(
      "--transfer-number <number>",
      'where the agent hands a call to a person, e.g. +49301234567 ("" clears it)',
    )
    .option(
      "--new-webhook-secret",
      "generate a new Cal.com webhook secret (printed once); the current one stays valid for 24 hours",
    )
    .action(async (opts: UpdateOptions, command: Command) => {
      await ctx.run(command, async (app) => {
        if (!updateSettings.some((key) => opts[key] !== undefined)) {
          throw new ValidationError("nothing to change", [
            {
              where: "company update",
              message: `give at least one of ${updateSettings.map(optionName).join(", ")}`,
            },
          ]);
        }
        if (
          opts.newWebhookSecret &&
          (opts.calcomWebhookSecretFile !== undefined || opts.calcomWebhookSecretStdin)
        ) {
          throw new ValidationError("give one webhook secret", [
            {
              where: "--new-webhook-secret",
              message: "cannot be used with --calcom-webhook-secret-file or -stdin",
            },
          ]);
        }
        if (opts.calcomApiKeyStdin && opts.calcomWebhookSecretStdin) {
          throw new ValidationError("standard input holds one value", [
            {
              where: "--calcom-webhook-secret-stdin",
              message: "use --calcom-webhook-secret-file with --calcom-api-key-stdin",
            },
          ]);
        }
        const secret = async (
          file: string | undefined,
          stdin: boolean | undefined,
          option: string,
        ) => {
          if (file !== undefined && stdin) {
            throw new ValidationError(`give ${option}-file or ${option}-stdin, not both`, [
              { where: `${option}-stdin`, message: `cannot be used with ${option}-file` },
            ]);
          }
          if (file === undefined && !stdin) return undefined;
          const where = stdin ? `${option}-stdin` : `${option}-file`;
          let text: string;
          try {
            text = stdin ? await ctx.io.readStdin() : await ctx.io.readFile(file!);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException)?.code;
            throw new ValidationError(`cannot read ${file}`, [
              { where, message: code === "ENOENT" ? "no such file" : `cannot be read (${code})` },
            ]);
          }
          const value = text.trim();
          if (value === "") {
            throw new ValidationError(`${where} gave an empty value`, [
              { where, message: "is empty" },
            ]);
          }
          return value;
        };
        const calcomApiKey = await secret(
          opts.calcomApiKeyFile,
          opts.calcomApiKeyStdin,
          "--calcom-api-key",
        );
        const calcomWebhookSecret = await secret(
          opts.calcomWebhookSecretFile,
          opts.calcomWebhookSecretStdin,
          "--calcom-webhook-secret",
        );
        const tenant = await ctx.tenant(app, opts.company);
        // Every webhook secret change is a rotation (the replaced one keeps working 24 h); the
        // other settings are saved first.
        const rotation = new Set<string>([
          "newWebhookSecret",
          "calcomWebhookSecretFile",
          "calcomWebhookSecretStdin",
        ]);
        const settingsGiven = updateSettings.some(
          (key) => !rotation.has(key) && opts[key] !== undefined,
        );
        const saved = settingsGiven
          ? await app.useCases.company.updateCompanySettings(tenant, {
              name: opts.name,
              slug: opts.slug,
              timezone: opts.timezone,
              locale: opts.locale,
              country: opts.country,
              calcomBaseUrl: opts.calcomBaseUrl,
              calcomTeamId: opts.calcomTeamId,
              calcomApiKey,
              transferNumber: opts.transferNumber,
            })
          : { ...tenant.company, warnings: [] };
        warn(command, saved.warnings);
        // The same rotation as the console's "New secret", with the operator's secret if given.
        const updated =
          opts.newWebhookSecret || calcomWebhookSecret !== undefined
            ? await app.useCases.company.rotateWebhookSecret(
                { ...tenant, company: saved },
                { secret: calcomWebhookSecret },
              )
            : saved;
        const moved =
          updated.slug !== tenant.company.slug
            ? `\nCal.com webhooks now go to /webhooks/calcom/${updated.slug}: change the subscriber URL in Cal.com`
            : "";
        const previousUntil = updated.calcom.previousWebhookSecret?.validUntil ?? null;
        // A generated secret is the one value printed: nobody else knows it, and Cal.com needs it.
        const generated = opts.newWebhookSecret
          ? `\nnew Cal.com webhook secret (shown once, paste it into the team's webhook in Cal.com): ${updated.calcom.webhookSecret?.reveal()}`
          : "";
        const rotated = `${generated}${previousUntil && updated !== saved ? `\nthe previous webhook secret is accepted until ${previousUntil}` : ""}`;
        return {
          json: {
            company: companyView(updated),
            warnings: saved.warnings,
            ...(opts.newWebhookSecret
              ? { webhookSecret: updated.calcom.webhookSecret?.reveal() ?? null }
              : {}),
            ...(previousUntil && updated !== saved
              ? { previousWebhookSecretValidUntil: previousUntil }
              : {}),
          },
          text: `updated company ${updated.name} (slug ${updated.slug}, id ${updated.id})${moved}${rotated}`,
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
