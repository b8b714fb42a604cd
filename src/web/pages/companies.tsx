import type { Company } from "../../domain/entities.ts";
import { Badge, ListTable, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

export function CompaniesPage(props: { ui: Ui; companies: Company[] }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.companies.title}>
      <PageHeader title={t.companies.title} />
      <ListTable
        count={props.companies.length}
        empty={t.companies.empty}
        headers={[
          t.companies.name,
          t.companies.slug,
          t.companies.timezone,
          t.companies.language,
          t.companies.calcomTeam,
        ]}
      >
        {props.companies.map((c) => (
          <tr>
            <td data-label={t.companies.name}>
              <a href={paths.company(c.id).services}>{c.name}</a>
            </td>
            <td data-label={t.companies.slug}>
              <code>{c.slug}</code>
            </td>
            <td data-label={t.companies.timezone}>{c.timezone}</td>
            <td data-label={t.companies.language}>{t.localeName[c.locale]}</td>
            <td data-label={t.companies.calcomTeam}>
              {c.calcom.teamId === null ? (
                <Badge tone="muted">{t.companies.notConnected}</Badge>
              ) : (
                <code>#{c.calcom.teamId}</code>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </Layout>
  );
}
