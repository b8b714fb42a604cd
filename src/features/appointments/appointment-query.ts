import { DateTime } from "luxon";
import { z } from "zod";
import type { AppointmentStatus, Company } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import type { AppointmentSearch } from "../../domain/ports/appointments.ts";
import { parseInput } from "../parse-input.ts";

export const appointmentTabs = ["upcoming", "past", "cancelled"] as const;
export type AppointmentTab = (typeof appointmentTabs)[number];

const allStatuses = ["accepted", "pending", "rescheduled", "cancelled", "rejected"] as const;
const tabStatuses: Record<AppointmentTab, readonly AppointmentStatus[]> = {
  upcoming: ["accepted", "pending", "rescheduled"],
  past: ["accepted", "pending", "rescheduled"],
  cancelled: ["cancelled", "rejected"],
};
/** The staff filter's value for appointments whose Cal.com host is not mapped to staff. */
export const unmappedStaff = "unmapped";

// An emptied form field arrives as "": the same as leaving it out.
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((v) => DateTime.fromISO(v).isValid, "is not a date in the calendar");

/** The console's list, week and export as they read from the URL (every value a string). */
export const appointmentQuery = z.object({
  view: optional(z.enum(["list", "week"])),
  tab: optional(z.enum(appointmentTabs)),
  from: optional(day),
  to: optional(day),
  week: optional(day),
  // Ids of another company, or none at all, simply match nothing.
  staff: optional(z.string().max(100)),
  service: optional(z.string().max(100)),
  status: optional(z.enum(allStatuses)),
  q: optional(z.string().trim().max(100)),
  cursor: optional(z.string().max(400)),
});

export type AppointmentQuery = z.output<typeof appointmentQuery>;

export function parseAppointmentQuery(raw: unknown): AppointmentQuery {
  const query = parseInput(appointmentQuery, raw, "query");
  if (query.from && query.to && query.from > query.to)
    throw new ValidationError("invalid query", [
      { where: "to", message: "is before the start of the range" },
    ]);
  return query;
}

const cursorShape = z.tuple([z.enum(appointmentTabs), z.iso.datetime(), z.string().max(100)]);

/** The opaque position after a page's last row, bound to its tab. */
export function encodeCursor(tab: AppointmentTab, row: { startAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([tab, row.startAt, row.id])).toString("base64url");
}

function decodeCursor(cursor: string, tab: AppointmentTab): { startAt: string; id: string } {
  let parsed: z.ZodSafeParseResult<z.output<typeof cursorShape>> | null = null;
  try {
    parsed = cursorShape.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    // Not JSON: refused below like any other malformed cursor.
  }
  if (!parsed?.success || parsed.data[0] !== tab)
    throw new ValidationError("invalid query", [
      {
        where: "cursor",
        message: "this page link is not valid (any more); start again from the first page",
      },
    ]);
  return { startAt: parsed.data[1], id: parsed.data[2] };
}

const zoneStart = (date: string, company: Company) =>
  DateTime.fromISO(date, { zone: company.timezone }).startOf("day");

/** The start of the company's today, UTC ISO. */
function startOfToday(company: Company, now: Date): string {
  return DateTime.fromJSDate(now, { zone: company.timezone }).startOf("day").toUTC().toISO()!;
}

/** The filters every view shares: staff, service, status, name or phone. */
function commonFilter(
  query: AppointmentQuery,
  company: Company,
  statuses: readonly AppointmentStatus[],
): Omit<AppointmentSearch, "order" | "limit"> {
  const q = query.q || undefined;
  const phone = q && /\d/.test(q) ? toE164(q, company.country) : null;
  return {
    statuses: query.status ? statuses.filter((s) => s === query.status) : [...statuses],
    staffId:
      query.staff === undefined ? undefined : query.staff === unmappedStaff ? null : query.staff,
    serviceId: query.service,
    name: q,
    phone: phone?.ok ? phone.e164 : undefined,
  };
}

/** The list's or the export's search: the tab's statuses and time side, the date range, the cursor. */
export function listSearch(
  query: AppointmentQuery,
  company: Company,
  now: Date,
  limit: number,
): AppointmentSearch & { tab: AppointmentTab } {
  const tab = query.tab ?? "upcoming";
  const today = startOfToday(company, now);
  const from = query.from ? zoneStart(query.from, company).toUTC().toISO()! : undefined;
  const to = query.to ? zoneStart(query.to, company).plus({ days: 1 }).toUTC().toISO()! : undefined;
  const max = (a: string | undefined, b: string) => (a && a > b ? a : b);
  const min = (a: string | undefined, b: string) => (a && a < b ? a : b);
  return {
    ...commonFilter(query, company, tabStatuses[tab]),
    tab,
    from: tab === "upcoming" ? max(from, today) : from,
    to: tab === "past" ? min(to, today) : to,
    order: tab === "upcoming" ? "asc" : "desc",
    after: query.cursor ? decodeCursor(query.cursor, tab) : undefined,
    limit,
  };
}

/** The Monday (company-local) of the week asked for, else of this week. */
export function weekStart(query: AppointmentQuery, company: Company, now: Date): DateTime {
  const ref = query.week
    ? zoneStart(query.week, company)
    : DateTime.fromJSDate(now, { zone: company.timezone });
  return ref.startOf("week");
}

/** The week's search: what is booked (or the one status asked for), oldest first. */
export function weekSearch(
  query: AppointmentQuery,
  company: Company,
  monday: DateTime,
  limit: number,
): AppointmentSearch {
  return {
    ...commonFilter(query, company, query.status ? allStatuses : ["accepted", "pending"]),
    from: monday.toUTC().toISO()!,
    to: monday.plus({ weeks: 1 }).toUTC().toISO()!,
    order: "asc",
    limit,
  };
}
