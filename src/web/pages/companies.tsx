import { PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

/** The CLI command that creates a company today, with the options it requires and the usual ones. */
export const createCompanyCommand =
  'frontdesk company create --name "Salon Beispiel" --slug salon-beispiel --timezone Europe/Berlin --calcom-api-key cal_live_… --calcom-team-id 1234';

/**
 * "New company" until the console can create one: says so, and shows the command that does it
 * (nothing here pretends to create anything).
 */
export function NewCompanyPage(props: { ui: Ui }) {
  const { ui } = props;
  const t = ui.t.newCompany;
  return (
    <Layout ui={ui} title={t.title}>
      <PageHeader title={t.title} />
      <section class="panel">
        <p id="wizard-coming">{t.coming}</p>
        <p>{t.untilThen}</p>
        <pre class="code-block">
          <code id="create-command">{createCompanyCommand}</code>
        </pre>
        <p class="muted">{t.after}</p>
        <p>
          <a href={paths.home}>{t.back}</a>
        </p>
      </section>
    </Layout>
  );
}
