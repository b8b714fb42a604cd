import type { PhoneNumber } from "../../domain/entities.ts";
import type { ApiToken } from "../../domain/ports/api-tokens.ts";
import type { ConnectionTestResult } from "../../features/company/test-calcom-connection.ts";
import {
  CalcomProblem,
  CopyButton,
  CopyField,
  CsrfField,
  ErrorNotice,
  Notice,
  PageHeader,
  SaveActions,
  TimezoneOptions,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { type Catalog, locales } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { type ApiTokenFormState, ApiTokensSection } from "./api-tokens.tsx";
import { ConfirmPage } from "./confirm.tsx";
import { type RetellProvisionForm, RetellSetup, type RetellSetupData } from "./retell-setup.tsx";

export const settingsSections = [
  "general",
  "calcom",
  "webhook",
  "matching",
  "notifications",
  "phones",
] as const;
export type SettingsSection = (typeof settingsSections)[number];

export const calcomRegions = ["https://api.cal.com", "https://api.cal.eu"] as const;

export interface SettingsMessage {
  section: SettingsSection;
  notice?: string;
  error?: unknown;
  /** A refusal said in the console's own words (e.g. a number that cannot be added). */
  refusal?: string;
  /** Saved, but worth a second look (e.g. a Cal.com team another company uses too). */
  warning?: string;
  /** What the refused form held: shown again instead of the saved values. */
  values?: Readonly<Record<string, string | undefined>>;
}

/** The settings forms' field names, as the use-case reports them, with their labels. */
export const settingsLabels = (t: Catalog) => ({
  name: t.settings.name,
  timezone: t.settings.timezone,
  locale: t.settings.language,
  country: t.settings.country,
  calcomBaseUrl: t.settings.baseUrl,
  calcomTeamId: t.settings.teamId,
  calcomApiKey: t.settings.apiKey,
  calcomWebhookSecret: t.settings.webhookSecret,
  autoThreshold: t.settings.autoThreshold,
  suggestThreshold: t.settings.suggestThreshold,
  notifyEmail: t.settings.notifyEmail,
  notifyWebhookUrl: t.settings.notifyWebhook,
  transferNumber: t.settings.transferNumber,
  number: t.settings.number,
  label: t.settings.label,
});

/** What a connection test found, or why the values typed were refused before any request. */
export function ConnectionResult(props: {
  t: Catalog;
  result: ConnectionTestResult | { error: unknown } | null;
}) {
  const { t, result } = props;
  return (
    <div id="test-result" aria-live="polite">
      {result &&
        ("error" in result ? (
          <ErrorNotice t={t} error={result.error} labels={settingsLabels(t)} />
        ) : result.ok ? (
          <Notice tone="ok">{t.settings.testOk(result.eventTypes, result.members)}</Notice>
        ) : (
          <Notice tone="danger">
            {result.problem === "no_team_id" ? (
              t.settings.testNoTeam
            ) : result.problem === "no_api_key" ? (
              t.settings.testNoKey
            ) : result.kind ? (
              <CalcomProblem t={t} kind={result.kind} message={result.message} />
            ) : (
              t.settings.testFailed(result.message ?? "")
            )}
          </Notice>
        ))}
    </div>
  );
}

/**
 * The end of a Cal.com connection form (settings and onboarding): the write-only API key, and
 * Save beside a Test connection that tries the values in the form without saving them.
 */
export function CalcomKeyAndTest(props: {
  t: Catalog;
  idPrefix: string;
  apiKey: { masked(): string } | null;
  testAction: string;
}) {
  const { t, idPrefix: id, apiKey } = props;
  return (
    <>
      <div class="field field-wide">
        <label for={`${id}-key`}>{t.settings.apiKey}</label>
        <input
          id={`${id}-key`}
          name="calcomApiKey"
          type="password"
          autocomplete="off"
          aria-describedby={`${id}-key-help`}
          placeholder={apiKey ? apiKey.masked() : ""}
        />
        <p id={`${id}-key-help`} class="help">
          {apiKey ? t.settings.apiKeyStored(apiKey.masked()) : t.settings.apiKeyMissing}
        </p>
      </div>
      <p class="help field-wide">{t.settings.testHelp}</p>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          {t.common.save}
        </button>
        <button
          type="submit"
          class="btn"
          formaction={props.testAction}
          hx-post={props.testAction}
          hx-target="#test-result"
          hx-swap="outerHTML"
        >
          {t.settings.testConnection}
        </button>
      </div>
    </>
  );
}

export function SettingsPage(props: {
  ui: Ui;
  phoneNumbers: PhoneNumber[];
  apiTokens: { tokens: ApiToken[]; form?: ApiTokenFormState };
  /** Until when the secret the last rotation replaced is still accepted, if it still is. */
  previousSecretUntil: string | null;
  webhookUrl: string;
  publicUrlSet: boolean;
  retell: RetellSetupData;
  message?: SettingsMessage;
  test?: ConnectionTestResult | { error: unknown } | null;
  /** What "Set up the agent in Retell" just did, or why it did not. */
  provision?: RetellProvisionForm["result"];
}) {
  const { ui } = props;
  const { t } = ui;
  const company = ui.company!;
  const links = paths.company(company.id);
  const { calcom } = company;
  // Numbers route calls: only the platform adds or removes them; a company admin sees the list.
  const platform = ui.viewer.role === "platform_admin";
  // A refused form shows what was typed; every other form its saved values.
  const typed = (section: SettingsSection, field: string, saved: string) =>
    props.message?.section === section && props.message.values
      ? (props.message.values[field] ?? saved)
      : saved;
  const baseUrl = typed("calcom", "calcomBaseUrl", calcom.baseUrl);
  const Section = (p: { id: SettingsSection; title: string; children: unknown }) => (
    <section class="panel" id={`settings-${p.id}`} aria-labelledby={`settings-${p.id}-title`}>
      <h2 id={`settings-${p.id}-title`}>{p.title}</h2>
      {props.message?.section === p.id && props.message.notice && (
        <Notice tone="ok">{props.message.notice}</Notice>
      )}
      {props.message?.section === p.id && props.message.warning && (
        <Notice tone="warn">{props.message.warning}</Notice>
      )}
      {props.message?.section === p.id && props.message.error !== undefined && (
        <ErrorNotice t={t} error={props.message.error} labels={settingsLabels(t)} />
      )}
      {props.message?.section === p.id && props.message.refusal && (
        <Notice tone="danger">{props.message.refusal}</Notice>
      )}
      {p.children}
    </section>
  );
  const form = (section: SettingsSection) => ({
    method: "post" as const,
    action: links.settingsSection(section),
    class: "form-grid",
  });
  return (
    <Layout ui={ui} title={t.settings.title}>
      <PageHeader title={t.settings.title} />
      <div class="settings">
        <Section id="general" title={t.settings.general}>
          <form {...form("general")}>
            <CsrfField token={ui.csrf} />
            <div class="field">
              <label for="s-name">{t.settings.name}</label>
              <input
                id="s-name"
                name="name"
                required
                maxlength={200}
                value={typed("general", "name", company.name)}
              />
            </div>
            <div class="field">
              <label for="s-timezone">{t.settings.timezone}</label>
              <select id="s-timezone" name="timezone" required>
                <TimezoneOptions selected={typed("general", "timezone", company.timezone)} />
              </select>
            </div>
            <div class="field">
              <label for="s-locale">{t.settings.language}</label>
              <select id="s-locale" name="locale">
                {locales.map((l) => (
                  <option value={l} selected={l === typed("general", "locale", company.locale)}>
                    {t.localeName[l]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="s-country">{t.settings.country}</label>
              <input
                id="s-country"
                name="country"
                required
                maxlength={2}
                value={typed("general", "country", company.country)}
              />
            </div>
            <div class="field">
              <label for="s-transfer">{t.settings.transferNumber}</label>
              <input
                id="s-transfer"
                name="transferNumber"
                type="tel"
                maxlength={40}
                autocomplete="off"
                aria-describedby="s-transfer-help"
                value={typed("general", "transferNumber", company.transferNumber ?? "")}
              />
              <p id="s-transfer-help" class="help">
                {t.settings.transferNumberHelp}
              </p>
            </div>
            <SaveActions t={t} />
          </form>
        </Section>

        <Section id="calcom" title={t.settings.calcom}>
          <form {...form("calcom")}>
            <CsrfField token={ui.csrf} />
            <div class="field">
              <label for="s-base">{t.settings.baseUrl}</label>
              <select id="s-base" name="calcomBaseUrl">
                <option value={calcomRegions[0]} selected={baseUrl === calcomRegions[0]}>
                  {t.settings.baseUrlCom}
                </option>
                <option value={calcomRegions[1]} selected={baseUrl === calcomRegions[1]}>
                  {t.settings.baseUrlEu}
                </option>
                {!(calcomRegions as readonly string[]).includes(calcom.baseUrl) && (
                  <option value={calcom.baseUrl} selected>
                    {t.settings.baseUrlOther(calcom.baseUrl)}
                  </option>
                )}
              </select>
            </div>
            <div class="field">
              <label for="s-team">{t.settings.teamId}</label>
              <input
                id="s-team"
                name="calcomTeamId"
                type="number"
                min={1}
                value={typed(
                  "calcom",
                  "calcomTeamId",
                  calcom.teamId === null ? "" : String(calcom.teamId),
                )}
              />
            </div>
            <CalcomKeyAndTest
              t={t}
              idPrefix="s"
              apiKey={calcom.apiKey}
              testAction={links.settingsSection("test")}
            />
          </form>
          <ConnectionResult t={t} result={props.test ?? null} />
        </Section>

        <Section id="webhook" title={t.settings.webhook}>
          <p class="help">{t.settings.webhookHelp}</p>
          {!props.publicUrlSet && <Notice tone="warn">{t.settings.publicUrlMissing}</Notice>}
          <CopyField
            t={t}
            id="webhook-url"
            label={t.settings.webhookUrl}
            value={props.webhookUrl}
          />
          <div class="field field-wide">
            <span class="label">{t.settings.webhookSecret}</span>
            {calcom.webhookSecret ? (
              <details class="secret">
                <summary>{t.common.show}</summary>
                <div class="copy-row">
                  <code id="webhook-secret" class="copy-value">
                    {calcom.webhookSecret.reveal()}
                  </code>
                  <CopyButton target="webhook-secret" t={t} />
                </div>
              </details>
            ) : (
              <p class="help">{t.settings.webhookSecretMissing}</p>
            )}
          </div>
          {props.previousSecretUntil && (
            <Notice tone="warn" id="previous-secret">
              {t.settings.previousSecretValid(ui.fmt.dateTime(props.previousSecretUntil))}
            </Notice>
          )}
          {/* Asks first, on a page of its own. */}
          <div class="form-actions">
            <a class="btn" href={links.settingsSection("webhook")}>
              {t.settings.generateSecret}
            </a>
          </div>
        </Section>

        <Section id="matching" title={t.settings.matching}>
          <form {...form("matching")}>
            <CsrfField token={ui.csrf} />
            <div class="field">
              <label for="s-auto">{t.settings.autoThreshold}</label>
              <input
                id="s-auto"
                name="autoThreshold"
                type="number"
                min={0}
                max={100}
                required
                value={typed("matching", "autoThreshold", String(company.thresholds.auto))}
              />
            </div>
            <div class="field">
              <label for="s-suggest">{t.settings.suggestThreshold}</label>
              <input
                id="s-suggest"
                name="suggestThreshold"
                type="number"
                min={0}
                max={100}
                required
                value={typed("matching", "suggestThreshold", String(company.thresholds.suggest))}
              />
            </div>
            <p class="help field-wide">{t.settings.matchingHelp}</p>
            <SaveActions t={t} />
          </form>
        </Section>

        <Section id="notifications" title={t.settings.notifications}>
          <form {...form("notifications")}>
            <CsrfField token={ui.csrf} />
            <div class="field">
              <label for="s-notify-email">{t.settings.notifyEmail}</label>
              <input
                id="s-notify-email"
                name="notifyEmail"
                type="email"
                value={typed("notifications", "notifyEmail", company.notifyEmail ?? "")}
              />
            </div>
            <div class="field">
              <label for="s-notify-webhook">{t.settings.notifyWebhook}</label>
              <input
                id="s-notify-webhook"
                name="notifyWebhookUrl"
                type="url"
                value={typed("notifications", "notifyWebhookUrl", company.notifyWebhookUrl ?? "")}
              />
            </div>
            <SaveActions t={t} />
          </form>
        </Section>

        <Section id="phones" title={t.settings.phones}>
          <p class="help">{t.settings.phonesHelp}</p>
          {props.phoneNumbers.length === 0 ? (
            <p class="empty">{t.settings.noNumbers}</p>
          ) : (
            <ul class="plain-list">
              {props.phoneNumbers.map((p) => (
                <li>
                  <code>{p.number}</code>
                  {p.label && <span class="muted"> · {p.label}</span>}
                  {platform && (
                    <form
                      method="post"
                      action={links.settingsSection("phones/remove")}
                      class="inline-form"
                    >
                      <CsrfField token={ui.csrf} />
                      <input type="hidden" name="number" value={p.number} />
                      <button
                        type="submit"
                        class="btn btn-small"
                        aria-label={t.settings.removeNumberOf(p.number)}
                      >
                        {t.settings.removeNumber}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {platform ? (
            <form {...form("phones")}>
              <CsrfField token={ui.csrf} />
              <div class="field">
                <label for="s-number">{t.settings.number}</label>
                <input
                  id="s-number"
                  name="number"
                  type="tel"
                  required
                  autocomplete="off"
                  value={typed("phones", "number", "")}
                />
              </div>
              <div class="field">
                <label for="s-label">{t.settings.label}</label>
                <input
                  id="s-label"
                  name="label"
                  maxlength={100}
                  value={typed("phones", "label", "")}
                />
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
        </Section>

        <ApiTokensSection ui={ui} tokens={props.apiTokens.tokens} form={props.apiTokens.form} />

        <section class="panel" id="settings-retell" aria-labelledby="settings-retell-title">
          <h2 id="settings-retell-title">{t.settings.retell}</h2>
          <RetellSetup
            t={t}
            setup={props.retell}
            testCallHref={links.testCall}
            provision={{
              action: links.settingsSection("retell-agent"),
              csrf: ui.csrf,
              result: props.provision,
            }}
          />
        </section>
      </div>
    </Layout>
  );
}

/** "New secret" asks first: the replaced secret stays valid for 24 hours, any older one ends now. */
export function RotateSecretConfirmPage(props: { ui: Ui; previousValidUntil: string | null }) {
  const { ui } = props;
  const t = ui.t.settings;
  const links = paths.company(ui.company!.id);
  return (
    <ConfirmPage
      ui={ui}
      title={t.rotateTitle}
      back={{ href: `${links.settings}#settings-webhook`, label: ui.t.settings.title }}
      action={links.settingsSection("webhook")}
      submit={t.rotateSubmit}
      danger
    >
      <p>{ui.company!.calcom.webhookSecret ? t.rotateText : t.rotateTextFirst}</p>
      {props.previousValidUntil && (
        <Notice tone="warn">
          {t.rotateDropsPrevious(ui.fmt.dateTime(props.previousValidUntil))}
        </Notice>
      )}
    </ConfirmPage>
  );
}

/** Removing a number asks first: calls to it stop reaching the company at once. */
export function RemoveNumberConfirmPage(props: { ui: Ui; number: string }) {
  const { ui, number } = props;
  const t = ui.t.settings;
  const links = paths.company(ui.company!.id);
  return (
    <ConfirmPage
      ui={ui}
      title={t.confirmRemoveNumber(number)}
      back={{ href: `${links.settings}#settings-phones`, label: ui.t.settings.title }}
      action={links.settingsSection("phones/remove")}
      fields={{ number }}
      submit={t.removeNumber}
      danger
    >
      <p>{t.confirmRemoveNumberText}</p>
    </ConfirmPage>
  );
}
