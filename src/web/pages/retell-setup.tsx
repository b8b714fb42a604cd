import { CopyButton, CopyField } from "../components.tsx";
import type { Catalog } from "../i18n/index.ts";

/** What Retell is told to call: the server's public address and the custom-function JSON. */
export interface RetellSetupData {
  /** PUBLIC_URL without a trailing slash, or a placeholder while it is not set. */
  base: string;
  /** The tool definitions as JSON; null when they could not be built (logged). */
  toolsJson: string | null;
}

/** Retell's three webhook addresses and the tools to paste (the settings and setup pages). */
export function RetellSetup(props: {
  t: Catalog;
  setup: RetellSetupData;
  /** The company's test-call panel, to try the setup without a phone. */
  testCallHref?: string;
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
