import type { Hono } from "hono";
import { NotFoundError } from "../../domain/errors.ts";
import { isConfirmed } from "../components.tsx";
import type { ConsoleAppDeps, ConsoleContext, ConsoleEnv } from "../context.ts";
import {
  ApiTokenCreatedPage,
  type ApiTokenFormState,
  apiTokenLinks,
  PlatformApiTokensPage,
  RevokeApiTokenConfirmPage,
} from "../pages/api-tokens.tsx";
import { isRefusal, pageUi } from "../render.tsx";
import { readForm } from "../security.ts";

/**
 * Creating, listing and revoking API tokens: a company's in its settings, the platform's on a page
 * of its own. The use-cases decide who may (anyone else's tokens are not found: the 404 page).
 */

/** The page a token list is on, rendered again with a refused create form. */
type RenderList = (c: ConsoleContext, form: ApiTokenFormState) => Promise<Response>;

const managerOf = (c: ConsoleContext) => ({ type: "user" as const, user: c.get("viewer").user });

function tokenRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleAppDeps,
  base: string,
  companyOf: (c: ConsoleContext) => string | null,
  renderList: RenderList,
) {
  const api = deps.useCases.api;

  app.post(base, async (c) => {
    const companyId = companyOf(c);
    const form = await readForm(c);
    const values = {
      name: form.get("name") ?? "",
      scope: form.get("scope") ?? "",
      expiresInDays: form.get("expiresInDays") ?? "",
    };
    let created: Awaited<ReturnType<typeof api.createApiToken>>;
    try {
      created = await api.createApiToken(managerOf(c), {
        companyId,
        name: values.name,
        // Any other word is refused by the use-case's schema.
        scope: values.scope as "read" | "write",
        // An empty field is the default; anything else the schema checks.
        expiresInDays: values.expiresInDays.trim() === "" ? undefined : values.expiresInDays,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // Only a short name is shown back; an oversized one is simply dropped.
      const name = values.name.length <= 100 ? values.name : undefined;
      return renderList(c, { error, values: { ...values, name } });
    }
    // The secret's only appearance: this answer is not cached, and nothing stores it.
    c.header("Cache-Control", "no-store");
    const ui = await pageUi(c, deps);
    return c.html(
      <ApiTokenCreatedPage
        ui={ui}
        token={created.token}
        secret={created.secret}
        links={apiTokenLinks(companyId)}
      />,
    );
  });

  /** Revoking: without the confirmation field the question (about a live token only), with it the revocation. */
  const revokeAfterAsking = async (c: ConsoleContext, confirmed: boolean) => {
    const companyId = companyOf(c);
    const tokenId = c.req.param("tokenId") ?? "";
    const links = apiTokenLinks(companyId);
    if (confirmed) {
      await api.revokeApiToken(managerOf(c), companyId, tokenId);
      return c.redirect(links.list, 303);
    }
    const tokens = await api.listApiTokens(managerOf(c), companyId);
    const token = tokens.find((t) => t.id === tokenId && t.revokedAt === null);
    if (!token) throw new NotFoundError("no such live token");
    const ui = await pageUi(c, deps);
    return c.html(<RevokeApiTokenConfirmPage ui={ui} token={token} links={links} />);
  };
  app.get(`${base}/:tokenId/revoke`, (c) => revokeAfterAsking(c, false));
  app.post(`${base}/:tokenId/revoke`, async (c) =>
    revokeAfterAsking(c, isConfirmed(await readForm(c))),
  );
}

/** A company's tokens, under its settings (registered before the settings' own `:section` forms). */
export function companyApiTokenRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleAppDeps,
  renderSettings: RenderList,
) {
  tokenRoutes(app, deps, "/settings/api-tokens", (c) => c.get("company").id, renderSettings);
}

/** The platform's tokens: a company admin gets the 404 page (the use-cases refuse them). */
export function platformApiTokenRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  const render = async (c: ConsoleContext, form?: ApiTokenFormState) => {
    const tokens = await deps.useCases.api.listApiTokens(managerOf(c), null);
    const ui = await pageUi(c, deps);
    return c.html(<PlatformApiTokensPage ui={ui} tokens={tokens} form={form} />, form ? 422 : 200);
  };
  app.get("/api-tokens", (c) => render(c));
  tokenRoutes(app, deps, "/api-tokens", () => null, render);
}
