import type { Hono } from "hono";
import type { Locale } from "../../domain/entities.ts";
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
  type CalcomFormValues,
  calcomFormOf,
  type NewCompanyErrors,
  type NewCompanyField,
  type NewCompanyForm,
  NewCompanyPage,
  type OnboardingMessage,
  OnboardingPage,
  type OnboardingStep,
  onboardingSteps,
  SlugField,
  selfHostedRegion,
} from "../pages/onboarding.tsx";
import { ConnectionResult } from "../pages/settings.tsx";
import { errorPage, fragmentUi, isRefusal, pageUi } from "../render.tsx";
import { type FormData, isHtmx, readForm } from "../security.ts";
import { blankToNull, calcomWebhookUrl, retellSetupOf } from "./settings.tsx";

const isPlatformAdmin = (c: ConsoleContext) => c.get("viewer").user.role === "platform_admin";

/** A slug from a company name: "Müller & Söhne" → "mueller-soehne" (the slug rule's shape). */
function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
}

const fields: NewCompanyField[] = ["name", "slug", "timezone", "locale"];

/** The wizard's values from its form (or the slug request's query). */
function newCompanyFormOf(get: (name: string) => string | undefined): NewCompanyForm {
  const name = get("name") ?? "";
  const suggested = get("suggested") ?? "";
  const typed = (get("slug") ?? "").trim();
  // An untouched slug follows the name: empty, or still the last suggestion.
  const follows = typed === "" || typed === suggested;
  const slug = follows ? suggestSlug(name) : typed;
  const locale = get("locale");
  return {
    name,
    slug,
    suggested: follows ? slug : suggested,
    timezone: get("timezone") ?? "Europe/Berlin",
    locale: (locale ?? "de") as Locale,
  };
}

/** A refusal of the wizard's form, said next to each field it concerns. */
function fieldErrors(c: ConsoleContext, error: AppError): NewCompanyErrors {
  const t = fragmentUi(c).t.newCompany.errors;
  // The only conflict creating a company can meet: the slug is taken.
  if (error.code === "conflict") return { slug: t.slugTaken };
  const errors: NewCompanyErrors = {};
  for (const issue of error.issues) {
    const field = fields.find((f) => f === issue.where);
    if (field) errors[field] = t[field];
  }
  return errors;
}

/**
 * Creating a company: platform admins only (a company admin gets 403). Registered before
 * /companies/:companyId so that "new" is not read as a company id.
 */
export function newCompanyRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/companies/new", async (c) => {
    if (!isPlatformAdmin(c)) return errorPage(c, 403, "forbidden");
    const form: NewCompanyForm = {
      name: "",
      slug: "",
      suggested: "",
      timezone: "Europe/Berlin",
      locale: "de",
    };
    return c.html(<NewCompanyPage ui={await pageUi(c, deps)} form={form} errors={{}} />);
  });

  // The slug field again while the name is typed (htmx); a slug the user changed stays.
  app.get("/companies/new/slug", (c) => {
    if (!isPlatformAdmin(c)) return errorPage(c, 403, "forbidden");
    const form = newCompanyFormOf((name) => c.req.query(name));
    return c.html(<SlugField ui={fragmentUi(c)} form={form} />);
  });

  app.post("/companies/new", async (c) => {
    if (!isPlatformAdmin(c)) return errorPage(c, 403, "forbidden");
    const body = await readForm(c);
    const form = newCompanyFormOf(body.get);
    try {
      const company = await deps.useCases.company.createCompany(
        { type: "user", userId: c.get("viewer").user.id },
        { name: form.name, slug: form.slug, timezone: form.timezone, locale: form.locale },
      );
      return c.redirect(`${paths.company(company.id).onboarding}?created`, 303);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const errors = fieldErrors(c, error);
      const page = (
        <NewCompanyPage
          ui={await pageUi(c, deps)}
          form={form}
          errors={errors}
          refusal={Object.keys(errors).length === 0 ? error : undefined}
        />
      );
      return c.html(page, 422);
    }
  });
}

/** The Cal.com form's values: a hosted region, or the self-hosted address typed beside it. */
function calcomFormFrom(form: FormData): CalcomFormValues {
  return {
    region: form.get("calcomRegion") ?? "",
    selfHostedUrl: (form.get("calcomSelfHostedUrl") ?? "").trim(),
    teamId: form.get("calcomTeamId") ?? "",
  };
}

const baseUrlOf = (values: CalcomFormValues) =>
  values.region === selfHostedRegion ? values.selfHostedUrl : values.region;

const steps = Object.keys(onboardingSteps) as OnboardingStep[];
const teamSharedWarning = "team-shared";

async function renderOnboarding(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  extra: {
    message?: OnboardingMessage;
    calcomForm?: CalcomFormValues;
    test?: ConnectionTestResult | { error: unknown };
  } = {},
) {
  const ctx = tenantOf(c);
  const company = ctx.company;
  const [checklist, ui] = await Promise.all([
    deps.useCases.company.onboardingChecklist(ctx),
    pageUi(c, deps),
  ]);
  const retell = retellSetupOf(deps, company);
  const data = {
    checklist,
    sync: deps.useCases.sync.syncNow.state(company.id),
    retell,
    publicUrlSet: deps.publicUrl !== undefined,
    calcomWebhookUrl: calcomWebhookUrl(retell, company),
    demoTeams: deps.useCases.company.demoTeamsAvailable,
  };
  return (
    <OnboardingPage
      ui={ui}
      data={data}
      calcomForm={extra.calcomForm ?? calcomFormOf(company.calcom)}
      message={extra.message}
      test={extra.test}
    />
  );
}

/** A company's setup page and its actions (mounted under /companies/:companyId). */
export function onboardingRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  const back = (c: ConsoleContext, step: OnboardingStep, query: string | null = `saved=${step}`) =>
    c.redirect(
      `${paths.company(c.get("company").id).onboarding}${query ? `?${query}` : ""}#step-${step}`,
      303,
    );

  app.get("/onboarding", async (c) => {
    const ui = fragmentUi(c);
    const to = ui.t.onboarding;
    const saved = steps.find((s) => s === c.req.query("saved"));
    const created = c.req.query("created") !== undefined;
    const message: OnboardingMessage | undefined = created
      ? { step: "calcom", notice: to.created(c.get("company").name) }
      : saved
        ? {
            step: saved,
            notice: saved === "phones" ? to.numberAdded : to.saved,
            warning:
              c.req.query("warning") === teamSharedWarning ? ui.t.settings.teamShared : undefined,
          }
        : c.req.query("demo") !== undefined
          ? { step: "calcom", notice: to.demoConnected }
          : undefined;
    return c.html(await renderOnboarding(c, deps, { message }));
  });

  app.post("/onboarding/calcom", async (c) => {
    const form = await readForm(c);
    const values = calcomFormFrom(form);
    let warnings: { code: string }[];
    try {
      ({ warnings } = await deps.useCases.company.updateCompanySettings(tenantOf(c), {
        calcomBaseUrl: baseUrlOf(values),
        calcomTeamId: blankToNull(values.teamId),
        // Write-only: an empty field keeps the stored key.
        calcomApiKey: blankToNull(form.get("calcomApiKey")) ?? undefined,
      }));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const message = { step: "calcom" as const, error };
      return c.html(await renderOnboarding(c, deps, { message, calcomForm: values }), 422);
    }
    const shared = warnings.some((w) => w.code === "calcom_team_shared");
    return back(c, "calcom", `saved=calcom${shared ? `&warning=${teamSharedWarning}` : ""}`);
  });

  // The values typed in the Cal.com form, tested without saving; an empty key tests the stored one.
  app.post("/onboarding/test", async (c) => {
    const form = await readForm(c);
    const values = calcomFormFrom(form);
    let test: ConnectionTestResult | { error: unknown };
    try {
      test = await deps.useCases.company.testCalcomConnection(tenantOf(c), {
        calcomBaseUrl: baseUrlOf(values),
        calcomTeamId: blankToNull(values.teamId),
        calcomApiKey: blankToNull(form.get("calcomApiKey")) ?? undefined,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      test = { error };
    }
    // htmx swaps only 2xx answers: the fragment comes as 200, a refusal included.
    if (isHtmx(c)) return c.html(<ConnectionResult t={fragmentUi(c).t} result={test} />);
    return c.html(
      await renderOnboarding(c, deps, { test, calcomForm: values }),
      "error" in test ? 422 : 200,
    );
  });

  app.post("/onboarding/demo-team", async (c) => {
    if (!deps.useCases.company.demoTeamsAvailable) throw new NotFoundError("no demo teams here");
    try {
      await deps.useCases.company.connectDemoTeam(tenantOf(c));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.html(await renderOnboarding(c, deps, { message: { step: "calcom", error } }), 422);
    }
    return back(c, "calcom", "demo");
  });

  app.post("/onboarding/sync", (c) => {
    deps.useCases.sync.syncNow.start(tenantOf(c));
    return back(c, "sync", null);
  });

  // The same install as `frontdesk calcom-webhooks install`; the step says what it did.
  app.post("/onboarding/webhooks", async (c) => {
    const to = fragmentUi(c).t.onboarding;
    let message: OnboardingMessage;
    try {
      const result = await deps.useCases.company.installCalcomWebhooks(tenantOf(c));
      const { created, updated, unchanged } = result.counts;
      const failed = result.eventTypes.filter((e) => e.outcome === "failed");
      message = {
        step: "webhook",
        notice:
          result.eventTypes.length === 0
            ? to.webhooksNone
            : to.webhooksInstalled(created, updated, unchanged),
        warning:
          failed.length > 0
            ? to.webhooksFailed(failed.map((e) => `${e.title} (${e.reason})`).join("; "))
            : undefined,
      };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      message = { step: "webhook", error };
    }
    return c.html(await renderOnboarding(c, deps, { message }), message.error ? 422 : 200);
  });

  // Numbers route calls: only a platform admin adds them (the use-case checks too).
  app.post("/onboarding/phones", async (c) => {
    const refusal = (text: string, status: 403 | 422) =>
      renderOnboarding(c, deps, { message: { step: "phones", refusal: text } }).then((page) =>
        c.html(page, status),
      );
    const t = fragmentUi(c).t.settings;
    if (!isPlatformAdmin(c)) return refusal(t.phonesPlatformOnly, 403);
    const form = await readForm(c);
    try {
      await deps.useCases.company.addPhoneNumber(
        { ...tenantOf(c), role: c.get("viewer").user.role },
        { number: form.get("number") ?? "", label: form.get("label") || undefined },
      );
    } catch (error) {
      // No hint whether the number is invalid or another company's.
      if (isRefusal(error) || (error instanceof AppError && error.code === "not_found"))
        return refusal(t.numberNotAdded, 422);
      throw error;
    }
    return back(c, "phones");
  });
}
