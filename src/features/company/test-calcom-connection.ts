import type { Company, TenantContext } from "../../domain/entities.ts";

/**
 * Reads the company's Cal.com team with its stored connection and says what it found; throws
 * when Cal.com refuses the key or cannot be reached. Wired to the Cal.com client in app/.
 */
export type CalcomConnectionProbe = (
  company: Company,
) => Promise<{ eventTypes: number; members: number }>;

export type ConnectionTestResult =
  | { ok: true; eventTypes: number; members: number }
  | { ok: false; problem: "no_team_id" | "no_api_key" | "failed"; message: string | null };

/** The settings page's "Test connection": never throws, the page shows what went wrong. */
export function makeTestCalcomConnection(deps: { probe: CalcomConnectionProbe }) {
  return async (ctx: TenantContext): Promise<ConnectionTestResult> => {
    const { calcom } = ctx.company;
    if (calcom.teamId === null) return { ok: false, problem: "no_team_id", message: null };
    if (!calcom.apiKey) return { ok: false, problem: "no_api_key", message: null };
    try {
      return { ok: true, ...(await deps.probe(ctx.company)) };
    } catch (error) {
      return { ok: false, problem: "failed", message: (error as Error)?.message ?? String(error) };
    }
  };
}
