import type { CompanyHealth } from "../../features/company/platform-overview.ts";
import { Badge, ListTable, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { createFormatter } from "../format.ts";
import { Layout } from "../layout.tsx";
import { RunBadge } from "./dashboard.tsx";

/** A count that asks for attention when it is not zero. */
function Signal(props: { n: number; href: string; label: string }) {
  return props.n === 0 ? (
    <Badge tone="ok">0</Badge>
  ) : (
    <a href={props.href} title={props.label}>
      <Badge tone="warn">{props.n}</Badge>
    </a>
  );
}

export function PlatformOverviewPage(props: { ui: Ui; rows: CompanyHealth[] }) {
  const { ui } = props;
  const t = ui.t.overview;
  return (
    <Layout ui={ui} title={t.title}>
      <PageHeader title={t.title} intro={t.intro}>
        <a class="btn btn-primary" href={paths.newCompany}>
          {t.newCompany}
        </a>
      </PageHeader>
      <ListTable
        id="overview"
        count={props.rows.length}
        empty={t.empty}
        headers={[
          t.company,
          t.appointmentsToday,
          t.hostsToReview,
          t.unbookable,
          t.lastSync,
          t.refusedDeliveries,
        ]}
      >
        {props.rows.map((r) => {
          const links = paths.company(r.company.id);
          return (
            <tr data-company={r.company.slug}>
              <td data-label={t.company}>
                <a href={links.overview}>{r.company.name}</a>{" "}
                <code class="small">{r.company.slug}</code>
              </td>
              <td data-label={t.appointmentsToday}>
                <a href={links.appointments}>{r.appointmentsToday}</a>
              </td>
              <td data-label={t.hostsToReview}>
                <Signal n={r.hostsToReview} href={links.mappings} label={t.hostsToReview} />
              </td>
              <td data-label={t.unbookable}>
                <Signal n={r.unbookableServices} href={links.services} label={t.unbookable} />
              </td>
              <td data-label={t.lastSync}>
                {/* Each company's times in its own zone, as its dashboard shows them. */}
                <RunBadge
                  ui={{ ...ui, fmt: createFormatter(ui.locale, r.company.timezone) }}
                  run={r.lastSync}
                  never={t.never}
                />
              </td>
              <td data-label={t.refusedDeliveries}>
                <Signal
                  n={r.refusedDeliveries24h}
                  href={`${links.deliveries}?outcome=refused_foreign_event_type`}
                  label={t.refusedDeliveries}
                />
              </td>
            </tr>
          );
        })}
      </ListTable>
    </Layout>
  );
}
