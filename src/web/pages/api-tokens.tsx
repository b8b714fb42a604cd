import type { ApiToken } from "../../domain/ports/api-tokens.ts";
import {
  Badge,
  CopyField,
  CsrfField,
  ErrorNotice,
  ListTable,
  Notice,
  PageHeader,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { ConfirmPage } from "./confirm.tsx";

/** Where a token list lives: a company's settings, or the platform's own page. */
export interface ApiTokenLinks {
  /** The page the list is on (and where create, revoke and cancel lead back to). */
  list: string;
  create: string;
  revoke: (tokenId: string) => string;
}

export const apiTokenLinks = (companyId: string | null): ApiTokenLinks => {
  if (companyId === null) {
    const base = paths.apiTokens;
    return { list: base, create: base, revoke: (id) => `${base}/${encodeURIComponent(id)}/revoke` };
  }
  const settings = paths.company(companyId).settings;
  const base = `${settings}/api-tokens`;
  return {
    list: `${settings}#settings-api-tokens`,
    create: base,
    revoke: (id) => `${base}/${encodeURIComponent(id)}/revoke`,
  };
};

/** A refused create form: why, and what was typed (shown again). */
export interface ApiTokenFormState {
  error: unknown;
  values: { name?: string; scope?: string; expiresInDays?: string };
}

const tokenLabels = (t: Catalog) => ({
  name: t.apiTokens.name,
  scope: t.apiTokens.scope,
  expiresInDays: t.apiTokens.expiresInDays,
});

/** The list (never a secret: only its first characters) and the form that makes a new one. */
export function ApiTokensPanel(props: {
  ui: Ui;
  tokens: ApiToken[];
  links: ApiTokenLinks;
  form?: ApiTokenFormState;
}) {
  const { ui, tokens, links } = props;
  const { t, fmt } = ui;
  const at = (iso: string | null, none: string) =>
    iso ? <time datetime={iso}>{fmt.dateTime(iso)}</time> : <span class="muted">{none}</span>;
  const values = props.form?.values ?? {};
  const scope = values.scope === "write" ? "write" : "read";
  return (
    <>
      <p class="help">{t.apiTokens.help}</p>
      <ListTable
        count={tokens.length}
        empty={t.apiTokens.empty}
        id="api-tokens-table"
        headers={[
          t.apiTokens.name,
          t.apiTokens.prefix,
          t.apiTokens.scope,
          t.apiTokens.created,
          t.apiTokens.expires,
          t.apiTokens.lastUsed,
          t.apiTokens.status,
        ]}
      >
        {tokens.map((token) => (
          <tr>
            <td data-label={t.apiTokens.name}>{token.name}</td>
            <td data-label={t.apiTokens.prefix}>
              <code>{token.prefix}…</code>
            </td>
            <td data-label={t.apiTokens.scope}>{t.apiTokens.scopes[token.scope]}</td>
            <td data-label={t.apiTokens.created}>{at(token.createdAt, "")}</td>
            <td data-label={t.apiTokens.expires}>{at(token.expiresAt, t.apiTokens.never)}</td>
            <td data-label={t.apiTokens.lastUsed}>{at(token.lastUsedAt, t.apiTokens.neverUsed)}</td>
            <td data-label={t.apiTokens.status}>
              {token.revokedAt ? (
                <Badge tone="danger">{t.apiTokens.revokedAt(fmt.dateTime(token.revokedAt))}</Badge>
              ) : (
                // Asks first, on a page of its own.
                <a
                  class="btn btn-small"
                  href={links.revoke(token.id)}
                  aria-label={t.apiTokens.revokeOf(token.name)}
                >
                  {t.apiTokens.revoke}
                </a>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      {props.form && <ErrorNotice t={t} error={props.form.error} labels={tokenLabels(t)} />}
      <form method="post" action={links.create} class="form-grid">
        <CsrfField token={ui.csrf} />
        <div class="field">
          <label for="api-token-name">{t.apiTokens.name}</label>
          <input
            id="api-token-name"
            name="name"
            required
            maxlength={100}
            autocomplete="off"
            value={values.name ?? ""}
          />
        </div>
        <div class="field">
          <label for="api-token-scope">{t.apiTokens.scope}</label>
          <select id="api-token-scope" name="scope">
            {(["read", "write"] as const).map((s) => (
              <option value={s} selected={s === scope}>
                {t.apiTokens.scopes[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="api-token-expiry">{t.apiTokens.expiresInDays}</label>
          <input
            id="api-token-expiry"
            name="expiresInDays"
            type="number"
            min={0}
            max={3650}
            required
            aria-describedby="api-token-expiry-help"
            value={values.expiresInDays ?? "365"}
          />
          <p id="api-token-expiry-help" class="help">
            {t.apiTokens.expiresHelp}
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">
            {t.apiTokens.create}
          </button>
        </div>
      </form>
    </>
  );
}

/** The settings page's section of a company's tokens. */
export function ApiTokensSection(props: { ui: Ui; tokens: ApiToken[]; form?: ApiTokenFormState }) {
  const { ui } = props;
  return (
    <section class="panel" id="settings-api-tokens" aria-labelledby="settings-api-tokens-title">
      <h2 id="settings-api-tokens-title">{ui.t.apiTokens.title}</h2>
      <ApiTokensPanel
        ui={ui}
        tokens={props.tokens}
        links={apiTokenLinks(ui.company!.id)}
        form={props.form}
      />
    </section>
  );
}

/** The platform admin's page of the platform's own tokens (every company). */
export function PlatformApiTokensPage(props: {
  ui: Ui;
  tokens: ApiToken[];
  form?: ApiTokenFormState;
}) {
  const { ui } = props;
  const t = ui.t.apiTokens;
  return (
    <Layout ui={ui} title={t.platformTitle}>
      <PageHeader title={t.platformTitle} intro={t.platformIntro} />
      <section class="panel">
        <ApiTokensPanel
          ui={ui}
          tokens={props.tokens}
          links={apiTokenLinks(null)}
          form={props.form}
        />
      </section>
    </Layout>
  );
}

/** The one page that shows a new token's secret: it is stored only as a hash. */
export function ApiTokenCreatedPage(props: {
  ui: Ui;
  token: ApiToken;
  secret: string;
  links: ApiTokenLinks;
}) {
  const { ui, token } = props;
  const t = ui.t.apiTokens;
  return (
    <Layout ui={ui} title={t.createdTitle}>
      <p class="crumbs">
        <a href={props.links.list}>← {t.back}</a>
      </p>
      <PageHeader title={t.createdTitle} />
      <section class="panel">
        <Notice tone="warn">{t.copyNow}</Notice>
        <p>
          {token.name} · {t.scopes[token.scope]}
        </p>
        <CopyField t={ui.t} id="api-token-secret" label={t.secret} value={props.secret} />
        <div class="form-actions">
          <a class="btn btn-primary" href={props.links.list}>
            {t.done}
          </a>
        </div>
      </section>
    </Layout>
  );
}

/** Revoking asks first: the next request with the token is refused. */
export function RevokeApiTokenConfirmPage(props: {
  ui: Ui;
  token: ApiToken;
  links: ApiTokenLinks;
}) {
  const { ui, token, links } = props;
  const t = ui.t.apiTokens;
  return (
    <ConfirmPage
      ui={ui}
      title={t.confirmRevoke(token.name)}
      back={{ href: links.list, label: t.back }}
      action={links.revoke(token.id)}
      submit={t.revoke}
      danger
    >
      <p>{t.confirmRevokeText}</p>
    </ConfirmPage>
  );
}
