import { z } from "zod";
import type { Actor, Company } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { CompanyPatch, CompanyRepository } from "../../domain/ports/company.ts";
import type { Store } from "../../domain/ports/store.ts";
import { Secret } from "../../domain/secret.ts";
import type { Clock } from "../../platform/clock.ts";
import { parseInput } from "../parse-input.ts";
import { calcomTeamWarnings, type SavedCompany } from "./calcom-team-warnings.ts";
import {
  type CalcomBaseUrlPolicy,
  calcomBaseUrlSchema,
  countrySchema,
  defaultCalcomBaseUrlPolicy,
  emailSchema,
  localeSchema,
  outboundUrlSchema,
  slugSchema,
  timezoneSchema,
  toTransferNumber,
  transferNumberSchema,
} from "./company-schemas.ts";
import { checkCalcomBaseUrl } from "./create-company.ts";

const threshold = z.coerce.number().int().min(0).max(100);

export const companySettingsInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  /** The Cal.com webhook URL contains it: Cal.com must be told the new one. */
  slug: slugSchema.optional(),
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
  /** Called when a sync fails: https to a public address only (checked again when sent). */
  notifyWebhookUrl: outboundUrlSchema.nullable().optional(),
  /** Where the agent hands a call to a person: read in the company's country, stored as E.164. */
  transferNumber: transferNumberSchema.nullable().optional(),
});

const secret = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null ? null : new Secret(v);

type SettingsInput = z.output<typeof companySettingsInput>;

/**
 * The settings an input changes, by name, for the audit: a value equal to the stored one is no
 * change; a credential given counts, as it cannot be compared without reading it back.
 */
export function changedSettings(input: SettingsInput, company: Company): string[] {
  const stored: Record<string, unknown> = {
    name: company.name,
    slug: company.slug,
    timezone: company.timezone,
    locale: company.locale,
    country: company.country,
    calcomBaseUrl: company.calcom.baseUrl,
    calcomTeamId: company.calcom.teamId,
    autoThreshold: company.thresholds.auto,
    suggestThreshold: company.thresholds.suggest,
    notifyEmail: company.notifyEmail,
    notifyWebhookUrl: company.notifyWebhookUrl,
    transferNumber: company.transferNumber ?? null,
  };
  return (Object.keys(input) as (keyof SettingsInput)[]).filter(
    (field) =>
      input[field] !== undefined &&
      (field === "calcomApiKey" ||
        field === "calcomWebhookSecret" ||
        input[field] !== stored[field]),
  );
}

export function makeUpdateCompanySettings(deps: {
  companies: Pick<CompanyRepository, "findByCalcomTeam">;
  /** The change and its audit row commit together. */
  transaction: Store["transaction"];
  clock: Clock;
  /** Which Cal.com base URLs are allowed (CALCOM_ALLOWED_BASE_URLS); the hosted two by default. */
  calcomBaseUrls?: CalcomBaseUrlPolicy;
}) {
  const policy = deps.calcomBaseUrls ?? defaultCalcomBaseUrlPolicy;
  return async (
    ctx: { company: Company; actor: Actor },
    raw: z.input<typeof companySettingsInput>,
  ): Promise<SavedCompany> => {
    const parsed = parseInput(companySettingsInput, raw, "company settings");
    // Compared and stored as E.164, so "030 …" and "+4930 …" are the same number.
    const input = {
      ...parsed,
      transferNumber: toTransferNumber(
        parsed.transferNumber,
        parsed.country ?? ctx.company.country,
      ),
    };
    // The base URL already stored stays allowed (set before the allow-list, or by the platform).
    if (input.calcomBaseUrl !== ctx.company.calcom.baseUrl) {
      checkCalcomBaseUrl(input.calcomBaseUrl, policy, "company settings");
    }
    const auto = input.autoThreshold ?? ctx.company.thresholds.auto;
    const suggest = input.suggestThreshold ?? ctx.company.thresholds.suggest;
    if (suggest > auto) {
      throw new ValidationError(
        "the suggestion threshold must not be above the auto-mapping threshold",
        [
          {
            where: "suggestThreshold",
            message: `${suggest} is above ${auto}`,
            code: "above_auto_threshold",
            params: { maximum: auto },
          },
        ],
      );
    }
    const patch: CompanyPatch = {
      name: input.name,
      slug: input.slug,
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
      transferNumber: input.transferNumber,
    };
    const fields = changedSettings(input, ctx.company);
    const company = await deps.transaction(async (tx) => {
      const updated = await tx.companies.update(ctx.company.id, patch);
      if (fields.length > 0)
        await tx.companies.addAudit(ctx.company.id, {
          action: "settings_changed",
          fields,
          actor: ctx.actor,
          at: deps.clock.now().toISOString(),
        });
      return updated;
    });
    // Only a change of the Cal.com wiring warns: saving the name should not nag every time.
    const rewired = input.calcomBaseUrl !== undefined || input.calcomTeamId !== undefined;
    const wiring = {
      companyId: ctx.company.id,
      baseUrl: input.calcomBaseUrl ?? ctx.company.calcom.baseUrl,
      teamId: input.calcomTeamId === undefined ? ctx.company.calcom.teamId : input.calcomTeamId,
    };
    const warnings = rewired ? await calcomTeamWarnings(deps.companies, wiring, ctx.actor) : [];
    return { ...company, warnings };
  };
}
