import { randomBytes } from "node:crypto";
import type { Company, TenantContext } from "../../domain/entities.ts";
import { AppError, ConflictError } from "../../domain/errors.ts";
import type { DemoTeams } from "../../domain/ports/demo-teams.ts";
import type { makeUpdateCompanySettings } from "./update-company-settings.ts";

/**
 * Demo mode: a new company gets its own team on the built-in Cal.com simulator and a webhook
 * secret (the webhooks installed on its event types sign with it). The wiring is saved
 * through the settings use-case, so it is validated and audited like any settings change.
 */
export function makeConnectDemoTeam(deps: {
  demoTeams: DemoTeams | undefined;
  updateCompanySettings: ReturnType<typeof makeUpdateCompanySettings>;
}) {
  return async (ctx: TenantContext): Promise<Company> => {
    const { demoTeams } = deps;
    if (!demoTeams) {
      throw new AppError(
        "unavailable",
        "Cal.com teams can only be created on the demo's built-in simulator (frontdesk demo); connect this company to its Cal.com team instead",
      );
    }
    const { company } = ctx;
    if (company.calcom.teamId !== null) {
      throw new ConflictError(
        `${company.name} is already connected to Cal.com team ${company.calcom.teamId}`,
      );
    }
    const existingSecret = company.calcom.webhookSecret?.reveal() ?? null;
    const webhookSecret = existingSecret ?? randomBytes(24).toString("base64url");
    const team = await demoTeams.create({
      companySlug: company.slug,
      companyName: company.name,
    });
    return deps.updateCompanySettings(ctx, {
      calcomBaseUrl: team.baseUrl,
      calcomTeamId: team.teamId,
      calcomApiKey: team.apiKey,
      ...(existingSecret === null ? { calcomWebhookSecret: webhookSecret } : {}),
    });
  };
}
