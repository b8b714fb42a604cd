import type { HostMapping, MappingAuditAction, TenantContext } from "../../domain/entities.ts";
import { AppError, type InputIssue, NotFoundError } from "../../domain/errors.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { Repositories, Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { describeActor, snapshotOf } from "./snapshot.ts";

/**
 * The manual mapping verbs (set, accept, reject, unset) share their guards: the host must be in
 * the company's Cal.com team, the staff member in the company, active, and not held by another
 * host. Each change, the move of the host's upcoming appointments and the audit row are written
 * in one transaction.
 */
export type MappingChange = (
  | { verb: "set"; calcomUserId: number; staffId: string }
  | { verb: "accept" | "reject" | "unset"; calcomUserId: number }
) & {
  reason?: string;
  /**
   * The mapping's `version` the change was decided on (null: there was none). Set by a page that
   * showed the host: when another change came in between, this one is refused.
   */
  expectedVersion?: string | null;
};

/** Why a change was refused, for an adapter that words it itself (the console). */
export type MappingRefusalReason =
  | "unknown_staff"
  | "staff_inactive"
  | "staff_taken"
  | "changed_meanwhile"
  | "no_suggestion"
  | "nothing_to_reject"
  | "nothing_to_remove";

/** A refused change: `message` in English for the CLI, the API and logs; `reason` to word it. */
export class MappingRefusal extends AppError {
  constructor(
    readonly reason: MappingRefusalReason,
    code: "conflict" | "invalid_input",
    message: string,
    issues: InputIssue[] = [],
  ) {
    super(code, message, issues);
  }
}

/** What a page hands back as `expectedVersion`: changes with every write of the mapping. */
export const mappingVersion = (m: Pick<HostMapping, "updatedAt"> | null): string | null =>
  m?.updatedAt ?? null;

export interface MappingChangeResult {
  before: HostMapping | null;
  after: HostMapping | null;
  /** The host's upcoming appointments that now belong to the new staff member (or to none). */
  movedAppointments: number;
}

export function makeChangeHostMapping(deps: {
  store: Pick<Store, "transaction">;
  clock: Clock;
  changes: Pick<ChangeFeed, "publish">;
}) {
  return async (ctx: TenantContext, change: MappingChange): Promise<MappingChangeResult> => {
    const result = await deps.store.transaction((tx) =>
      applyMappingChange(tx, ctx, change, deps.clock.now()),
    );
    // After the commit: a page that fetches at once sees the change.
    deps.changes.publish(ctx.company.id, "mappings");
    return result;
  };
}

/** One change inside an open transaction (bulk actions call it once per host). */
export async function applyMappingChange(
  tx: Pick<Repositories, "calcomMirror" | "staff" | "hostMappings" | "appointments">,
  ctx: TenantContext,
  change: MappingChange,
  now: Date,
): Promise<MappingChangeResult> {
  const { company } = ctx;
  const host = await tx.calcomMirror.findHost(company.id, change.calcomUserId);
  if (!host) {
    throw new NotFoundError(
      `Cal.com user ${change.calcomUserId} is not in ${company.name}'s Cal.com team (run sync-teams if they just joined)`,
    );
  }
  const hostName = host.name ?? `Cal.com user ${host.calcomUserId}`;
  const before = await tx.hostMappings.find(company.id, change.calcomUserId);
  if (change.expectedVersion !== undefined && change.expectedVersion !== mappingVersion(before)) {
    throw new MappingRefusal(
      "changed_meanwhile",
      "conflict",
      `the mapping of ${hostName} changed since it was shown; look again before changing it`,
    );
  }
  const reason = change.reason ?? `${change.verb} by ${describeActor(ctx.actor)}`;

  let after: HostMapping | null;
  let action: MappingAuditAction;
  switch (change.verb) {
    case "set": {
      await assertStaffAvailable(tx, ctx, change.staffId, change.calcomUserId);
      const next = {
        calcomUserId: change.calcomUserId,
        staffId: change.staffId,
        status: "active" as const,
        source: "manual" as const,
        confidence: 100,
        reasonCode: "manual",
        reasonText: reason,
      };
      after = before
        ? await tx.hostMappings.update(company.id, change.calcomUserId, next)
        : await tx.hostMappings.insert(company.id, next);
      action = "set";
      break;
    }
    case "accept": {
      if (before?.status !== "suggested") {
        throw new MappingRefusal(
          "no_suggestion",
          "conflict",
          `${hostName} has no suggestion to accept${before ? ` (the mapping is ${before.status})` : ""}`,
        );
      }
      await assertStaffAvailable(tx, ctx, before.staffId, change.calcomUserId);
      // A person confirmed it: from now on the matcher leaves it alone.
      after = await tx.hostMappings.update(company.id, change.calcomUserId, {
        ...before,
        status: "active",
        source: "manual",
        reasonText: `${before.reasonText} (accepted by ${describeActor(ctx.actor)})`,
      });
      action = "accepted";
      break;
    }
    case "reject": {
      if (!before || before.status === "rejected") {
        throw new MappingRefusal(
          "nothing_to_reject",
          "conflict",
          `${hostName} has no ${before ? "open " : ""}mapping to reject`,
        );
      }
      after = await tx.hostMappings.update(company.id, change.calcomUserId, {
        ...before,
        status: "rejected",
        source: "manual",
        reasonText: reason,
      });
      action = "rejected";
      break;
    }
    case "unset": {
      if (!before)
        throw new MappingRefusal(
          "nothing_to_remove",
          "conflict",
          `${hostName} has no mapping to remove`,
        );
      await tx.hostMappings.delete(company.id, change.calcomUserId);
      after = null;
      action = "unset";
      break;
    }
  }

  // A corrected mapping was wrong for the bookings still to come too: they follow it (to no one
  // when the host is no longer mapped); past ones keep who actually served them.
  const staffNow = after?.status === "active" ? after.staffId : null;
  const movedAppointments = await tx.appointments.reassignUpcomingForHost(
    company.id,
    change.calcomUserId,
    staffNow,
    now.toISOString(),
  );
  // Appointments that arrived while the host was unmapped get their staff member now.
  if (staffNow !== null)
    await tx.appointments.assignStaffForHost(company.id, change.calcomUserId, staffNow);

  await tx.hostMappings.addAudit(company.id, [
    {
      calcomUserId: change.calcomUserId,
      staffId: after?.staffId ?? before?.staffId ?? null,
      action,
      before: snapshotOf(before),
      after: snapshotOf(after),
      actor: ctx.actor,
      reason:
        movedAppointments > 0
          ? `${reason}; ${movedAppointments} upcoming appointment(s) moved`
          : reason,
    },
  ]);
  return { before, after, movedAppointments };
}

async function assertStaffAvailable(
  tx: Pick<Repositories, "staff" | "hostMappings" | "calcomMirror">,
  ctx: TenantContext,
  staffId: string,
  calcomUserId: number,
): Promise<void> {
  const { company } = ctx;
  // Staff of another company is simply not found here: never say more about another tenant.
  const staff = await tx.staff.findById(company.id, staffId);
  if (!staff) {
    throw new MappingRefusal(
      "unknown_staff",
      "invalid_input",
      `no staff member ${staffId} in ${company.name}`,
      [{ where: "staff", message: "unknown staff member" }],
    );
  }
  if (!staff.active) {
    throw new MappingRefusal(
      "staff_inactive",
      "invalid_input",
      `${staff.name} is inactive; activate the staff member before mapping`,
      [{ where: "staff", message: "inactive" }],
    );
  }
  const holder = await tx.hostMappings.findActiveByStaff(company.id, staffId);
  if (holder && holder.calcomUserId !== calcomUserId) {
    const other = await tx.calcomMirror.findHost(company.id, holder.calcomUserId);
    throw new MappingRefusal(
      "staff_taken",
      "conflict",
      `${staff.name} is already mapped to Cal.com host ${other?.name ?? holder.calcomUserId} (${holder.calcomUserId}); unset that mapping first`,
    );
  }
}
