import type { User } from "../../domain/entities.ts";
import type { SessionRepository } from "../../domain/ports/auth.ts";
import type { Clock } from "../../platform/clock.ts";
import { hashToken } from "./session-token.ts";

export interface Viewer {
  user: User;
  csrfToken: string;
}

/**
 * The user behind a session cookie, or null when it is unknown, expired or its user disabled
 * (`findLive` skips disabled users). One query.
 */
export function makeAuthenticate(deps: {
  sessions: Pick<SessionRepository, "findLive">;
  clock: Clock;
}) {
  return async (token: string | undefined): Promise<Viewer | null> => {
    if (!token) return null;
    const found = await deps.sessions.findLive(hashToken(token), deps.clock.now().toISOString());
    return found ? { user: found.user, csrfToken: found.session.csrfToken } : null;
  };
}
