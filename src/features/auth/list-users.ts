import type { User } from "../../domain/entities.ts";
import type { UserAuditRepository, UserRepository } from "../../domain/ports/auth.ts";
import { assertPlatformAdmin } from "./user-admin.ts";

/** Every login (with its disabled mark) and the latest changes, for the platform admin. */
export function makeListUsers(deps: {
  users: Pick<UserRepository, "listAll">;
  userAudit: Pick<UserAuditRepository, "list">;
}) {
  return async (viewer: User) => {
    assertPlatformAdmin(viewer);
    const [users, audit] = await Promise.all([deps.users.listAll(), deps.userAudit.list(50)]);
    return { users, audit };
  };
}
