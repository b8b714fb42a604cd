import type {
  ProvisionResult,
  RetellProvisioningError,
} from "../../features/company/provision-retell-agent.ts";
import { CopyButton, CopyField, CsrfField, Notice } from "../components.tsx";
import type { Catalog } from "../i18n/index.ts";

/** What Retell is told to call: the server's public address and the custom-function JSON. */
export interface RetellSetupData {
  /** PUBLIC_URL without a trailing slash, or a placeholder while it is not set. */
  base: string;
  /** The tool definitions as JSON; null when they could not be built (logged). */
  toolsJson: string | null;
}

/** "Set up the agent in Retell": where it posts, and what the last run did or why it did not. */
export interface RetellProvisionForm {
  action: string;
  csrf: string;
  result?: ProvisionResult | { error: RetellProvisioningError };
}

/** Retell's three webhook addresses and the tools to paste (the settings and setup pages). */
export function RetellSetup(props: {
  t: Catalog;
  setup: RetellSetupData;
  /** The company's test-call panel, to try the setup without a phone. */
  testCallHref?: string;
  /** The one-step setup through Retell's API (the settings page). */
  provision?: RetellProvisionForm;
}) {
  const { t, setup } = props;
  const to = t.onboarding;
  const urls = [
    ["retell-inbound-url", to.inboundUrl, "inbound"],
    ["retell-events-url", to.eventsUrl, "events"],
    ["retell-functions-url", to.functionsUrl, "functions"],
  ] as const;
  return (
    <div class="retell-setup">
      <p class="help">{to.retellUrls}</p>
      {urls.map(([id, label, path]) => (
        <CopyField t={t} id={id} label={label} value={`${setup.base}/webhooks/retell/${path}`} />
      ))}
      {props.provision && <ProvisionPanel t={t} form={props.provision} />}
      {props.testCallHref && (
        <p>
          <a class="btn" href={props.testCallHref} id="retell-test-call">
            {t.testCall.open}
          </a>
        </p>
      )}
      {setup.toolsJson !== null && (
        <>
          <p class="help">{t.settings.retellHelp}</p>
          <div class="copy-row">
            <CopyButton target="retell-json" t={t} />
          </div>
          <pre class="code-block" tabindex={0}>
            <code id="retell-json">{setup.toolsJson}</code>
          </pre>
        </>
      )}
    </div>
  );
}

function ProvisionPanel(props: { t: Catalog; form: RetellProvisionForm }) {
  const t = props.t.settings;
  const { result } = props.form;
  return (
    <div id="retell-provision">
      <p class="help">{t.provisionHelp}</p>
      <div aria-live="polite">
        {result && "error" in result ? (
          <Notice tone="danger">{provisionRefusal(props.t, result.error)}</Notice>
        ) : (
          result && (
            <Notice tone="ok">
              {t.provisionDone}
              <ul class="plain-list">
                {result.outcomes.map((o) => (
                  <li>
                    {t.provisionKinds[o.kind]} <code>{o.id}</code>: {t.provisionActions[o.action]}
                    {o.action === "updated" && <span class="muted"> ({o.fields.join(", ")})</span>}
                  </li>
                ))}
              </ul>
            </Notice>
          )
        )}
      </div>
      <form method="post" action={props.form.action} class="form-actions">
        <CsrfField token={props.form.csrf} />
        <button type="submit" class="btn">
          {t.provisionAgent}
        </button>
      </form>
    </div>
  );
}

function provisionRefusal(t: Catalog, error: RetellProvisioningError): string {
  const s = t.settings;
  if (error.problem === "no_api_key") return s.provisionNoKey;
  if (error.problem === "no_public_url") return s.provisionNoPublicUrl;
  const step = error.step ? (s.provisionSteps[error.step] ?? error.step) : "";
  return s.provisionFailed(error.number ? `${step} ${error.number}` : step, error.detail ?? "");
}
