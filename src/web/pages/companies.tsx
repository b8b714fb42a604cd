import type { Company } from "../../domain/entities.ts";
import { Badge, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

export function CompaniesPage(props: { ui: Ui; companies: Company[] }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.companies.title}>
      <PageHeader title={t.companies.title} />
      {props.companies.length === 0 ? (
        <p class="empty">{t.companies.empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table stack">
            <thead>
              <tr>
                <th scope="col">{t.companies.name}</th>
                <th scope="col">{t.companies.slug}</th>
                <th scope="col">{t.companies.timezone}</th>
                <th scope="col">{t.companies.language}</th>
                <th scope="col">{t.companies.calcomTeam}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
