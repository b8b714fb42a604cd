import { localDateOf } from "../../domain/datetime/index.ts";
import type { Service, Staff, TenantContext } from "../../domain/entities.ts";
import type {
  AppointmentListing,
  AppointmentRepository,
  AppointmentSearch,
} from "../../domain/ports/appointments.ts";
import type { CalcomMirrorRepository, HostProfile } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import type { Clock } from "../../platform/clock.ts";
import {
  type AppointmentQuery,
  type AppointmentTab,
  encodeCursor,
  listSearch,
  parseAppointmentQuery,
} from "./appointment-query.ts";

export interface AppointmentRow extends AppointmentListing {
  serviceName: string | null;
  staffName: string | null;
  hostName: string | null;
  /** The attendee of this booking as Cal.com has it, else the verified caller (voice bookings). */
  customer: { name: string | null; phone: string | null; email: string | null };
  /** The Cal.com host is not mapped to staff: an admin should fix the mapping. */
  needsMapping: boolean;
}

/** What the filter form offers: the company's staff and services by name. */
export interface AppointmentChoices {
  staff: Pick<Staff, "id" | "name" | "active">[];
  services: Pick<Service, "id" | "name">[];
}

export interface AppointmentPage {
  query: AppointmentQuery;
  tab: AppointmentTab;
  rows: AppointmentRow[];
  /** The cursor of the next page, null on the last one. */
  next: string | null;
  choices: AppointmentChoices;
  /** The company-local date of today ("YYYY-MM-DD"): which tab a linked appointment is on. */
  today: string;
}

export const appointmentPageSize = 50;
/** The most rows one CSV export holds. */
export const appointmentExportLimit = 10_000;

export type AppointmentRowDeps = {
  appointments: Pick<AppointmentRepository, "search">;
  services: Pick<ServiceRepository, "list">;
  staff: Pick<StaffRepository, "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "listHostProfiles">;
};

/**
 * One search with the names it shows: four queries (the appointments with their customers and
 * reschedule chain, staff, services, Cal.com hosts) whatever the filter and page.
 */
export async function searchRows(
  deps: AppointmentRowDeps,
  companyId: string,
  search: AppointmentSearch,
): Promise<{ rows: AppointmentRow[]; choices: AppointmentChoices }> {
  const [listings, services, staff, hosts] = await Promise.all([
    deps.appointments.search(companyId, search),
    deps.services.list(companyId),
    deps.staff.list(companyId),
    deps.calcomMirror.listHostProfiles(companyId),
  ]);
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const hostName = new Map(hosts.map((h: HostProfile) => [h.calcomUserId, h.name || h.username]));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    rows: listings.map((a) => ({
      ...a,
      serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
      staffName: a.staffId ? (staffName.get(a.staffId) ?? null) : null,
      hostName: a.calcomUserId === null ? null : (hostName.get(a.calcomUserId) ?? null),
      customer: {
        name: a.attendeeName ?? a.customerName,
        phone: a.customerPhone,
        email: a.attendeeEmail ?? a.customerEmail,
      },
      needsMapping: a.staffId === null && a.calcomUserId !== null,
    })),
    choices: {
      staff: staff.map(({ id, name, active }) => ({ id, name, active })).sort(byName),
      services: services.map(({ id, name }) => ({ id, name })).sort(byName),
    },
  };
}

/**
 * The console's appointments: a tab (upcoming from the start of the company's today, soonest
 * first; past and cancelled newest first), filters and a keyset cursor, all read from the URL.
 * A malformed value or cursor is a ValidationError; `export` gives up to 10,000 rows, unpaged.
 */
export function makeListAppointmentRows(deps: AppointmentRowDeps & { clock: Clock }) {
  return async (
    ctx: TenantContext,
    raw: unknown,
    options: { export?: boolean } = {},
  ): Promise<AppointmentPage> => {
    const query = parseAppointmentQuery(raw);
    const now = deps.clock.now();
    // A page asks for one row more than it shows: whether there is a next page.
    const limit = options.export ? appointmentExportLimit : appointmentPageSize + 1;
    const search = listSearch(
      options.export ? { ...query, cursor: undefined } : query,
      ctx.company,
      now,
      limit,
    );
    const { rows, choices } = await searchRows(deps, ctx.company.id, search);
    const more = !options.export && rows.length > appointmentPageSize;
    const page = more ? rows.slice(0, appointmentPageSize) : rows;
    const last = page.at(-1);
    return {
      query,
      tab: search.tab,
      rows: page,
      next: more && last ? encodeCursor(search.tab, last) : null,
      choices,
      today: localDateOf(now.toISOString(), ctx.company.timezone),
    };
  };
}
