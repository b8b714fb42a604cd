import type { TenantContext } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { Store } from "../../domain/ports/store.ts";
import { describeActor, snapshotOf } from "../mappings/snapshot.ts";

/**
 * Removes a staff member entered by mistake. One with appointments on record stays (they say who
 * served whom): taking them off the phone is `active: false`. Host mappings naming them go in the
 * same transaction, each with an audit row.
 */
export function makeDeleteStaff(deps: {
  store: Pick<Store, "transaction">;
  changes: Pick<ChangeFeed, "publish">;
}) {
  return async (ctx: TenantContext, staffId: string): Promise<void> => {
    const { company } = ctx;
    const unmapped = await deps.store.transaction(async (tx) => {
      const staff = await tx.staff.findById(company.id, staffId);
      if (!staff) throw new NotFoundError(`staff member ${staffId} not found`);
      const appointments = await tx.appointments.countFor(company.id, { staffId });
      if (appointments > 0) {
        throw new ConflictError(
          `${staff.name} has ${appointments} appointment(s) on record and cannot be deleted; set active to false to take them off the phone`,
        );
      }
      const mappings = (await tx.hostMappings.list(company.id)).filter(
        (m) => m.staffId === staffId,
      );
      const reason = `staff member ${staff.name} deleted by ${describeActor(ctx.actor)}`;
      await tx.hostMappings.addAudit(
        company.id,
        mappings.map((m) => ({
          calcomUserId: m.calcomUserId,
          staffId,
          action: "unset" as const,
          before: snapshotOf(m),
          after: null,
          actor: ctx.actor,
          reason,
        })),
      );
      await tx.staff.delete(company.id, staffId);
      return mappings.length;
    });
    if (unmapped > 0) deps.changes.publish(company.id, "mappings");
  };
}
