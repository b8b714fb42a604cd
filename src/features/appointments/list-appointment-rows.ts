import type { TenantContext } from "../../domain/entities.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { AppointmentView } from "./list-appointments.ts";

export interface AppointmentRow extends AppointmentView {
  hostName: string | null;
}

/** The company's appointments in start order, with the Cal.com host's name beside the staff member's. */
export function makeListAppointmentRows(deps: {
  listAppointments: (
    ctx: TenantContext,
    filter: { from?: string; limit: number },
  ) => Promise<AppointmentView[]>;
  calcomMirror: Pick<CalcomMirrorRepository, "listHostProfiles">;
}) {
  return async (
    ctx: TenantContext,
    filter: { from?: string; limit?: number } = {},
  ): Promise<AppointmentRow[]> => {
    const [appointments, hosts] = await Promise.all([
      deps.listAppointments(ctx, { from: filter.from, limit: filter.limit ?? 300 }),
      deps.calcomMirror.listHostProfiles(ctx.company.id),
    ]);
    const name = new Map(hosts.map((h) => [h.calcomUserId, h.name || h.username]));
    return appointments.map((a) => ({
      ...a,
      hostName: a.calcomUserId === null ? null : (name.get(a.calcomUserId) ?? null),
    }));
  };
}
