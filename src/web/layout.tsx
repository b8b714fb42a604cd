import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { CsrfField } from "./components.tsx";
import { paths, type Theme, type Ui } from "./context.ts";
import type { Catalog } from "./i18n/index.ts";
import { locales } from "./i18n/index.ts";

const htmxConfig = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  historyCacheSize: 0,
});

function Head(props: { title: string; t: Catalog }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="htmx-config" content={htmxConfig} />
      <title>{`${props.title} · ${props.t.appName}`}</title>
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href={paths.asset("console.css")} />
      <script src={paths.asset("htmx.min.js")} defer></script>
      <script src={paths.asset("console.js")} defer></script>
    </head>
  );
}

/** A whole page: <!doctype>, head, and the body the caller gives. */
export function Document(props: {
  title: string;
  lang: string;
  theme: Theme;
  t: Catalog;
  bodyAttrs?: Record<string, string>;
  children: Child;
}) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={props.lang} data-theme={props.theme ?? undefined}>
        <Head title={props.title} t={props.t} />
        <body {...props.bodyAttrs}>{props.children}</body>
      </html>
    </>
  );
}

const sections = [
  "overview",
  "services",
  "staff",
  "mappings",
  "audit",
  "syncs",
  "appointments",
  "calls",
  "deliveries",
  "privacy",
  "settings",
] as const;

export function Layout(props: { ui: Ui; title: string; children: Child }) {
  const { ui } = props;
  const { t } = ui;
  const company = ui.company;
  const links = company ? paths.company(company.id) : null;
  // The overview's path is every section's prefix: it is current only on its own path. The
  // test call belongs to the settings (the Retell setup); the onboarding to the overview.
  const current =
    sections.find(
      (s) =>
        links &&
        (s === "overview"
          ? ui.path === links.base || ui.path === `${links.base}/`
          : ui.path.startsWith(links[s])),
    ) ?? (links && ui.path.startsWith(links.testCall) ? "settings" : "overview");
  return (
    <Document
      title={props.title}
      lang={ui.locale}
      theme={ui.theme}
      t={t}
      bodyAttrs={{ "hx-headers": JSON.stringify({ "X-CSRF-Token": ui.csrf }) }}
    >
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <a class="brand" href={paths.home}>
          <span class="brand-mark" aria-hidden="true">
            F
          </span>
          <span>{t.appName}</span>
        </a>
        {ui.viewer.role === "platform_admin" ? (
          <form class="switcher" method="get" action={paths.switchCompany}>
            <label for="company-switch" class="visually-hidden">
              {t.header.company}
            </label>
            <select id="company-switch" name="company" data-autosubmit>
              {!company && <option value="">{t.header.allCompanies}</option>}
              {ui.companies.map((c) => (
                <option value={c.id} selected={c.id === company?.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <input type="hidden" name="section" value={current} />
            <button type="submit" class="btn btn-small js-hide">
              {t.header.switchCompany}
            </button>
          </form>
        ) : (
          company && <span class="company-name">{company.name}</span>
        )}
        <div class="topbar-end">
          {ui.viewer.role === "platform_admin" && (
            <a
              class="btn btn-small btn-ghost"
              href={paths.users}
              aria-current={ui.path === paths.users ? "page" : undefined}
            >
              {t.users.title}
            </a>
          )}
          {ui.viewer.role === "platform_admin" && (
            <a
              class="btn btn-small btn-ghost"
              href={paths.lockouts}
              aria-current={ui.path === paths.lockouts ? "page" : undefined}
            >
              {t.lockouts.title}
            </a>
          )}
          {ui.viewer.role === "platform_admin" && (
            <a
              class="btn btn-small btn-ghost"
              href={paths.apiTokens}
              aria-current={ui.path === paths.apiTokens ? "page" : undefined}
            >
              {t.apiTokens.title}
            </a>
          )}
          <form class="lang" method="post" action={paths.locale}>
            <CsrfField token={ui.csrf} />
            <input type="hidden" name="back" value={ui.path} />
            <span class="visually-hidden">{t.header.language}</span>
            {locales.map((l) => (
              <button
                type="submit"
                name="locale"
                value={l}
                class="btn btn-small btn-ghost"
                aria-pressed={l === ui.locale ? "true" : "false"}
                lang={l}
                title={t.localeName[l]}
              >
                {l.toUpperCase()}
              </button>
            ))}
          </form>
          <button
            type="button"
            class="btn btn-small btn-ghost theme-toggle"
            data-theme-toggle
            aria-pressed={ui.theme === "dark" ? "true" : "false"}
            title={t.header.darkMode}
          >
            <span aria-hidden="true" class="theme-icon"></span>
            <span class="visually-hidden">{t.header.darkMode}</span>
          </button>
          <span class="user" title={t.header.signedInAs(ui.viewer.email)}>
            <span class="user-email">{ui.viewer.email}</span>
            <span class="user-role">{t.roles[ui.viewer.role]}</span>
          </span>
          <form method="post" action={paths.logout}>
            <CsrfField token={ui.csrf} />
            <button type="submit" class="btn btn-small">
              {t.header.logout}
            </button>
          </form>
        </div>
      </header>
      {links && (
        <nav class="tabs" aria-label={t.nav.label} data-scroll-hint>
          {sections.map((s) => (
            <a href={links[s]} aria-current={s === current ? "page" : undefined}>
              {t.nav[s]}
            </a>
          ))}
        </nav>
      )}
      <main id="main" tabindex={-1}>
        {props.children}
      </main>
    </Document>
  );
}
