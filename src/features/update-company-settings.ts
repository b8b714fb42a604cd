import { z } from "zod";
import type { Actor, Company } from "../domain/entities.ts";
import { ValidationError } from "../domain/errors.ts";
import type { CompanyPatch, CompanyRepository } from "../domain/ports.ts";
import { Secret } from "../domain/secret.ts";
import {
  calcomBaseUrlSchema,
  countrySchema,
  emailSchema,
  localeSchema,
  timezoneSchema,
} from "./schemas.ts";
import { parseInput } from "./validate.ts";

const threshold = z.coerce.number().int().min(0).max(100);

export const companySettingsInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
  country: countrySchema.optional(),
  calcomBaseUrl: calcomBaseUrlSchema.optional(),
  calcomTeamId: z.coerce.number().int().positive().nullable().optional(),
  /** Write-only: a new value replaces the stored one; null removes it. */
  calcomApiKey: z.string().trim().min(1).nullable().optional(),
  calcomWebhookSecret: z
    .string()
    .trim()
    .min(8, "must be at least 8 characters")
    .nullable()
    .optional(),
  autoThreshold: threshold.optional(),
  suggestThreshold: threshold.optional(),
  notifyEmail: emailSchema.nullable().optional(),
  notifyWebhookUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
});

const secret = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null ? null : new Secret(v);

export function makeUpdateCompanySettings(deps: { companies: Pick<CompanyRepository, "update"> }) {
  return async (
    ctx: { company: Company; actor: Actor },
    raw: z.input<typeof companySettingsInput>,
  ): Promise<Company> => {
    const input = parseInput(companySettingsInput, raw, "company settings");
    const auto = input.autoThreshold ?? ctx.company.thresholds.auto;
    const suggest = input.suggestThreshold ?? ctx.company.thresholds.suggest;
    if (suggest > auto) {
      throw new ValidationError(
        "the suggestion threshold must not be above the auto-mapping threshold",
        [{ where: "suggestThreshold", message: `${suggest} is above ${auto}` }],
      );
    }
    const patch: CompanyPatch = {
      name: input.name,
      timezone: input.timezone,
      locale: input.locale,
      country: input.country,
      calcomBaseUrl: input.calcomBaseUrl,
      calcomTeamId: input.calcomTeamId,
      calcomApiKey: secret(input.calcomApiKey),
      calcomWebhookSecret: secret(input.calcomWebhookSecret),
      thresholds:
        input.autoThreshold !== undefined || input.suggestThreshold !== undefined
          ? { auto, suggest }
          : undefined,
      notifyEmail: input.notifyEmail,
      notifyWebhookUrl: input.notifyWebhookUrl,
    };
    return deps.companies.update(ctx.company.id, patch);
  };
}
