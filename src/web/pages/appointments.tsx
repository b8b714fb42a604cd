import type { AppointmentStatus } from "../../domain/entities.ts";
import type { AppointmentRow } from "../../features/appointments/list-appointment-rows.ts";
import { Badge, ListTable, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

const statusTone: Record<AppointmentStatus, Tone> = {
  accepted: "ok",
  pending: "info",
  cancelled: "muted",
  rejected: "danger",
  rescheduled: "muted",
};

export function AppointmentsPage(props: { ui: Ui; appointments: AppointmentRow[] }) {
  const { ui } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.appointments.title}>
      <PageHeader title={t.appointments.title} intro={t.appointments.intro} />
      <ListTable
        count={props.appointments.length}
        empty={t.appointments.empty}
        headers={[
          t.appointments.start,
          t.appointments.service,
          t.appointments.staff,
          t.appointments.host,
          t.appointments.customer,
          t.appointments.source,
          t.appointments.status,
        ]}
      >
        {props.appointments.map((a) => (
          <tr class={a.needsMapping ? "flagged" : undefined}>
            <td data-label={t.appointments.start}>
              <time datetime={a.startAt}>{fmt.dateTime(a.startAt)}</time>
            </td>
            <td data-label={t.appointments.service}>{a.serviceName ?? t.common.none}</td>
            <td data-label={t.appointments.staff}>
              {a.needsMapping ? (
                <span class="flag">
                  <Badge tone="warn">{t.appointments.needsMapping}</Badge>{" "}
                  <a href={`${links.mappings}?q=${encodeURIComponent(a.hostName ?? "")}`}>
                    {t.appointments.fixMapping}
                  </a>
                </span>
              ) : (
                (a.staffName ?? t.common.none)
              )}
            </td>
            <td data-label={t.appointments.host}>
              {a.hostName ?? (a.calcomUserId === null ? t.common.none : `#${a.calcomUserId}`)}
            </td>
            <td data-label={t.appointments.customer}>
              {a.customer.name || a.customer.phone || a.customer.email ? (
                <>
                  {a.customer.name ?? t.common.none}
                  <span class="muted small block">{a.customer.phone ?? a.customer.email}</span>
                </>
              ) : (
                t.common.none
              )}
            </td>
            <td data-label={t.appointments.source}>{t.appointments.sources[a.source]}</td>
            <td data-label={t.appointments.status}>
              <Badge tone={statusTone[a.status]}>{t.appointments.statuses[a.status]}</Badge>
            </td>
          </tr>
        ))}
      </ListTable>
    </Layout>
  );
}
