import { z } from "zod";
import { type Actor, defaultThresholds } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import { Secret } from "../../domain/secret.ts";
import { parseInput } from "../parse-input.ts";
import { calcomTeamWarnings, type SavedCompany } from "./calcom-team-warnings.ts";
import {
  type CalcomBaseUrlPolicy,
  calcomBaseUrlProblem,
  calcomBaseUrlSchema,
  countrySchema,
  defaultCalcomBaseUrlPolicy,
  localeSchema,
  slugSchema,
  timezoneSchema,
} from "./company-schemas.ts";

export const createCompanyInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  slug: slugSchema,
  timezone: timezoneSchema.default("Europe/Berlin"),
  locale: localeSchema.default("de"),
  country: countrySchema.default("DE"),
  calcomBaseUrl: calcomBaseUrlSchema.default("https://api.cal.com"),
  calcomApiKey: z.string().trim().min(1).optional(),
  calcomTeamId: z.coerce.number().int().positive().optional(),
  calcomWebhookSecret: z.string().trim().min(8, "must be at least 8 characters").optional(),
});

export type CreateCompanyInput = z.input<typeof createCompanyInput>;

/** A refusal of a Cal.com base URL the platform does not allow, like a zod field error. */
export function checkCalcomBaseUrl(
  baseUrl: string | undefined,
  policy: CalcomBaseUrlPolicy,
  what: string,
): void {
  if (baseUrl === undefined) return;
  const problem = calcomBaseUrlProblem(baseUrl, policy);
  if (problem) {
    throw new ValidationError(`invalid ${what}`, [
      { where: "calcomBaseUrl", message: problem, code: "url_not_allowed" },
    ]);
  }
}

export function makeCreateCompany(deps: {
  companies: Pick<CompanyRepository, "create" | "findByCalcomTeam">;
  /** Which Cal.com base URLs are allowed (CALCOM_ALLOWED_BASE_URLS); the hosted two by default. */
  calcomBaseUrls?: CalcomBaseUrlPolicy;
}) {
  const policy = deps.calcomBaseUrls ?? defaultCalcomBaseUrlPolicy;
  return async (actor: Actor, raw: CreateCompanyInput): Promise<SavedCompany> => {
    const input = parseInput(createCompanyInput, raw, "company");
    checkCalcomBaseUrl(input.calcomBaseUrl, policy, "company");
    const company = await deps.companies.create({
      name: input.name,
      slug: input.slug,
      timezone: input.timezone,
      locale: input.locale,
      country: input.country,
      calcomBaseUrl: input.calcomBaseUrl,
      calcomTeamId: input.calcomTeamId ?? null,
      calcomApiKey: input.calcomApiKey ? new Secret(input.calcomApiKey) : null,
      calcomWebhookSecret: input.calcomWebhookSecret ? new Secret(input.calcomWebhookSecret) : null,
      thresholds: defaultThresholds,
    });
    const wiring = {
      companyId: company.id,
      baseUrl: input.calcomBaseUrl,
      teamId: input.calcomTeamId ?? null,
    };
    return { ...company, warnings: await calcomTeamWarnings(deps.companies, wiring, actor) };
  };
}
