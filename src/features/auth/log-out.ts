import type { SessionRepository } from "../../domain/ports/auth.ts";
import { hashToken } from "./session-token.ts";

/** Ends the session at once (the row goes; the cookie is cleared by the caller). */
export function makeLogOut(deps: { sessions: Pick<SessionRepository, "delete"> }) {
  return (token: string): Promise<void> => deps.sessions.delete(hashToken(token));
}
