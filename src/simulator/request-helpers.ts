import type { Context } from "hono";
import type { z } from "zod";
import { badRequest, forbidden, unauthorized } from "./http-errors.ts";
import type { SimState } from "./state.ts";

/** The token of an `Authorization: Bearer <token>` header; "" for any other non-empty header. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header.trim() === "") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  return match?.[1] ?? "";
}

/** Auth-optional routes: no header is fine, a header with an unknown key is not. */
export function optionalKey(c: Context, state: SimState): string | null {
  const token = bearerToken(c.req.header("authorization"));
  if (token === null) return null;
  if (!state.keyTeams(token)) throw unauthorized("Invalid API Key");
  return token;
}

export function requireKey(c: Context, state: SimState): string {
  const key = optionalKey(c, state);
  if (key === null)
    throw unauthorized("No authorization header provided: send Authorization: Bearer <API key>");
  return key;
}

/** TEAM_ADMIN / TEAM_MEMBER guard: the key must administer the team. */
export function requireTeam(key: string, state: SimState, teamId: number): void {
  if (!state.keyTeams(key)?.has(teamId)) {
    throw forbidden(`RolesGuard - the API key has no role in team with id=${teamId}`);
  }
}

/** Nest's ParseIntPipe. */
export function intParam(value: string): number {
  if (!/^-?\d+$/.test(value)) throw badRequest("Validation failed (numeric string is expected)");
  return Number(value);
}

/**
 * The JSON body, as Nest's body parser sees it: {} when empty or not sent as JSON (which then
 * fails validation, as it would on Cal.com), 400 when the JSON is broken.
 */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  if (!/\bjson\b/i.test(c.req.header("content-type") ?? "")) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `Malformed JSON body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Validates like Nest's ValidationPipe: 400 with every problem listed in details.errors. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    // Nest's property path ("hosts.2.email"), as Cal.com words it: not our JSON path.
    property: issue.path.join(".") || "(body)",
    message: issue.message,
  }));
  throw badRequest(errors.map((e) => `${e.property}: ${e.message}`).join("; "), { errors });
}
