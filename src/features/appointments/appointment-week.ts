import { localDateOf } from "../../domain/datetime/index.ts";
import type { TenantContext } from "../../domain/entities.ts";
import type { Clock } from "../../platform/clock.ts";
import {
  type AppointmentQuery,
  parseAppointmentQuery,
  unmappedStaff,
  weekSearch,
  weekStart,
} from "./appointment-query.ts";
import {
  type AppointmentChoices,
  type AppointmentRow,
  type AppointmentRowDeps,
  searchRows,
} from "./list-appointment-rows.ts";

/** The most appointments one week shows; a salon's busiest week stays far below. */
export const weekLimit = 2_000;

export interface AppointmentWeek {
  query: AppointmentQuery;
  /** The seven company-local days, Monday first ("YYYY-MM-DD"). */
  days: string[];
  previous: string;
  next: string;
  /** One column per staff member, then null for appointments whose host is not mapped. */
  columns: { staffId: string | null; name: string | null }[];
  /** Rows by day, then by column (staff id, "" for not mapped), in start order. */
  cells: Map<string, Map<string, AppointmentRow[]>>;
  truncated: boolean;
  choices: AppointmentChoices;
  today: string;
}

/**
 * A company-local week (Monday to Sunday) as a grid of days and staff: the active staff, anyone
 * else booked that week, and "not mapped". The list's filters apply; four queries.
 */
export function makeAppointmentWeek(deps: AppointmentRowDeps & { clock: Clock }) {
  return async (ctx: TenantContext, raw: unknown): Promise<AppointmentWeek> => {
    const query = parseAppointmentQuery(raw);
    const zone = ctx.company.timezone;
    const now = deps.clock.now();
    const monday = weekStart(query, ctx.company, now);
    const search = weekSearch(query, ctx.company, monday, weekLimit + 1);
    const { rows: found, choices } = await searchRows(deps, ctx.company.id, search);
    const rows = found.slice(0, weekLimit);
    const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate()!);
    const booked = new Set(rows.map((r) => r.staffId ?? ""));
    const staff = choices.staff.filter((s) =>
      query.staff === undefined ? s.active || booked.has(s.id) : s.id === query.staff,
    );
    const columns: AppointmentWeek["columns"] = staff.map((s) => ({ staffId: s.id, name: s.name }));
    if (query.staff === undefined || query.staff === unmappedStaff)
      columns.push({ staffId: null, name: null });
    const cells: AppointmentWeek["cells"] = new Map(days.map((d) => [d, new Map()]));
    for (const row of rows) {
      const byStaff = cells.get(localDateOf(row.startAt, zone));
      const key = row.staffId ?? "";
      byStaff?.set(key, [...(byStaff.get(key) ?? []), row]);
    }
    return {
      query,
      days,
      previous: monday.minus({ weeks: 1 }).toISODate()!,
      next: monday.plus({ weeks: 1 }).toISODate()!,
      columns,
      cells,
      truncated: found.length > weekLimit,
      choices,
      today: localDateOf(now.toISOString(), zone),
    };
  };
}
