import type { Staff } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports/store.ts";
import { matchStaffWish } from "../../domain/staff-wish.ts";

/** What a caller's wish for a person comes to for one service (event type). */
export type StaffChoice =
  /** One staff member who does the service, and their hosts of its event type. */
  | { kind: "staff"; staffId: string; staffName: string; hostIds: number[] }
  /** Several staff members who do the service fit the name: the caller chooses. */
  | { kind: "ambiguous"; names: string[] }
  /** The person exists but does not do this service; who does. */
  | { kind: "not_offering"; offeredBy: string[] }
  /** No one of that name in the team. */
  | { kind: "unknown" };

export type StaffChoiceDeps = { store: Pick<Store, "staff" | "hostMappings" | "calcomMirror"> };

/** A staff member who does a service, with their hosts of its event type. */
export interface OfferingStaff {
  staff: Staff;
  hostIds: number[];
}

/**
 * The company's active staff, and per event type those who do it (mapped active to one of its
 * hosts), in the staff list's order. Three reads, all of this company, for any number of event
 * types.
 */
export async function staffOfEventTypes(
  store: StaffChoiceDeps["store"],
  companyId: string,
  eventTypeIds: readonly number[],
): Promise<{ team: Staff[]; offering: Map<number, OfferingStaff[]> }> {
  const [hosts, mappings, staff] = await Promise.all([
    store.calcomMirror.listHosts(companyId, [...eventTypeIds]),
    store.hostMappings.list(companyId),
    store.staff.list(companyId),
  ]);
  const staffOfHost = new Map(
    mappings.filter((m) => m.status === "active").map((m) => [m.calcomUserId, m.staffId]),
  );
  const team = staff.filter((s) => s.active);
  const offering = new Map<number, OfferingStaff[]>();
  for (const eventTypeId of eventTypeIds) {
    const hostsOf = new Map<string, number[]>();
    for (const h of hosts) {
      const staffId = staffOfHost.get(h.calcomUserId);
      if (staffId === undefined || !h.eventTypeIds.includes(eventTypeId)) continue;
      hostsOf.set(staffId, [...(hostsOf.get(staffId) ?? []), h.calcomUserId]);
    }
    offering.set(
      eventTypeId,
      team.flatMap((s) => {
        const hostIds = hostsOf.get(s.id);
        return hostIds ? [{ staff: s, hostIds }] : [];
      }),
    );
  }
  return { team, offering };
}

/**
 * The staff member a caller asked for by name ("bei der Anja"), among the company's active
 * staff. When the name fits several people and just one of them does the service, that one is
 * meant; the reply names them, so the caller hears whom they get.
 */
export async function resolveStaffWish(
  deps: StaffChoiceDeps,
  companyId: string,
  eventTypeId: number,
  wish: string,
): Promise<StaffChoice> {
  const { team, offering: byEventType } = await staffOfEventTypes(deps.store, companyId, [
    eventTypeId,
  ]);
  const offering = byEventType.get(eventTypeId) ?? [];
  const found = matchStaffWish(
    wish,
    team.map((s) => s.name),
  );
  if (found.kind === "none") return { kind: "unknown" };
  const meant = new Set(
    (found.kind === "one" ? [found.index] : found.indexes).map((i) => team[i]!.id),
  );
  const candidates = offering.filter((o) => meant.has(o.staff.id));
  const offeredBy = offering.map((o) => o.staff.name);
  if (candidates.length === 0) return { kind: "not_offering", offeredBy };
  if (candidates.length > 1)
    return { kind: "ambiguous", names: candidates.map((o) => o.staff.name) };
  const [{ staff, hostIds }] = candidates as [(typeof candidates)[number]];
  return { kind: "staff", staffId: staff.id, staffName: staff.name, hostIds };
}
