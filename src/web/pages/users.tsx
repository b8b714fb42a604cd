import type { Company, Locale } from "../../domain/entities.ts";
import type { ManagedUser, UserAuditEntry } from "../../domain/ports/auth.ts";
import {
  Badge,
  CopyButton,
  CsrfField,
  ErrorNotice,
  ListTable,
  Notice,
  PageHeader,
} from "../components.tsx";
import { paths, type Theme, type Ui } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Document, Layout } from "../layout.tsx";
import { ConfirmPage } from "./confirm.tsx";

/** A one-time link just made: shown once, never stored in a readable form. */
export interface FreshLink {
  kind: "invite" | "reset";
  email: string;
  link: string;
  mailed: boolean;
}

export function UsersPage(props: {
  ui: Ui;
  users: ManagedUser[];
  audit: UserAuditEntry[];
  companies: Company[];
  fresh?: FreshLink;
  error?: unknown;
  /** What the invite form showed, when it was refused. */
  form?: { email?: string; companyId?: string };
}) {
  const { ui } = props;
  const { fmt, csrf } = ui;
  const t = ui.t.users;
  const companyName = new Map(props.companies.map((c) => [c.id, c.name]));
  return (
    <Layout ui={ui} title={t.title}>
      <PageHeader title={t.title} intro={t.intro}>
        <a class="btn btn-small" href={paths.lockouts}>
          {t.lockouts}
        </a>
      </PageHeader>
      {props.fresh && (
        <Notice tone="ok" id="fresh-link">
          <strong>{t.linkCreated(props.fresh.email)}</strong>
          <p>
            <code id="fresh-link-url">{props.fresh.link}</code>{" "}
            <CopyButton target="fresh-link-url" t={ui.t} />
          </p>
          <p>
            {t.linkOnce} {props.fresh.kind === "invite" ? t.inviteValid : t.resetValid}{" "}
            {props.fresh.mailed ? t.mailed : t.notMailed}
          </p>
        </Notice>
      )}
      {props.error !== undefined && (
        <ErrorNotice
          t={ui.t}
          error={props.error}
          labels={{ email: t.email, companyId: t.company, user: t.title }}
        />
      )}
      <ListTable
        count={props.users.length}
        empty={t.empty}
        headers={[t.email, t.role, t.company, t.status, t.lastLogin, ""]}
        id="users"
      >
        {props.users.map(({ user, disabledAt, lastLoginAt }) => (
          <tr data-email={user.email}>
            <td data-label={t.email}>{user.email}</td>
            <td data-label={t.role}>{t.roles[user.role] ?? user.role}</td>
            <td data-label={t.company}>
              {user.companyId ? (companyName.get(user.companyId) ?? user.companyId) : t.none}
            </td>
            <td data-label={t.status}>
              {disabledAt ? (
                <Badge tone="danger" title={fmt.dateTime(disabledAt)}>
                  {t.disabled}
                </Badge>
              ) : (
                <Badge tone="ok">{t.active}</Badge>
              )}
            </td>
            <td data-label={t.lastLogin} class="last-login">
              {lastLoginAt ? (
                <time datetime={lastLoginAt}>{fmt.dateTime(lastLoginAt)}</time>
              ) : (
                <span class="muted">{t.neverLoggedIn}</span>
              )}
            </td>
            <td class="row-actions">
              {!disabledAt && (
                <form method="post" action={paths.user(user.id, "reset")} class="inline-form">
                  <CsrfField token={csrf} />
                  <button class="btn btn-small" type="submit">
                    {t.reset}
                  </button>
                </form>
              )}
              {user.id !== ui.viewer.id && (
                <a
                  class={disabledAt ? "btn btn-small" : "btn btn-small btn-danger"}
                  href={paths.user(user.id, disabledAt ? "enable" : "disable")}
                >
                  {disabledAt ? t.enable : t.disable}
                </a>
              )}
            </td>
          </tr>
        ))}
      </ListTable>

      <section class="panel">
        <h2>{t.invite}</h2>
        <form method="post" action={`${paths.users}/invite`} class="form-stack" id="invite-form">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="invite-email">{t.email}</label>
            <input
              id="invite-email"
              name="email"
              type="email"
              required
              maxlength={254}
              value={props.form?.email ?? ""}
            />
          </div>
          <div class="field">
            <label for="invite-company">{t.company}</label>
            <select id="invite-company" name="companyId" required>
              <option value="">{t.chooseCompany}</option>
              {props.companies.map((c) => (
                <option value={c.id} selected={props.form?.companyId === c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn btn-primary">
            {t.inviteSubmit}
          </button>
        </form>
      </section>

      <h2>{t.history}</h2>
      <ListTable
        count={props.audit.length}
        empty={t.noHistory}
        headers={[t.email, t.action, t.by, t.at]}
        id="user-audit"
      >
        {props.audit.map((a) => (
          <tr>
            <td data-label={t.email}>{a.targetEmail}</td>
            <td data-label={t.action}>{t.actions[a.action] ?? a.action}</td>
            <td data-label={t.by}>{a.actorEmail}</td>
            <td data-label={t.at}>
              <Badge tone="muted">{fmt.dateTime(a.at)}</Badge>
            </td>
          </tr>
        ))}
      </ListTable>
    </Layout>
  );
}

/** Disabling or enabling asks first, on a page of its own (works without JavaScript). */
export function UserConfirmPage(props: { ui: Ui; user: ManagedUser["user"]; disable: boolean }) {
  const { ui, user, disable } = props;
  const t = ui.t.users;
  const title = disable ? t.confirmDisable(user.email) : t.confirmEnable(user.email);
  return (
    <ConfirmPage
      ui={ui}
      title={title}
      back={{ href: paths.users, label: t.title }}
      action={paths.user(user.id, disable ? "disable" : "enable")}
      submit={disable ? t.disable : t.enable}
      danger={disable}
    >
      <p>{disable ? t.confirmDisableText : t.confirmEnableText}</p>
    </ConfirmPage>
  );
}

/** The invitee's (or a reset's) new-password form, reached by the one-time link, no session. */
export function SetPasswordPage(props: {
  t: Catalog;
  locale: Locale;
  theme: Theme;
  csrf: string;
  kind: "invite" | "reset";
  email: string;
  action: string;
  message?: string;
}) {
  const t = props.t.users;
  const title = props.kind === "invite" ? t.acceptTitle : t.resetTitle;
  return (
    <Document title={title} lang={props.locale} theme={props.theme} t={props.t}>
      <main id="main" class="login">
        <div class="login-card">
          <div class="login-brand">
            <span class="brand-mark" aria-hidden="true">
              F
            </span>
            <span>
              {props.t.appName} · {props.t.console}
            </span>
          </div>
          <h1>{title}</h1>
          <p class="lead">
            {props.kind === "invite" ? t.acceptIntro(props.email) : t.resetIntro(props.email)}
          </p>
          {props.message && <Notice tone="danger">{props.message}</Notice>}
          <form method="post" action={props.action} class="form-stack">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="lang" value={props.locale} />
            {/* For password managers: which login this password belongs to. */}
            <input type="hidden" name="username" autocomplete="username" value={props.email} />
            <div class="field">
              <label for="password">{t.password}</label>
              <input
                id="password"
                name="password"
                type="password"
                autocomplete="new-password"
                minlength={10}
                maxlength={1024}
                required
                autofocus
              />
              <p class="help">{t.passwordRule}</p>
            </div>
            <div class="field">
              <label for="repeat">{t.repeat}</label>
              <input
                id="repeat"
                name="repeat"
                type="password"
                autocomplete="new-password"
                minlength={10}
                maxlength={1024}
                required
              />
            </div>
            <button type="submit" class="btn btn-primary btn-block">
              {t.save}
            </button>
          </form>
        </div>
      </main>
    </Document>
  );
}
