import type { z } from "zod";
import { type CalcomFailure, calcomFailureOf } from "../../domain/calcom-failure.ts";
import type { Company, TenantContext } from "../../domain/entities.ts";
import { Secret } from "../../domain/secret.ts";
import { parseInput } from "../parse-input.ts";
import { type CalcomBaseUrlPolicy, defaultCalcomBaseUrlPolicy } from "./company-schemas.ts";
import { checkCalcomBaseUrl } from "./create-company.ts";
import { companySettingsInput } from "./update-company-settings.ts";

/**
 * Reads the Cal.com team of the connection it is given and says what it found; throws when
 * Cal.com refuses the key or cannot be reached. Wired to the Cal.com client in app/.
 */
export type CalcomConnectionProbe = (
  company: Company,
) => Promise<{ eventTypes: number; members: number }>;

export type ConnectionTestResult =
  | { ok: true; eventTypes: number; members: number }
  | {
      ok: false;
      problem: "no_team_id" | "no_api_key" | "failed";
      /** Cal.com's (or the client's) own words, for the operator. */
      message: string | null;
      /** How the call failed, for the console to say in the user's language. */
      kind: CalcomFailure | null;
    };

/** The connection to try: each value left out is the saved one (a blank key too: write-only). */
export const connectionTestInput = companySettingsInput.pick({
  calcomBaseUrl: true,
  calcomTeamId: true,
  calcomApiKey: true,
});

/**
 * The settings page's "Test connection", with the values typed in the form and nothing saved.
 * Input it refuses (a base URL outside the allow-list, a bad team id) throws before any request;
 * otherwise it never throws: the page shows what went wrong.
 */
export function makeTestCalcomConnection(deps: {
  probe: CalcomConnectionProbe;
  /** Which Cal.com base URLs are allowed (CALCOM_ALLOWED_BASE_URLS); the hosted two by default. */
  calcomBaseUrls?: CalcomBaseUrlPolicy;
}) {
  const policy = deps.calcomBaseUrls ?? defaultCalcomBaseUrlPolicy;
  return async (
    ctx: TenantContext,
    raw: z.input<typeof connectionTestInput> = {},
  ): Promise<ConnectionTestResult> => {
    const input = parseInput(connectionTestInput, raw, "connection test");
    const saved = ctx.company.calcom;
    // The key goes wherever this points: the saved address, or one the platform allows.
    if (input.calcomBaseUrl !== saved.baseUrl) {
      checkCalcomBaseUrl(input.calcomBaseUrl, policy, "connection test");
    }
    const calcom = {
      ...saved,
      baseUrl: input.calcomBaseUrl ?? saved.baseUrl,
      teamId: input.calcomTeamId === undefined ? saved.teamId : input.calcomTeamId,
      apiKey: input.calcomApiKey ? new Secret(input.calcomApiKey) : saved.apiKey,
    };
    if (calcom.teamId === null)
      return { ok: false, problem: "no_team_id", message: null, kind: null };
    if (!calcom.apiKey) return { ok: false, problem: "no_api_key", message: null, kind: null };
    try {
      return { ok: true, ...(await deps.probe({ ...ctx.company, calcom })) };
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      // Never show a key back, even if an error message were to quote it.
      return {
        ok: false,
        problem: "failed",
        message: message.replaceAll(calcom.apiKey.reveal(), "…"),
        kind: calcomFailureOf(error),
      };
    }
  };
}
