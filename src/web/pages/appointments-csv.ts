import type { Company } from "../../domain/entities.ts";
import { formatPhone } from "../../domain/phone.ts";
import type { AppointmentRow } from "../../features/appointments/list-appointment-rows.ts";
import type { Ui } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { clockOf } from "./appointments.tsx";

/**
 * A spreadsheet cell: quoted when it holds the separator, a quote or a line break; a leading
 * = + - @ (or tab, carriage return) gets a ' so that Excel and LibreOffice never run it as a formula.
 */
export function csvCell(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe)
    ? `"${safe.replaceAll('"', '""')}"`
    : safe;
}

/**
 * The filtered list as CSV for Excel: UTF-8 with a byte order mark (else Excel reads it as the
 * local code page), the header in the user's language, and German Excel's ";" for German
 * (it splits on the list separator of the system's locale, which is ";" there).
 */
export function appointmentsCsv(
  ui: Pick<Ui, "t" | "locale">,
  company: Company,
  rows: AppointmentRow[],
): string {
  const t: Catalog = ui.t;
  const separator = ui.locale === "de" ? ";" : ",";
  const clock = clockOf(ui.locale, company.timezone);
  const header = [
    t.appointments.date,
    t.appointments.time,
    t.appointments.end,
    t.appointments.service,
    t.appointments.staff,
    t.appointments.host,
    t.appointments.customer,
    t.appointments.phone,
    t.appointments.email,
    t.appointments.status,
    t.appointments.source,
    t.appointments.notes,
    t.appointments.call,
    t.appointments.movedFrom,
    t.appointments.movedTo,
    t.appointments.bookingUid,
  ];
  const when = (iso: string | undefined) => (iso ? `${clock.date(iso)} ${clock.time(iso)}` : "");
  const lines = rows.map((a) => [
    clock.date(a.startAt),
    clock.time(a.startAt),
    clock.time(a.endAt),
    a.serviceName ?? "",
    a.staffName ?? t.appointments.notMapped,
    a.hostName ?? (a.calcomUserId === null ? "" : `#${a.calcomUserId}`),
    a.customer.name ?? "",
    a.customer.phone ? formatPhone(a.customer.phone, company.country) : "",
    a.customer.email ?? "",
    t.appointments.statuses[a.status],
    t.appointments.sources[a.source],
    a.notes ?? "",
    // The whole id: a spreadsheet is where it is looked up in Retell.
    a.retellCallId ?? "",
    when(a.movedFrom?.startAt),
    when(a.movedTo?.startAt),
    a.bookingUid,
  ]);
  return `\uFEFF${[header, ...lines].map((cells) => cells.map((c) => csvCell(c, separator)).join(separator)).join("\r\n")}\r\n`;
}
