import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { AppError, NotFoundError } from "../../domain/errors.ts";
import { newToken } from "../../features/auth/session-token.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  localeFor,
  paths,
  themeOf,
} from "../context.ts";
import { catalogs, isLocale } from "../i18n/index.ts";
import { ErrorPage } from "../pages/error.tsx";
import { type FreshLink, SetPasswordPage, UserConfirmPage, UsersPage } from "../pages/users.tsx";
import { isRefusal, pageUi } from "../render.tsx";
import {
  isSecure,
  loginCsrf,
  loginCsrfMatches,
  readForm,
  setSessionCookie,
  themeCookie,
} from "../security.ts";

/**
 * The platform admin's users page (list, invite, reset link, disable/enable) and the two pages a
 * one-time link opens. The use-cases refuse anyone but a platform admin with NotFoundError, so to
 * them every users page is the console's 404.
 */

/**
 * Links are built on PUBLIC_URL only, never on the request's Host header (a forged Host would
 * put another site into a mailed link); without it the link is a path on this console.
 */
const linkBase = (deps: ConsoleAppDeps, kind: "invite" | "reset") =>
  `${deps.publicUrl?.replace(/\/+$/, "") ?? ""}${paths[kind]("")}`;

async function renderList(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  extra: { fresh?: FreshLink; error?: unknown; form?: { email?: string; companyId?: string } },
  status: 200 | 400 | 409 = 200,
) {
  const { users, audit } = await deps.useCases.auth.listUsers(c.get("viewer").user);
  const ui = await pageUi(c, deps);
  return c.html(
    <UsersPage ui={ui} users={users} audit={audit} companies={ui.companies} {...extra} />,
    status,
  );
}

const refusalStatus = (error: AppError) => (error.code === "conflict" ? 409 : 400);

export function userRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/users", (c) => renderList(c, deps, {}));

  app.post("/users/invite", async (c) => {
    const form = await readForm(c);
    const input = { email: form.get("email") ?? "", companyId: form.get("companyId") ?? "" };
    try {
      const made = await deps.useCases.auth.inviteUser(
        c.get("viewer").user,
        input,
        linkBase(deps, "invite"),
      );
      return renderList(c, deps, {
        fresh: { kind: "invite", email: made.email, link: made.link, mailed: made.mailed },
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // Only a short email is shown back; an oversized one is simply dropped.
      const email = input.email.length <= 254 ? input.email : undefined;
      return renderList(
        c,
        deps,
        { error, form: { email, companyId: input.companyId } },
        refusalStatus(error),
      );
    }
  });

  app.post("/users/:userId/reset", async (c) => {
    try {
      const made = await deps.useCases.auth.requestPasswordReset(
        c.get("viewer").user,
        c.req.param("userId"),
        linkBase(deps, "reset"),
      );
      return renderList(c, deps, {
        fresh: { kind: "reset", email: made.email, link: made.link, mailed: made.mailed },
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return renderList(c, deps, { error }, refusalStatus(error));
    }
  });

  for (const verb of ["disable", "enable"] as const) {
    // Asks first: the list links here, and only this page's form changes anything.
    app.get(`/users/:userId/${verb}`, async (c) => {
      const { users } = await deps.useCases.auth.listUsers(c.get("viewer").user);
      const found = users.find((u) => u.user.id === c.req.param("userId"));
      if (!found || found.user.id === c.get("viewer").user.id)
        throw new NotFoundError("no such user");
      const ui = await pageUi(c, deps);
      return c.html(<UserConfirmPage ui={ui} user={found.user} disable={verb === "disable"} />);
    });

    app.post(`/users/:userId/${verb}`, async (c) => {
      try {
        await deps.useCases.auth.setUserDisabled(
          c.get("viewer").user,
          c.req.param("userId"),
          verb === "disable",
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return renderList(c, deps, { error }, refusalStatus(error));
      }
      return c.redirect(paths.users, 303);
    });
  }
}

/** The pages a one-time link opens: no session, the login form's CSRF cookie. */
export function publicUserRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  for (const kind of ["invite", "reset"] as const) {
    const find = (token: string) =>
      kind === "invite"
        ? deps.useCases.auth.findInvite(token)
        : deps.useCases.auth.findResetLink(token);
    const use = (token: string, password: string) =>
      kind === "invite"
        ? deps.useCases.auth.acceptInvite(token, password)
        : deps.useCases.auth.resetPassword(token, password);

    const view = (c: Context, lang: string | undefined) => {
      const locale = isLocale(lang) ? lang : localeFor(c, null, null);
      return { locale, t: catalogs[locale], theme: themeOf(getCookie(c, themeCookie)) };
    };
    const invalid = (c: Context, lang: string | undefined) => {
      const { t, locale, theme } = view(c, lang);
      return c.html(
        <ErrorPage
          t={t}
          locale={locale}
          theme={theme}
          title={t.users.invalidLinkTitle}
          text={t.users.invalidLink}
        />,
        404,
      );
    };

    app.get(`/${kind}/:token`, async (c) => {
      const token = c.req.param("token");
      const link = await find(token);
      if (!link) return invalid(c, c.req.query("lang"));
      const { t, locale, theme } = view(c, c.req.query("lang"));
      // The token is in the path: no referrer may carry it to another site.
      c.header("Referrer-Policy", "no-referrer");
      return c.html(
        <SetPasswordPage
          t={t}
          locale={locale}
          theme={theme}
          csrf={loginCsrf(c, isSecure(c, deps.publicUrl), newToken)}
          kind={kind}
          email={link.email}
          action={paths[kind](token)}
        />,
      );
    });

    app.post(`/${kind}/:token`, async (c) => {
      const secure = isSecure(c, deps.publicUrl);
      const token = c.req.param("token");
      const form = await readForm(c);
      const lang = form.get("lang");
      const { t, locale, theme } = view(c, lang);
      const link = await find(token);
      if (!link) return invalid(c, lang);
      c.header("Referrer-Policy", "no-referrer");
      const again = (message: string, status: 400 | 403 | 409) =>
        c.html(
          <SetPasswordPage
            t={t}
            locale={locale}
            theme={theme}
            csrf={loginCsrf(c, secure, newToken)}
            kind={kind}
            email={link.email}
            action={paths[kind](token)}
            message={message}
          />,
          status,
        );
      if (!loginCsrfMatches(c, secure, form.get("_csrf"))) return again(t.login.formExpired, 403);
      const password = form.get("password") ?? "";
      if (password.length > 1024) return again(t.login.tooLong("password"), 400);
      if (password.length < 10) return again(t.users.tooShort, 400);
      if (password !== (form.get("repeat") ?? "")) return again(t.users.mismatch, 400);
      let result: Awaited<ReturnType<typeof use>>;
      try {
        result = await use(token, password);
      } catch (error) {
        if (error instanceof AppError && error.code === "conflict")
          return again(t.users.taken, 409);
        if (isRefusal(error)) return again(t.users.tooShort, 400);
        throw error;
      }
      if (result.status !== "ok") return invalid(c, lang);
      setSessionCookie(c, result.token, result.expiresAt, secure);
      return c.redirect(paths.home, 303);
    });
  }
}
