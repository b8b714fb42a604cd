import type { User } from "../../domain/entities.ts";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";
import { assertPlatformAdmin, auditEntry, type UserAdminDeps } from "./user-admin.ts";

/**
 * Disables or enables a login. Disabling ends the user's sessions in the same transaction, so
 * they are out at once; their login then fails like a wrong password. An admin cannot disable
 * themselves (nobody would be left to undo it).
 */
export function makeSetUserDisabled(deps: UserAdminDeps & { store: Pick<Store, "transaction"> }) {
  return async (viewer: User, userId: string, disabled: boolean) => {
    assertPlatformAdmin(viewer);
    if (userId === viewer.id)
      throw new ValidationError("you cannot disable yourself", [
        { where: "user", message: "cannot disable yourself", code: "self_disable" },
      ]);
    return deps.store.transaction(async (tx) => {
      const found = userId.length <= 100 ? await tx.users.findManaged(userId) : null;
      if (!found) throw new NotFoundError("no such user");
      // Already in the asked state: nothing changes, nothing is audited.
      if (Boolean(found.disabledAt) === disabled) return found.user;
      await tx.users.setDisabled(userId, disabled ? deps.clock.now().toISOString() : null);
      if (disabled) await tx.sessions.deleteForUser(userId);
      await tx.userAudit.record(
        auditEntry(deps, viewer, disabled ? "disable" : "enable", found.user.email),
      );
      return found.user;
    });
  };
}
