import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../domain/errors.ts";
import {
  buildUi,
  type ConsoleAppDeps,
  type ConsoleContext,
  localeFor,
  themeOf,
  type Ui,
} from "./context.ts";
import { catalogs } from "./i18n/index.ts";
import { ErrorPage } from "./pages/error.tsx";
import { themeCookie } from "./security.ts";

/** The Ui of a whole page: with the company switcher's choices. */
export async function pageUi(c: ConsoleContext, deps: ConsoleAppDeps): Promise<Ui> {
  const viewer = c.get("viewer");
  const company = c.get("company") ?? null;
  const companies =
    viewer.user.role === "platform_admin"
      ? await deps.useCases.company.listVisibleCompanies(viewer.user)
      : company
        ? [company]
        : [];
  return buildUi(c, { company, companies, theme: themeOf(getCookie(c, themeCookie)) });
}

/** The Ui of an htmx fragment: no switcher, no extra query. */
export function fragmentUi(c: ConsoleContext): Ui {
  return buildUi(c, {
    company: c.get("company") ?? null,
    theme: themeOf(getCookie(c, themeCookie)),
  });
}

export function errorPage(
  c: Context,
  status: ContentfulStatusCode,
  kind: "notFound" | "forbidden" | "server",
) {
  const viewer = (c as ConsoleContext).get("viewer");
  const locale = localeFor(c, viewer?.user ?? null, null);
  const t = catalogs[locale];
  const [title, text] =
    kind === "notFound"
      ? [t.errors.notFoundTitle, t.errors.notFound]
      : kind === "forbidden"
        ? [t.errors.forbiddenTitle, t.errors.forbidden]
        : [t.errors.serverTitle, t.errors.server];
  return c.html(
    <ErrorPage
      t={t}
      locale={locale}
      theme={themeOf(getCookie(c, themeCookie))}
      title={title}
      text={text}
    />,
    status,
  );
}

/**
 * Refusals a form shows beside its fields. Anything else propagates: a NotFoundError becomes the
 * 404 page (another company's service or host in a URL), the rest a 500.
 */
export const isRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && (error.code === "invalid_input" || error.code === "conflict");
