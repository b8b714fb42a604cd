import type { Child } from "hono/jsx";
import type { Locale } from "../../domain/entities.ts";
import type {
  ChecklistDetails,
  ChecklistItem,
  ChecklistKey,
  OnboardingChecklist,
} from "../../features/company/onboarding-checklist.ts";
import type { ConnectionTestResult } from "../../features/company/test-calcom-connection.ts";
import type { SyncNowState } from "../../features/sync/sync-now.ts";
import {
  Badge,
  CopyField,
  CsrfField,
  ErrorNotice,
  Notice,
  PageHeader,
  TimezoneOptions,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { locales } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { Live, liveTrigger, liveTriggerWithCatchUp } from "./live.tsx";
import { RetellSetup, type RetellSetupData } from "./retell-setup.tsx";
import { CalcomKeyAndTest, ConnectionResult, calcomRegions, settingsLabels } from "./settings.tsx";

export interface NewCompanyForm {
  name: string;
  slug: string;
  /** The slug last suggested from the name: while the slug equals it, it follows the name. */
  suggested: string;
  timezone: string;
  locale: Locale;
}

export type NewCompanyField = "name" | "slug" | "timezone" | "locale";
export type NewCompanyErrors = Partial<Record<NewCompanyField, string>>;

/** A form field's error, tied to its input for screen readers. */
function FieldError(props: { id: string; text: string | undefined }) {
  return props.text ? (
    <p class="field-error" id={props.id}>
      {props.text}
    </p>
  ) : null;
}

/** The slug input and the suggestion it follows; re-rendered while the name is typed. */
export function SlugField(props: { ui: Ui; form: NewCompanyForm; error?: string }) {
  const t = props.ui.t.newCompany;
  return (
    <div class="field" id="nc-slug-field">
      <label for="nc-slug">{t.slug}</label>
      <input
        id="nc-slug"
        name="slug"
        required
        maxlength={60}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        autocomplete="off"
        value={props.form.slug}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? "nc-slug-error nc-slug-help" : "nc-slug-help"}
      />
      <input type="hidden" name="suggested" value={props.form.suggested} />
      <FieldError id="nc-slug-error" text={props.error} />
      <p class="help" id="nc-slug-help">
        {t.slugHelp}
      </p>
    </div>
  );
}

/** The creation wizard: name, slug, time zone and language; the rest is the setup page. */
export function NewCompanyPage(props: {
  ui: Ui;
  form: NewCompanyForm;
  errors: NewCompanyErrors;
  /** A refusal that concerns no single field. */
  refusal?: unknown;
}) {
  const { ui, form, errors } = props;
  const t = ui.t.newCompany;
  const invalid = (field: NewCompanyField) => ({
    "aria-invalid": errors[field] ? "true" : undefined,
    "aria-describedby": errors[field] ? `nc-${field}-error` : undefined,
  });
  return (
    <Layout ui={ui} title={t.title}>
      <PageHeader title={t.title} intro={t.intro} />
      <section class="panel">
        {Object.keys(errors).length > 0 && <Notice tone="danger">{t.invalid}</Notice>}
        {props.refusal !== undefined && <ErrorNotice t={ui.t} error={props.refusal} />}
        <form method="post" action={paths.newCompany} class="form-grid" id="new-company">
          <CsrfField token={ui.csrf} />
          <div class="field">
            <label for="nc-name">{t.name}</label>
            <input
              id="nc-name"
              name="name"
              required
              maxlength={200}
              value={form.name}
              hx-get={paths.newCompanySlug}
              hx-trigger="input changed delay:300ms"
              hx-include="#nc-slug-field"
              hx-target="#nc-slug-field"
              hx-swap="outerHTML"
              {...invalid("name")}
            />
            <FieldError id="nc-name-error" text={errors.name} />
          </div>
          <SlugField ui={ui} form={form} error={errors.slug} />
          <div class="field">
            <label for="nc-timezone">{t.timezone}</label>
            <select id="nc-timezone" name="timezone" {...invalid("timezone")}>
              <TimezoneOptions selected={form.timezone} />
            </select>
            <FieldError id="nc-timezone-error" text={errors.timezone} />
          </div>
          <div class="field">
            <label for="nc-locale">{t.language}</label>
            <select id="nc-locale" name="locale" {...invalid("locale")}>
              {locales.map((l) => (
                <option value={l} selected={l === form.locale}>
                  {ui.t.localeName[l]}
                </option>
              ))}
            </select>
            <FieldError id="nc-locale-error" text={errors.locale} />
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              {t.create}
            </button>
            <a class="btn btn-ghost" href={paths.companies}>
              {t.back}
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
}

/** The setup page's steps, each with the checklist items it completes. */
export const onboardingSteps = {
  calcom: ["calcom"],
  sync: ["sync"],
  services: ["services"],
  staff: ["staff"],
  hosts: ["hosts"],
  phones: ["phoneNumbers"],
  webhook: ["webhookSecret"],
  retell: ["retellKey", "firstCall"],
} as const satisfies Record<string, readonly ChecklistKey[]>;

export type OnboardingStep = keyof typeof onboardingSteps;

export interface OnboardingMessage {
  step: OnboardingStep;
  notice?: string;
  warning?: string;
  error?: unknown;
  refusal?: string;
}

/** What the Cal.com form holds: the saved connection, or what a refused form was sent with. */
export interface CalcomFormValues {
  region: string;
  selfHostedUrl: string;
  teamId: string;
}

export const selfHostedRegion = "self-hosted";

export function calcomFormOf(saved: { baseUrl: string; teamId: number | null }): CalcomFormValues {
  const hosted = (calcomRegions as readonly string[]).includes(saved.baseUrl);
  return {
    region: hosted ? saved.baseUrl : selfHostedRegion,
    selfHostedUrl: hosted ? "" : saved.baseUrl,
    teamId: saved.teamId === null ? "" : String(saved.teamId),
  };
}

export interface OnboardingData {
  checklist: OnboardingChecklist;
  sync: SyncNowState;
  retell: RetellSetupData;
  publicUrlSet: boolean;
  calcomWebhookUrl: string;
  demoTeams: boolean;
}

const detailOf = <K extends ChecklistKey>(c: OnboardingChecklist, key: K): ChecklistDetails[K] =>
  c.items.find((i) => i.key === key)!.detail as ChecklistDetails[K];

function DoneBadge(props: { ui: Ui; done: boolean }) {
  const t = props.ui.t.onboarding;
  return props.done ? <Badge tone="ok">{t.done}</Badge> : <Badge tone="warn">{t.missing}</Badge>;
}

/** "Setup: 5 of 9 done → continue" on the company dashboard, while anything is missing. */
export function SetupCard(props: { ui: Ui; checklist: OnboardingChecklist }) {
  const { ui, checklist } = props;
  if (checklist.done === checklist.total) return null;
  const t = ui.t.onboarding;
  return (
    <section class="panel setup-card" id="dash-setup" aria-labelledby="dash-setup-title">
      <h2 id="dash-setup-title">{t.card(checklist.done, checklist.total)}</h2>
      <progress max={checklist.total} value={checklist.done}>
        {t.progress(checklist.done, checklist.total)}
      </progress>
      <a class="btn btn-primary" href={paths.company(ui.company!.id).onboarding}>
        {t.continue} →
      </a>
    </section>
  );
}

export function OnboardingPage(props: {
  ui: Ui;
  data: OnboardingData;
  calcomForm: CalcomFormValues;
  message?: OnboardingMessage;
  test?: ConnectionTestResult | { error: unknown } | null;
}) {
  const { ui, data } = props;
  const { t, fmt } = ui;
  const to = t.onboarding;
  const company = ui.company!;
  const links = paths.company(company.id);
  const { checklist } = data;
  const done = (key: ChecklistKey) => checklist.items.find((i) => i.key === key)!.done;
  const stepDone = (step: OnboardingStep) => onboardingSteps[step].every(done);
  const labels = settingsLabels(t);
  const message = props.message;
  let n = 0;
  const Step = (p: { id: OnboardingStep; children: Child; attrs?: Record<string, string> }) => (
    <section
      class={`panel onboarding-step${stepDone(p.id) ? " is-done" : ""}`}
      id={`step-${p.id}`}
      aria-labelledby={`step-${p.id}-title`}
      data-done={String(stepDone(p.id))}
      {...p.attrs}
    >
      <div class="panel-head">
        <h2 id={`step-${p.id}-title`}>
          <span class="step-number">{++n}.</span> {to.steps[p.id]}
        </h2>
        <DoneBadge ui={ui} done={stepDone(p.id)} />
      </div>
      {message?.step === p.id && message.notice && <Notice tone="ok">{message.notice}</Notice>}
      {message?.step === p.id && message.warning && <Notice tone="warn">{message.warning}</Notice>}
      {message?.step === p.id && message.error !== undefined && (
        <ErrorNotice t={t} error={message.error} labels={labels} />
      )}
      {message?.step === p.id && message.refusal && (
        <Notice tone="danger">{message.refusal}</Notice>
      )}
      {p.children}
    </section>
  );
  const calcom = detailOf(checklist, "calcom");
  const services = detailOf(checklist, "services");
  const hosts = detailOf(checklist, "hosts");
  const numbers = detailOf(checklist, "phoneNumbers").numbers;
  const lastSync = detailOf(checklist, "sync").lastSucceededAt;
  const lastCall = detailOf(checklist, "firstCall").at;
  const platform = ui.viewer.role === "platform_admin";
  const form = props.calcomForm;
  const syncing = data.sync.running;
  const itemText = (i: ChecklistItem) => to.items[i.key];
  // What a sync or a mapping change moves fetches itself again (no form inside: nothing typed is lost).
  const live = (id: string) => ({
    "hx-get": links.onboarding,
    "hx-trigger": `${liveTrigger("syncs")}, ${liveTrigger("mappings")}`,
    "hx-select": `#${id}`,
    "hx-target": "this",
    "hx-swap": "outerHTML",
  });
  return (
    <Layout ui={ui} title={to.title}>
      <PageHeader title={`${to.title}: ${company.name}`} intro={to.intro} />
      <Live ui={ui}>
        <section
          class="panel"
          aria-labelledby="onboarding-progress"
          id="onboarding-checklist"
          {...live("onboarding-checklist")}
        >
          <h2 id="onboarding-progress">{to.progress(checklist.done, checklist.total)}</h2>
          <progress max={checklist.total} value={checklist.done}>
            {to.progress(checklist.done, checklist.total)}
          </progress>
          <ul class="checklist">
            {checklist.items.map((i) => (
              <li data-item={i.key} data-done={String(i.done)} class={i.done ? "is-done" : ""}>
                <span class="check-mark" aria-hidden="true">
                  {i.done ? "✓" : "○"}
                </span>{" "}
                {itemText(i)} <span class="visually-hidden">({i.done ? to.done : to.missing})</span>
              </li>
            ))}
          </ul>
        </section>

        <div id="onboarding-steps">
          <Step id="calcom">
            {calcom.teamId !== null && calcom.apiKeySet && (
              <p class="help">{to.calcomConnected(calcom.teamId)}</p>
            )}
            <form
              method="post"
              action={links.onboardingAction("calcom")}
              class="form-grid"
              id="onboarding-calcom"
            >
              <CsrfField token={ui.csrf} />
              <div class="field">
                <label for="ob-region">{to.region}</label>
                <select id="ob-region" name="calcomRegion">
                  <option value={calcomRegions[0]} selected={form.region === calcomRegions[0]}>
                    {t.settings.baseUrlCom}
                  </option>
                  <option value={calcomRegions[1]} selected={form.region === calcomRegions[1]}>
                    {t.settings.baseUrlEu}
                  </option>
                  <option value={selfHostedRegion} selected={form.region === selfHostedRegion}>
                    {to.selfHosted}
                  </option>
                </select>
              </div>
              <div class="field">
                <label for="ob-self-hosted">{to.selfHostedUrl}</label>
                <input
                  id="ob-self-hosted"
                  name="calcomSelfHostedUrl"
                  type="url"
                  placeholder="https://cal.example.com"
                  value={form.selfHostedUrl}
                  aria-describedby="ob-self-hosted-help"
                />
                <p class="help" id="ob-self-hosted-help">
                  {to.selfHostedHelp}
                </p>
              </div>
              <div class="field">
                <label for="ob-team">{t.settings.teamId}</label>
                <input id="ob-team" name="calcomTeamId" type="number" min={1} value={form.teamId} />
              </div>
              <CalcomKeyAndTest
                t={t}
                idPrefix="ob"
                apiKey={company.calcom.apiKey}
                testAction={links.onboardingAction("test")}
              />
            </form>
            <ConnectionResult t={t} result={props.test ?? null} />
            {data.demoTeams && calcom.teamId === null && (
              <form method="post" action={links.onboardingAction("demo-team")} class="form-stack">
                <CsrfField token={ui.csrf} />
                <p class="help">{to.demoTeamHelp}</p>
                <div>
                  <button type="submit" class="btn" id="demo-team">
                    {to.demoTeam}
                  </button>
                </div>
              </form>
            )}
          </Step>

          <Step
            id="sync"
            attrs={{
              ...live("step-sync"),
              ...(syncing
                ? {
                    "aria-busy": "true",
                    "hx-trigger": `${liveTriggerWithCatchUp("syncs")}, ${liveTrigger("mappings")}`,
                  }
                : {}),
            }}
          >
            <p class="help">{to.syncHelp}</p>
            <p>{lastSync ? to.syncLast(fmt.dateTime(lastSync)) : to.syncNever}</p>
            {!syncing && data.sync.last && data.sync.last.status !== "succeeded" && (
              <Notice tone="danger">
                {t.syncs.resultFailed(data.sync.last.error ?? data.sync.last.status)}
              </Notice>
            )}
            {done("calcom") ? (
              <form method="post" action={links.onboardingAction("sync")}>
                <CsrfField token={ui.csrf} />
                <button type="submit" class="btn btn-primary" disabled={syncing} id="sync-now">
                  {syncing ? (
                    <>
                      <span class="spinner" aria-hidden="true"></span> {t.syncs.running}
                    </>
                  ) : (
                    t.syncs.syncNow
                  )}
                </button>{" "}
                <a href={links.syncs}>{t.syncs.title}</a>
              </form>
            ) : (
              <p class="muted">{to.syncNeedsCalcom}</p>
            )}
          </Step>

          <Step id="services" attrs={live("step-services")}>
            <p>{to.servicesDetail(services.bookable, services.active)}</p>
            <p id="event-types-without-service">
              {lastSync
                ? to.eventTypesWithout(services.eventTypesWithoutService)
                : // Before a sync no event type is known: "every one has a service" would mislead.
                  to.syncNever}
            </p>
            <a class="btn" href={`${links.services}#unused-event-types`}>
              {to.openServices}
            </a>
          </Step>

          <Step id="staff">
            <p>{to.staffDetail(detailOf(checklist, "staff").active)}</p>
            <a class="btn" href={`${links.staff}#staff-upload`}>
              {to.uploadStaff}
            </a>
          </Step>

          <Step id="hosts" attrs={live("step-hosts")}>
            <p id="hosts-to-review">
              {hosts.linkedServices === 0
                ? to.hostsNoServices
                : hosts.unmapped + hosts.suggested === 0
                  ? to.hostsAllMapped
                  : to.hostsDetail(hosts.unmapped, hosts.suggested)}
            </p>
            <a class="btn" href={links.mappings}>
              {to.reviewHosts}
            </a>
          </Step>

          <Step id="phones">
            {numbers.length === 0 ? (
              <p class="empty">{to.noNumbers}</p>
            ) : (
              <ul class="plain-list" id="onboarding-numbers">
                {numbers.map((number) => (
                  <li>
                    <code>{number}</code>
                  </li>
                ))}
              </ul>
            )}
            {platform ? (
              <form method="post" action={links.onboardingAction("phones")} class="form-grid">
                <CsrfField token={ui.csrf} />
                <div class="field">
                  <label for="ob-number">{t.settings.number}</label>
                  <input id="ob-number" name="number" type="tel" required autocomplete="off" />
                </div>
                <div class="field">
                  <label for="ob-label">{t.settings.label}</label>
                  <input id="ob-label" name="label" maxlength={100} />
                </div>
                <div class="form-actions">
                  <button type="submit" class="btn">
                    {t.settings.addNumber}
                  </button>
                </div>
              </form>
            ) : (
              <p class="help">{t.settings.phonesPlatformOnly}</p>
            )}
          </Step>

          <Step id="webhook">
            <p class="help">{to.webhookHelp}</p>
            {!data.publicUrlSet && <Notice tone="warn">{t.settings.publicUrlMissing}</Notice>}
            <CopyField
              t={t}
              id="onboarding-webhook-url"
              label={t.settings.webhookUrl}
              value={data.calcomWebhookUrl}
            />
            <p>{company.calcom.webhookSecret ? to.secretSet : to.secretMissing}</p>
            <form method="post" action={links.onboardingAction("webhooks")}>
              <CsrfField token={ui.csrf} />
              <button type="submit" class="btn btn-primary" id="install-webhooks">
                {to.installWebhooks}
              </button>{" "}
              <a class="btn" href={`${links.settings}#settings-webhook`}>
                {to.openWebhook}
              </a>
            </form>
          </Step>

          <Step id="retell">
            <p>{done("retellKey") ? to.retellKeySet : to.retellKeyMissing}</p>
            <p id="last-call">{lastCall ? to.lastCall(fmt.dateTime(lastCall)) : to.noCall}</p>
            <a class="btn" href={links.testCall}>
              {to.testCall}
            </a>
            <RetellSetup
              t={t}
              setup={data.retell}
              // The settings page's action: the same use-case, its result shown there.
              provision={{ action: links.settingsSection("retell-agent"), csrf: ui.csrf }}
            />
          </Step>
        </div>
      </Live>
    </Layout>
  );
}
