import type { PhoneNumber } from "../../domain/entities.ts";
import type { ConnectionTestResult } from "../../features/company/test-calcom-connection.ts";
import {
  CopyButton,
  CsrfField,
  ErrorNotice,
  Notice,
  PageHeader,
  SaveActions,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { type Catalog, locales } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";

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
}

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
          <ErrorNotice t={t} error={result.error} />
        ) : result.ok ? (
          <Notice tone="ok">{t.settings.testOk(result.eventTypes, result.members)}</Notice>
        ) : (
          <Notice tone="danger">
            {result.problem === "no_team_id"
              ? t.settings.testNoTeam
              : result.problem === "no_api_key"
                ? t.settings.testNoKey
                : t.settings.testFailed(result.message ?? "")}
          </Notice>
        ))}
    </div>
  );
}

export function SettingsPage(props: {
  ui: Ui;
  phoneNumbers: PhoneNumber[];
  webhookUrl: string;
  publicUrlSet: boolean;
  retellJson: string | null;
  message?: SettingsMessage;
  test?: ConnectionTestResult | { error: unknown } | null;
}) {
  const { ui } = props;
  const { t } = ui;
  const company = ui.company!;
  const links = paths.company(company.id);
  const { calcom } = company;
  // Numbers route calls: only the platform adds or removes them; a company admin sees the list.
  const platform = ui.viewer.role === "platform_admin";
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
        <ErrorNotice t={t} error={props.message.error} />
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
              <input id="s-name" name="name" required maxlength={200} value={company.name} />
            </div>
            <div class="field">
              <label for="s-timezone">{t.settings.timezone}</label>
              <input id="s-timezone" name="timezone" required value={company.timezone} />
            </div>
            <div class="field">
              <label for="s-locale">{t.settings.language}</label>
              <select id="s-locale" name="locale">
                {locales.map((l) => (
                  <option value={l} selected={l === company.locale}>
                    {t.localeName[l]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="s-country">{t.settings.country}</label>
              <input id="s-country" name="country" required maxlength={2} value={company.country} />
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
                <option value={calcomRegions[0]} selected={calcom.baseUrl === calcomRegions[0]}>
                  {t.settings.baseUrlCom}
                </option>
                <option value={calcomRegions[1]} selected={calcom.baseUrl === calcomRegions[1]}>
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
                value={calcom.teamId === null ? "" : String(calcom.teamId)}
              />
            </div>
            <div class="field field-wide">
              <label for="s-key">{t.settings.apiKey}</label>
              <input
                id="s-key"
                name="calcomApiKey"
                type="password"
                autocomplete="off"
                aria-describedby="s-key-help"
                placeholder={calcom.apiKey ? calcom.apiKey.masked() : ""}
              />
              <p id="s-key-help" class="help">
                {calcom.apiKey
                  ? t.settings.apiKeyStored(calcom.apiKey.masked())
                  : t.settings.apiKeyMissing}
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
                formaction={links.settingsSection("test")}
                hx-post={links.settingsSection("test")}
                hx-target="#test-result"
                hx-swap="outerHTML"
              >
                {t.settings.testConnection}
              </button>
            </div>
          </form>
          <ConnectionResult t={t} result={props.test ?? null} />
        </Section>

        <Section id="webhook" title={t.settings.webhook}>
          <p class="help">{t.settings.webhookHelp}</p>
          {!props.publicUrlSet && <Notice tone="warn">{t.settings.publicUrlMissing}</Notice>}
          <div class="field field-wide">
            <span class="label">{t.settings.webhookUrl}</span>
            <div class="copy-row">
              <code id="webhook-url" class="copy-value">
                {props.webhookUrl}
              </code>
              <CopyButton target="webhook-url" t={t} />
            </div>
          </div>
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
          <form method="post" action={links.settingsSection("webhook")}>
            <CsrfField token={ui.csrf} />
            <button type="submit" class="btn">
              {t.settings.generateSecret}
            </button>
          </form>
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
                value={String(company.thresholds.auto)}
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
                value={String(company.thresholds.suggest)}
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
                value={company.notifyEmail ?? ""}
              />
            </div>
            <div class="field">
              <label for="s-notify-webhook">{t.settings.notifyWebhook}</label>
              <input
                id="s-notify-webhook"
                name="notifyWebhookUrl"
                type="url"
                value={company.notifyWebhookUrl ?? ""}
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
                <input id="s-number" name="number" type="tel" required autocomplete="off" />
              </div>
              <div class="field">
                <label for="s-label">{t.settings.label}</label>
                <input id="s-label" name="label" maxlength={100} />
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

        {props.retellJson !== null && (
          <section class="panel" aria-labelledby="settings-retell-title">
            <h2 id="settings-retell-title">{t.settings.retell}</h2>
            <p class="help">{t.settings.retellHelp}</p>
            <div class="copy-row">
              <CopyButton target="retell-json" t={t} />
            </div>
            <pre class="code-block" tabindex={0}>
              <code id="retell-json">{props.retellJson}</code>
            </pre>
          </section>
        )}
      </div>
    </Layout>
  );
}
