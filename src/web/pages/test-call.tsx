import { formatPhone } from "../../domain/phone.ts";
import type { ProbeExchange } from "../../domain/ports/calls.ts";
import type { TestCallOutcome } from "../../features/calls/test-call.ts";
import { Badge, CsrfField, ErrorNotice, Notice, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

export interface TestCallForm {
  callerNumber: string;
  phrase: string;
  name?: string;
}

function Exchange(props: { ui: Ui; exchange: ProbeExchange }) {
  const { t } = props.ui;
  const x = props.exchange;
  const ok = x.status >= 200 && x.status < 300;
  return (
    <li class="test-call-step">
      <p>
        <code>{x.name}</code> <Badge tone={ok ? "ok" : "danger"}>{String(x.status)}</Badge>
      </p>
      {x.spoken !== null ? (
        <blockquote class="spoken" aria-label={t.testCall.spoken}>
          {x.spoken}
        </blockquote>
      ) : (
        <p class="muted">{t.testCall.nothingSpoken}</p>
      )}
      <details>
        <summary>{t.testCall.json}</summary>
        <p class="muted">{t.testCall.request}</p>
        <pre class="code-block" tabindex={0}>
          <code>{JSON.stringify(x.request, null, 2)}</code>
        </pre>
        <p class="muted">{t.testCall.reply}</p>
        <pre class="code-block" tabindex={0}>
          <code>{JSON.stringify(x.reply, null, 2)}</code>
        </pre>
      </details>
    </li>
  );
}

/**
 * The test-call panel: a caller's number and phrase go through this server's own signed Retell
 * webhooks (ring, start, list services, check the time), then an offered time can be booked.
 */
export function TestCallPage(props: {
  ui: Ui;
  signed: boolean;
  form: TestCallForm;
  outcome?: TestCallOutcome;
  /** After booking: the steps shown are the booking's, and no further offer. */
  booked?: boolean;
  error?: unknown;
}) {
  const { ui, form, outcome } = props;
  const { t } = ui;
  const tc = t.testCall;
  const links = paths.company(ui.company!.id);
  const ran = outcome?.kind === "ran" ? outcome : null;
  const unsigned = !props.signed || outcome?.kind === "unsigned";
  return (
    <Layout ui={ui} title={tc.title}>
      <PageHeader title={tc.title} intro={tc.intro} />
      {unsigned && (
        <Notice tone="danger" id="test-call-unsigned">
          {tc.unsigned}
        </Notice>
      )}
      {outcome?.kind === "no_number" && (
        <Notice tone="warn" id="test-call-no-number">
          {tc.noNumber}
        </Notice>
      )}
      {props.error !== undefined && <ErrorNotice t={t} error={props.error} />}
      <form method="post" action={links.testCall} class="form-grid" id="test-call-start">
        <CsrfField token={ui.csrf} />
        <div class="field">
          <label for="test-call-caller">{tc.callerNumber}</label>
          <input
            id="test-call-caller"
            name="callerNumber"
            type="tel"
            required
            maxlength={40}
            value={form.callerNumber}
          />
        </div>
        <div class="field">
          <label for="test-call-phrase">{tc.phrase}</label>
          <input
            id="test-call-phrase"
            name="phrase"
            type="text"
            required
            maxlength={200}
            value={form.phrase}
            aria-describedby="test-call-phrase-help"
          />
          <p class="help" id="test-call-phrase-help">
            {tc.phraseHelp}
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={unsigned}>
            {tc.call}
          </button>
        </div>
      </form>
      {ran && (
        <section class="panel" id="test-call-steps" aria-labelledby="test-call-steps-title">
          <div class="panel-head">
            <h2 id="test-call-steps-title">{tc.steps}</h2>
            <a href={links.call(ran.call.callId)}>{tc.seeCall}</a>
          </div>
          <p class="muted">{tc.dialled(formatPhone(ran.call.toNumber, ui.company!.country))}</p>
          <ol class="plain-list">
            {ran.exchanges.map((x) => (
              <Exchange ui={ui} exchange={x} />
            ))}
          </ol>
        </section>
      )}
      {ran && !props.booked && (
        <section class="panel" id="test-call-book" aria-labelledby="test-call-book-title">
          <h2 id="test-call-book-title">{tc.offers}</h2>
          {ran.offers.length === 0 ? (
            <p class="empty">{tc.noOffers}</p>
          ) : (
            <form method="post" action={`${links.testCall}/book`} class="form-stack">
              <CsrfField token={ui.csrf} />
              <input type="hidden" name="callId" value={ran.call.callId} />
              <input type="hidden" name="callerNumber" value={form.callerNumber} />
              <input type="hidden" name="phrase" value={ran.phrase} />
              <ul class="plain-list" aria-label={tc.offers}>
                {ran.offers.map((o, i) => (
                  <li>
                    <label>
                      <input type="radio" name="start" value={o.start} required checked={i === 0} />{" "}
                      {o.label}
                    </label>
                  </li>
                ))}
              </ul>
              <div class="field">
                <label for="test-call-name">{tc.name}</label>
                <input
                  id="test-call-name"
                  name="name"
                  type="text"
                  required
                  maxlength={100}
                  value={form.name ?? ""}
                />
              </div>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary">
                  {tc.book}
                </button>
              </div>
            </form>
          )}
        </section>
      )}
    </Layout>
  );
}
