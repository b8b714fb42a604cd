import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { AppError, NotFoundError } from "../../domain/errors.ts";
import type { ConnectionTestResult } from "../../features/company/test-calcom-connection.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  tenantOf,
} from "../context.ts";
import {
  ConnectionResult,
  calcomRegions,
  type SettingsMessage,
  SettingsPage,
  type SettingsSection,
  settingsSections,
} from "../pages/settings.tsx";
import { fragmentUi, isRefusal, pageUi } from "../render.tsx";
import { type FormData, isHtmx, readForm } from "../security.ts";

/** What the addresses start with while PUBLIC_URL is not set. */
export const publicUrlPlaceholder = "https://PUBLIC_URL";

const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v);

/** What each settings form changes (a use-case call per section); returns its warnings. */
async function saveSection(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  section: SettingsSection,
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
    case "webhook":
      return update({ calcomWebhookSecret: randomBytes(24).toString("base64url") });
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

async function renderSettings(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  extra: { message?: SettingsMessage; test?: ConnectionTestResult | { error: unknown } } = {},
) {
  const ctx = tenantOf(c);
  const company = ctx.company;
  const [phoneNumbers, ui] = await Promise.all([
    deps.useCases.company.listPhoneNumbers(ctx),
    pageUi(c, deps),
  ]);
  // PUBLIC_URL only, never the request's Host header (which whoever sends the request chooses);
  // without it the addresses show a placeholder and the page says to set PUBLIC_URL.
  const base = (deps.publicUrl ?? publicUrlPlaceholder).replace(/\/+$/, "");
  let retellJson: string | null = null;
  try {
    retellJson = JSON.stringify(
      deps.retellTools({ publicUrl: base, locale: company.locale }),
      null,
      2,
    );
  } catch (error) {
    deps.logger.error({ err: error }, "console: Retell tool definitions failed");
  }
  return (
    <SettingsPage
      ui={ui}
      phoneNumbers={phoneNumbers}
      webhookUrl={`${base}/webhooks/calcom/${company.slug}`}
      publicUrlSet={deps.publicUrl !== undefined}
      retellJson={retellJson}
      message={extra.message}
      test={extra.test}
    />
  );
}

export function settingsRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
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

  app.post("/settings/phones/remove", async (c) => {
    if (!isPlatformAdmin(c)) return notPlatform(c, deps);
    const form = await readForm(c);
    try {
      await deps.useCases.company.removePhoneNumber(phoneRouting(c), {
        number: form.get("number") ?? "",
      });
    } catch (error) {
      if (!isPhoneRefusal(error)) throw error;
      const refusal = fragmentUi(c).t.settings.numberNotRemoved;
      return c.html(
        await renderSettings(c, deps, { message: { section: "phones", refusal } }),
        422,
      );
    }
    const links = paths.company(c.get("company").id);
    return c.redirect(`${links.settings}?saved=phones#settings-phones`, 303);
  });

  app.post("/settings/:section", async (c) => {
    const section = settingsSections.find((s) => s === c.req.param("section"));
    if (!section) throw new NotFoundError("no such settings section");
    if (section === "phones" && !isPlatformAdmin(c)) return notPlatform(c, deps);
    const form = await readForm(c);
    let warnings: Awaited<ReturnType<typeof saveSection>>;
    try {
      warnings = await saveSection(c, deps, section, form);
    } catch (error) {
      if (section === "phones" && isPhoneRefusal(error)) {
        // No hint whether the number is invalid or another company's.
        const refusal = fragmentUi(c).t.settings.numberNotAdded;
        return c.html(await renderSettings(c, deps, { message: { section, refusal } }), 422);
      }
      if (!isRefusal(error)) throw error;
      return c.html(await renderSettings(c, deps, { message: { section, error } }), 422);
    }
    const links = paths.company(c.get("company").id);
    const warning = warnings.some((w) => w.code === "calcom_team_shared")
      ? `&warning=${teamSharedWarning}`
      : "";
    return c.redirect(`${links.settings}?saved=${section}${warning}#settings-${section}`, 303);
  });
}
