import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { addressLockoutPolicy, lockoutPolicy, loginLimits } from "../../domain/auth.ts";
import { newToken } from "../../features/auth/session-token.ts";
import { Badge, ListTable, PageHeader } from "../components.tsx";
import {
  type ConsoleAppDeps,
  type ConsoleEnv,
  consoleBase,
  localeFor,
  paths,
  themeOf,
} from "../context.ts";
import { catalogs, isLocale } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { ErrorPage } from "../pages/error.tsx";
import { LoginPage, type LoginView } from "../pages/login.tsx";
import { pageUi } from "../render.tsx";
import {
  clearSessionCookie,
  clientAddress,
  isSecure,
  loginCsrf,
  loginCsrfMatches,
  readForm,
  readSessionToken,
  setSessionCookie,
  themeCookie,
} from "../security.ts";
import { platformOverview } from "./dashboard.tsx";

/** After login, only a console path of this server (never another site). */
const safeNext = (next: string | undefined) =>
  next?.startsWith(`${consoleBase}/`) && !next.startsWith("//") && !next.includes("\\")
    ? next
    : consoleBase;

/** 413 for a body past the console's limit, in the visitor's language (no session is read). */
export function bodyTooLarge(c: Context) {
  const locale = localeFor(c, null, null);
  const t = catalogs[locale];
  return c.html(
    <ErrorPage
      t={t}
      locale={locale}
      theme={themeOf(getCookie(c, themeCookie))}
      title={t.errors.tooLargeTitle}
      text={t.errors.tooLarge}
    />,
    413,
  );
}

/** Login and the routes that need a session but no company. */
export function publicSessionRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/login", async (c) => {
    const secure = isSecure(c, deps.publicUrl);
    if (await deps.useCases.auth.authenticate(readSessionToken(c, secure)))
      return c.redirect(consoleBase, 303);
    const lang = c.req.query("lang");
    const locale = isLocale(lang) ? lang : localeFor(c, null, null);
    const t = catalogs[locale];
    const view: LoginView = {
      t,
      locale,
      theme: themeOf(getCookie(c, themeCookie)),
      csrf: loginCsrf(c, secure, newToken),
      next: c.req.query("next"),
      message:
        c.req.query("expired") !== undefined
          ? { tone: "info", text: t.login.expired }
          : c.req.query("out") !== undefined
            ? { tone: "info", text: t.login.loggedOut }
            : undefined,
    };
    return c.html(<LoginPage {...view} />);
  });

  app.post("/login", async (c) => {
    const secure = isSecure(c, deps.publicUrl);
    const form = await readForm(c);
    const lang = form.get("lang");
    const locale = isLocale(lang) ? lang : localeFor(c, null, null);
    const t = catalogs[locale];
    const view = (message: LoginView["message"]): LoginView => ({
      t,
      locale,
      theme: themeOf(getCookie(c, themeCookie)),
      csrf: loginCsrf(c, secure, newToken),
      email: form.get("email"),
      next: form.get("next"),
      message,
    });
    if (!loginCsrfMatches(c, secure, form.get("_csrf"))) {
      return c.html(<LoginPage {...view({ tone: "danger", text: t.login.formExpired })} />, 403);
    }
    const email = form.get("email") ?? "";
    const password = form.get("password") ?? "";
    // Checked before anything else looks at them: an oversized email is not even shown back.
    if (email.length > loginLimits.emailChars || password.length > loginLimits.passwordChars) {
      const field = email.length > loginLimits.emailChars ? "email" : "password";
      return c.html(
        <LoginPage
          {...view({ tone: "danger", text: t.login.tooLong(field) })}
          email={field === "email" ? undefined : email}
        />,
        400,
      );
    }
    const result = await deps.useCases.auth.logIn({
      email,
      password,
      address: clientAddress(c, deps.trustedProxies),
    });
    if (result.status === "ok") {
      setSessionCookie(c, result.token, result.expiresAt, secure);
      return c.redirect(safeNext(form.get("next")), 303);
    }
    if (result.status === "too_long")
      return c.html(
        <LoginPage {...view({ tone: "danger", text: t.login.tooLong(result.field) })} />,
        400,
      );
    if (result.status === "locked") {
      const minutes = Math.max(
        1,
        Math.min(
          Math.max(lockoutPolicy.lockMs, addressLockoutPolicy.lockMs) / 60_000,
          Math.ceil((new Date(result.until).getTime() - Date.now()) / 60_000),
        ),
      );
      return c.html(
        <LoginPage {...view({ tone: "danger", text: t.login.locked(minutes) })} />,
        429,
      );
    }
    return c.html(<LoginPage {...view({ tone: "danger", text: t.login.invalid })} />, 401);
  });
}

export function sessionRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.post("/logout", async (c) => {
    const secure = isSecure(c, deps.publicUrl);
    const token = readSessionToken(c, secure);
    if (token) await deps.useCases.auth.logOut(token);
    clearSessionCookie(c, secure);
    return c.redirect(`${paths.login}?out`, 303);
  });

  app.post("/locale", async (c) => {
    const form = await readForm(c);
    const locale = form.get("locale");
    await deps.useCases.auth.chooseLocale(c.get("viewer").user, isLocale(locale) ? locale : null);
    return c.redirect(safeNext(form.get("back")), 303);
  });

  // Locked login addresses; a platform admin may lift a lock early (audited). Others get 404.
  app.get("/lockouts", async (c) => {
    const { locked, lockedAddresses, unlocks } = await deps.useCases.auth.listLockouts(
      c.get("viewer").user,
    );
    const ui = await pageUi(c, deps);
    const { t, fmt } = ui;
    return c.html(
      <Layout ui={ui} title={t.lockouts.title}>
        <PageHeader title={t.lockouts.title} />
        <LockedList
          ui={ui}
          rows={locked.map((row) => ({ key: row.emailKey, until: row.lockedUntil }))}
          field="email"
          label={t.lockouts.email}
          empty={t.lockouts.empty}
        />
        <h2>{t.lockouts.addresses}</h2>
        <LockedList
          ui={ui}
          rows={lockedAddresses.map((row) => ({ key: row.address, until: row.lockedUntil }))}
          field="address"
          label={t.lockouts.address}
          empty={t.lockouts.noAddresses}
        />
        <h2>{t.lockouts.history}</h2>
        <ListTable
          count={unlocks.length}
          empty={t.lockouts.noHistory}
          headers={[t.lockouts.email, t.lockouts.by, t.lockouts.at]}
        >
          {unlocks.map((u) => (
            <tr>
              <td data-label={t.lockouts.email}>
                <code>{u.emailKey}</code>
                {u.kind === "address" ? <> ({t.lockouts.address})</> : null}
              </td>
              <td data-label={t.lockouts.by}>{u.actorEmail}</td>
              <td data-label={t.lockouts.at}>
                <Badge tone="muted">{fmt.dateTime(u.unlockedAt)}</Badge>
              </td>
            </tr>
          ))}
        </ListTable>
      </Layout>,
    );
  });

  app.post("/lockouts", async (c) => {
    const form = await readForm(c);
    const address = form.get("address");
    if (typeof address === "string" && address !== "")
      await deps.useCases.auth.unlockLogin(c.get("viewer").user, address, "address");
    else await deps.useCases.auth.unlockLogin(c.get("viewer").user, form.get("email") ?? "");
    return c.redirect(paths.lockouts, 303);
  });

  app.get("/", (c) => {
    const { user } = c.get("viewer");
    return c.redirect(
      user.role === "company_admin" && user.companyId
        ? paths.company(user.companyId).overview
        : paths.companies,
      303,
    );
  });

  app.get("/companies", async (c) => {
    const { user } = c.get("viewer");
    if (user.role === "company_admin" && user.companyId)
      return c.redirect(paths.company(user.companyId).overview, 303);
    // The platform overview: every company with its health signals.
    return platformOverview(c, deps);
  });

  // The company switcher: the same section of the chosen company.
  app.get("/switch", async (c) => {
    const company = await deps.useCases.company.openCompany(
      c.get("viewer").user,
      c.req.query("company") ?? "",
    );
    const links = paths.company(company.id);
    const section = c.req.query("section");
    const target =
      section === "overview" ||
      section === "mappings" ||
      section === "audit" ||
      section === "syncs" ||
      section === "appointments" ||
      section === "settings"
        ? links[section]
        : links.services;
    return c.redirect(target, 303);
  });
}

/** Locked emails or client addresses, each with a button that lifts its lock. */
function LockedList(props: {
  ui: Awaited<ReturnType<typeof pageUi>>;
  rows: { key: string; until: string }[];
  field: "email" | "address";
  label: string;
  empty: string;
}) {
  const { t, fmt, csrf } = props.ui;
  return (
    <ListTable
      count={props.rows.length}
      empty={props.empty}
      headers={[props.label, t.lockouts.until, ""]}
    >
      {props.rows.map((row) => (
        <tr>
          <td data-label={props.label}>
            <code>{row.key}</code>
          </td>
          <td data-label={t.lockouts.until}>{fmt.dateTime(row.until)}</td>
          <td>
            <form method="post" action={paths.lockouts}>
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name={props.field} value={row.key} />
              <button class="btn" type="submit">
                {t.lockouts.unlock}
              </button>
            </form>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
