import type { Hono } from "hono";
import type { Company } from "../../domain/entities.ts";
import { AppError, NotFoundError } from "../../domain/errors.ts";
import { RetellProvisioningError } from "../../features/company/provision-retell-agent.ts";
import type { ConnectionTestResult } from "../../features/company/test-calcom-connection.ts";
import { isConfirmed } from "../components.tsx";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  tenantOf,
} from "../context.ts";
import type { ApiTokenFormState } from "../pages/api-tokens.tsx";
import type { RetellProvisionForm, RetellSetupData } from "../pages/retell-setup.tsx";
import {
  ConnectionResult,
  calcomRegions,
  RemoveNumberConfirmPage,
  RotateSecretConfirmPage,
  type SettingsMessage,
  SettingsPage,
  type SettingsSection,
  settingsSections,
} from "../pages/settings.tsx";
import { fragmentUi, isRefusal, pageUi } from "../render.tsx";
import { type FormData, isHtmx, readForm } from "../security.ts";
import { companyApiTokenRoutes } from "./api-tokens.tsx";

/** What the addresses start with while PUBLIC_URL is not set. */
export const publicUrlPlaceholder = "https://PUBLIC_URL";

export const blankToNull = (v: string | undefined) =>
  v === undefined || v.trim() === "" ? null : v;

/** What each settings form changes (a use-case call per section); returns its warnings. */
async function saveSection(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  // The webhook section's only action is a rotation, which asks first (rotateAfterAsking).
  section: Exclude<SettingsSection, "webhook">,
  form: FormData,
) {
  const ctx = tenantOf(c);
  const update = async (
    patch: Parameters<ConsoleAppDeps["useCases"]["company"]["updateCompanySettings"]>[1],
  ) => (await deps.useCases.company.updateCompanySettings(ctx, patch)).warnings;
  switch (section) {
    case "general":
      return update({
        name: form.get("name"),
        timezone: form.get("timezone"),
        locale: form.get("locale") === "en" ? "en" : "de",
        country: form.get("country"),
        // Empty clears it (the use-case reads "" as none).
        transferNumber: form.get("transferNumber"),
      });
    case "calcom": {
      const baseUrl = form.get("calcomBaseUrl");
      // The key goes wherever this points: only the Cal.com regions (or what is set already).
      const allowed = [...calcomRegions, ctx.company.calcom.baseUrl];
      return update({
        calcomBaseUrl: allowed.find((u) => u === baseUrl) ?? ctx.company.calcom.baseUrl,
        calcomTeamId: blankToNull(form.get("calcomTeamId")),
        // Write-only: an empty field keeps the stored key.
        calcomApiKey: blankToNull(form.get("calcomApiKey")) ?? undefined,
      });
    }
    case "matching":
      return update({
        autoThreshold: form.get("autoThreshold"),
        suggestThreshold: form.get("suggestThreshold"),
      });
    case "notifications":
      return update({
        notifyEmail: blankToNull(form.get("notifyEmail")),
        notifyWebhookUrl: blankToNull(form.get("notifyWebhookUrl")),
      });
    case "phones":
      await deps.useCases.company.addPhoneNumber(phoneRouting(c), {
        number: form.get("number") ?? "",
        label: form.get("label") || undefined,
      });
      return [];
  }
}

/** What a refused form held, to show it again; never the API key (write-only) or the token. */
const typedValues = (form: FormData) =>
  Object.fromEntries(
    form
      .keys()
      .filter((k) => k !== "_csrf" && k !== "calcomApiKey")
      .map((k) => [k, form.get(k)]),
  );

/** The saved page's `warning` query: which warning a save left (never who else is involved). */
const teamSharedWarning = "team-shared";

/** Numbers route calls: only a platform admin adds or removes them (the use-case checks too). */
const isPlatformAdmin = (c: ConsoleContext) => c.get("viewer").user.role === "platform_admin";
const phoneRouting = (c: ConsoleContext) => ({ ...tenantOf(c), role: c.get("viewer").user.role });
/** A company admin posting a number form: 403, the page saying who may change numbers. */
async function notPlatform(c: ConsoleContext, deps: ConsoleAppDeps) {
  const refusal = fragmentUi(c).t.settings.phonesPlatformOnly;
  return c.html(await renderSettings(c, deps, { message: { section: "phones", refusal } }), 403);
}
/** A refusal about a number, said the same way whatever the reason (taken elsewhere, invalid). */
const isPhoneRefusal = (error: unknown) =>
  isRefusal(error) || (error instanceof AppError && error.code === "not_found");

/**
 * The addresses Cal.com and Retell are given (settings and setup pages): PUBLIC_URL only, never
 * the request's Host header (which whoever sends the request chooses); without it they show a
 * placeholder and the page says to set PUBLIC_URL.
 */
export function retellSetupOf(deps: ConsoleAppDeps, company: Company): RetellSetupData {
  const base = (deps.publicUrl ?? publicUrlPlaceholder).replace(/\/+$/, "");
  let toolsJson: string | null = null;
  try {
    toolsJson = JSON.stringify(
      deps.retellTools({
        publicUrl: base,
        locale: company.locale,
        transferNumber: company.transferNumber,
      }),
      null,
      2,
    );
  } catch (error) {
    deps.logger.error({ err: error }, "console: Retell tool definitions failed");
  }
  return { base, toolsJson };
}

export const calcomWebhookUrl = (setup: RetellSetupData, company: Company) =>
  `${setup.base}/webhooks/calcom/${company.slug}`;

/** "New secret": without the confirmation field only the question; with it, the rotation. */
async function rotateAfterAsking(c: ConsoleContext, deps: ConsoleAppDeps, confirmed: boolean) {
  const ctx = tenantOf(c);
  if (!confirmed) {
    const { previousValidUntil } = deps.useCases.company.webhookSecretWindow(ctx);
    const ui = await pageUi(c, deps);
    return c.html(<RotateSecretConfirmPage ui={ui} previousValidUntil={previousValidUntil} />);
  }
  await deps.useCases.company.rotateWebhookSecret(ctx);
  const links = paths.company(c.get("company").id);
  return c.redirect(`${links.settings}?saved=webhook#settings-webhook`, 303);
}

/**
 * Removing a number: without the confirmation field the question, and only about one of this
 * company's numbers (any other gets the neutral refusal); with it, the removal.
 */
async function removeNumberAfterAsking(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  asked: { number: string; confirmed: boolean },
) {
  const { number } = asked;
  const refused = async () => {
    const refusal = fragmentUi(c).t.settings.numberNotRemoved;
    return c.html(await renderSettings(c, deps, { message: { section: "phones", refusal } }), 422);
  };
  if (!asked.confirmed) {
    const own = await deps.useCases.company.listPhoneNumbers(tenantOf(c));
    if (!own.some((p) => p.number === number)) return refused();
    return c.html(<RemoveNumberConfirmPage ui={await pageUi(c, deps)} number={number} />);
  }
  try {
    await deps.useCases.company.removePhoneNumber(phoneRouting(c), { number });
  } catch (error) {
    if (!isPhoneRefusal(error)) throw error;
    return refused();
  }
  const links = paths.company(c.get("company").id);
  return c.redirect(`${links.settings}?saved=phones#settings-phones`, 303);
}

async function renderSettings(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  extra: {
    message?: SettingsMessage;
    test?: ConnectionTestResult | { error: unknown };
    provision?: RetellProvisionForm["result"];
    apiTokenForm?: ApiTokenFormState;
  } = {},
) {
  const ctx = tenantOf(c);
  const company = ctx.company;
  const [phoneNumbers, apiTokens, ui] = await Promise.all([
    deps.useCases.company.listPhoneNumbers(ctx),
    deps.useCases.api.listApiTokens({ type: "user", user: c.get("viewer").user }, company.id),
    pageUi(c, deps),
  ]);
  const retell = retellSetupOf(deps, company);
  return (
    <SettingsPage
      ui={ui}
      phoneNumbers={phoneNumbers}
      apiTokens={{ tokens: apiTokens, form: extra.apiTokenForm }}
      previousSecretUntil={deps.useCases.company.webhookSecretWindow(ctx).previousValidUntil}
      webhookUrl={calcomWebhookUrl(retell, company)}
      publicUrlSet={deps.publicUrl !== undefined}
      retell={retell}
      message={extra.message}
      test={extra.test}
      provision={extra.provision}
    />
  );
}

export function settingsRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  companyApiTokenRoutes(app, deps, async (c, apiTokenForm) =>
    c.html(await renderSettings(c, deps, { apiTokenForm }), 422),
  );
  app.get("/settings", async (c) => {
    const saved = settingsSections.find((s) => s === c.req.query("saved"));
    const ui = fragmentUi(c);
    const warning =
      c.req.query("warning") === teamSharedWarning ? ui.t.settings.teamShared : undefined;
    return c.html(
      await renderSettings(c, deps, {
        message: saved ? { section: saved, notice: ui.t.common.saved, warning } : undefined,
      }),
    );
  });

  // The values typed in the Cal.com form, tested without saving; a field left out is the saved one.
  app.post("/settings/test", async (c) => {
    const form = await readForm(c);
    const teamId = form.get("calcomTeamId");
    let test: ConnectionTestResult | { error: unknown };
    try {
      test = await deps.useCases.company.testCalcomConnection(tenantOf(c), {
        calcomBaseUrl: form.get("calcomBaseUrl"),
        calcomTeamId: teamId === undefined ? undefined : blankToNull(teamId),
        // Write-only: an empty field tests the stored key.
        calcomApiKey: blankToNull(form.get("calcomApiKey")) ?? undefined,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      test = { error };
    }
    // htmx swaps only 2xx answers: the fragment comes as 200, a refusal included.
    if (isHtmx(c)) return c.html(<ConnectionResult t={fragmentUi(c).t} result={test} />);
    return c.html(await renderSettings(c, deps, { test }), "error" in test ? 422 : 200);
  });

  // The confirmation pages, also reachable by link: a GET only asks.
  app.get("/settings/webhook", (c) => rotateAfterAsking(c, deps, false));
  app.get("/settings/phones/remove", (c) => {
    if (!isPlatformAdmin(c)) return notPlatform(c, deps);
    return removeNumberAfterAsking(c, deps, {
      number: c.req.query("number") ?? "",
      confirmed: false,
    });
  });

  app.post("/settings/phones/remove", async (c) => {
    if (!isPlatformAdmin(c)) return notPlatform(c, deps);
    const form = await readForm(c);
    return removeNumberAfterAsking(c, deps, {
      number: form.get("number") ?? "",
      confirmed: isConfirmed(form),
    });
  });

  // The same use-case as `frontdesk retell-agent provision`; the page says what it did.
  app.post("/settings/retell-agent", async (c) => {
    try {
      const provision = await deps.useCases.company.provisionRetellAgent(tenantOf(c));
      return c.html(await renderSettings(c, deps, { provision }));
    } catch (error) {
      if (!(error instanceof RetellProvisioningError)) throw error;
      return c.html(await renderSettings(c, deps, { provision: { error } }), 422);
    }
  });

  app.post("/settings/:section", async (c) => {
    const section = settingsSections.find((s) => s === c.req.param("section"));
    if (!section) throw new NotFoundError("no such settings section");
    if (section === "phones" && !isPlatformAdmin(c)) return notPlatform(c, deps);
    const form = await readForm(c);
    if (section === "webhook") return rotateAfterAsking(c, deps, isConfirmed(form));
    let warnings: Awaited<ReturnType<typeof saveSection>>;
    try {
      warnings = await saveSection(c, deps, section, form);
    } catch (error) {
      if (section === "phones" && isPhoneRefusal(error)) {
        // No hint whether the number is invalid or another company's.
        const refusal = fragmentUi(c).t.settings.numberNotAdded;
        const values = typedValues(form);
        return c.html(
          await renderSettings(c, deps, { message: { section, refusal, values } }),
          422,
        );
      }
      if (!isRefusal(error)) throw error;
      const values = typedValues(form);
      return c.html(await renderSettings(c, deps, { message: { section, error, values } }), 422);
    }
    const links = paths.company(c.get("company").id);
    const warning = warnings.some((w) => w.code === "calcom_team_shared")
      ? `&warning=${teamSharedWarning}`
      : "";
    return c.redirect(`${links.settings}?saved=${section}${warning}#settings-${section}`, 303);
  });
}
