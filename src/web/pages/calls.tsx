import { type CallOutcome, callOutcomes } from "../../domain/call-outcome.ts";
import { formatPhone } from "../../domain/phone.ts";
import type { CallTranscript } from "../../features/calls/get-call-transcript.ts";
import type { CallAppointmentView, CallPage, CallView } from "../../features/calls/list-calls.ts";
import { Badge, FilterButtons, ListTable, Notice, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

const resultTone: Record<CallOutcome, Tone> = {
  booked: "ok",
  rescheduled: "ok",
  cancelled: "info",
  found: "info",
  resolved: "info",
  nothing: "muted",
  ongoing: "warn",
};

/** Summaries run to a few sentences; the list shows their start, the detail all of it. */
const summaryPreview = 160;

/** The other party: the caller of an inbound call, the called number of an outbound one. */
function party(ui: Ui, call: CallView): string {
  const number = call.direction === "outbound" ? call.toNumber : call.fromNumber;
  return number ? formatPhone(number, ui.company!.country) : ui.t.calls.unknownCaller;
}

function ResultBadge(props: { ui: Ui; call: CallView }) {
  const { t } = props.ui;
  return (
    <>
      <Badge tone={resultTone[props.call.result]}>{t.calls.results[props.call.result]}</Badge>
      {props.call.test && (
        <>
          {" "}
          <Badge tone="muted">{t.calls.testCall}</Badge>
        </>
      )}
    </>
  );
}

/** Retell's words ("Positive", …) in the console's language; a word it adds later as sent. */
const sentimentOf = (ui: Ui, call: CallView) =>
  call.sentiment ? (ui.t.calls.sentiments[call.sentiment] ?? call.sentiment) : ui.t.common.none;

function query(outcome: CallOutcome | undefined, after?: string): string {
  const params = new URLSearchParams();
  if (outcome) params.set("outcome", outcome);
  if (after) params.set("after", after);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function AppointmentList(props: { ui: Ui; appointments: CallAppointmentView[] }) {
  const { t, fmt } = props.ui;
  const links = paths.company(props.ui.company!.id);
  return (
    <ul class="plain-list">
      {props.appointments.map((a) => (
        <li>
          <a href={links.appointments}>
            <time datetime={a.startAt}>{fmt.dateTime(a.startAt)}</time>
          </a>{" "}
          {a.serviceName ?? t.common.none}
          {a.staffName && <span class="muted"> · {a.staffName}</span>}{" "}
          <Badge tone="muted">{t.appointments.statuses[a.status]}</Badge>
        </li>
      ))}
    </ul>
  );
}

const timeOf = (call: CallView) => call.startedAt ?? call.createdAt;

export function CallsPage(props: {
  ui: Ui;
  page: CallPage;
  outcome: CallOutcome | undefined;
  paged: boolean;
}) {
  const { ui, page, outcome } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.calls.title}>
      <PageHeader title={t.calls.title} intro={t.calls.intro} />
      <Notice tone="info">{t.calls.resultHint}</Notice>
      <form method="get" action={links.calls} class="toolbar filters">
        <div class="field">
          <label for="calls-outcome">{t.calls.result}</label>
          <select id="calls-outcome" name="outcome">
            <option value="">{t.calls.anyResult}</option>
            {callOutcomes.map((o) => (
              <option value={o} selected={o === outcome}>
                {t.calls.results[o]}
              </option>
            ))}
          </select>
        </div>
        <FilterButtons t={t} resetHref={links.calls} />
      </form>
      <ListTable
        count={page.calls.length}
        empty={outcome ? t.calls.noMatches : t.calls.empty}
        id="calls-table"
        headers={[
          t.calls.time,
          t.calls.caller,
          t.calls.duration,
          t.calls.result,
          t.calls.sentiment,
          t.calls.summary,
          t.calls.appointments,
        ]}
      >
        {page.calls.map((call) => (
          <tr>
            <td data-label={t.calls.time}>
              <a href={links.call(call.retellCallId)}>
                <time datetime={timeOf(call)}>{fmt.dateTime(timeOf(call))}</time>
              </a>
            </td>
            <td data-label={t.calls.caller}>{party(ui, call)}</td>
            <td data-label={t.calls.duration}>
              {call.durationMs === null ? t.common.none : fmt.duration(call.durationMs)}
            </td>
            <td data-label={t.calls.result}>
              <ResultBadge ui={ui} call={call} />
            </td>
            <td data-label={t.calls.sentiment}>{sentimentOf(ui, call)}</td>
            <td data-label={t.calls.summary}>
              {call.summary
                ? call.summary.length > summaryPreview
                  ? `${call.summary.slice(0, summaryPreview)}…`
                  : call.summary
                : t.common.none}
            </td>
            <td data-label={t.calls.appointments}>
              {call.appointments.length === 0 ? (
                t.common.none
              ) : (
                <AppointmentList ui={ui} appointments={call.appointments} />
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      {(page.next || props.paged) && (
        <div class="form-actions" id="calls-pager">
          {props.paged && (
            <a class="btn btn-ghost" href={`${links.calls}${query(outcome)}`}>
              {t.calls.newest}
            </a>
          )}
          {page.next && (
            <a class="btn" href={`${links.calls}${query(outcome, page.next)}`}>
              {t.calls.older}
            </a>
          )}
        </div>
      )}
    </Layout>
  );
}

function transcriptNote(t: Ui["t"], result: Exclude<CallTranscript, { kind: "shown" }>): string {
  switch (result.kind) {
    case "empty":
      return t.calls.transcriptEmpty;
    case "test_call":
      return t.calls.transcriptTestCall;
    case "expired":
      return t.calls.transcriptExpired(result.retentionDays);
    case "no_key":
      return t.calls.transcriptNoKey;
    case "unavailable":
      return t.calls.transcriptUnavailable[result.problem];
  }
}

/**
 * The transcript, fetched from Retell only when asked (null: not yet, the button): htmx posts for
 * the panel, without JavaScript the form reloads the page with `?transcript=1`.
 */
export function TranscriptPanel(props: {
  ui: Ui;
  callId: string;
  transcript: CallTranscript | null;
}) {
  const { ui, callId, transcript: result } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <section class="panel" id="call-transcript">
      <h2>{t.calls.transcript}</h2>
      <p class="muted">{t.calls.transcriptNotKept}</p>
      {result === null ? (
        <form method="get" action={links.call(callId)}>
          <input type="hidden" name="transcript" value="1" />
          <button
            type="submit"
            class="btn"
            hx-post={links.callTranscript(callId)}
            hx-target="#call-transcript"
            hx-swap="outerHTML"
          >
            {t.calls.showTranscript}
          </button>
        </form>
      ) : result.kind === "shown" ? (
        <ol class="plain-list" id="call-transcript-turns">
          {result.turns.map((turn) => (
            <li>
              <strong>{t.calls.transcriptRoles[turn.role]}:</strong> {turn.content}
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{transcriptNote(t, result)}</p>
      )}
    </section>
  );
}

export function CallDetailPage(props: {
  ui: Ui;
  call: CallView;
  /** Asked for with `?transcript=1`; null shows the button. */
  transcript: CallTranscript | null;
}) {
  const { ui, call } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  const title = t.calls.detailTitle(party(ui, call));
  const fact = (label: string, value: string) => (
    <li>
      <span class="muted">{label}:</span> {value}
    </li>
  );
  return (
    <Layout ui={ui} title={title}>
      <p class="crumbs">
        <a href={links.calls}>← {t.calls.back}</a>
      </p>
      <PageHeader title={title}>
        <ResultBadge ui={ui} call={call} />
      </PageHeader>
      <section class="panel" id="call-facts">
        <ul class="plain-list">
          {fact(t.calls.time, fmt.dateTime(timeOf(call)))}
          {call.endedAt && fact(t.calls.ended, fmt.dateTime(call.endedAt))}
          {fact(
            t.calls.duration,
            call.durationMs === null ? t.common.none : fmt.duration(call.durationMs),
          )}
          {fact(
            t.calls.direction,
            call.direction ? (t.calls.directions[call.direction] ?? call.direction) : t.common.none,
          )}
          {fact(t.calls.status, t.calls.statuses[call.status] ?? call.status)}
          {fact(
            t.calls.judgement,
            call.outcome ? (t.calls.judgements[call.outcome] ?? call.outcome) : t.common.none,
          )}
          {fact(t.calls.sentiment, sentimentOf(ui, call))}
          {call.foundAt && fact(t.calls.foundAt, fmt.dateTime(call.foundAt))}
          {call.cancelledAt && fact(t.calls.cancelledAt, fmt.dateTime(call.cancelledAt))}
          {fact(t.calls.callId, call.retellCallId)}
        </ul>
      </section>
      <section class="panel" id="call-summary">
        <h2>{t.calls.summary}</h2>
        <p>{call.summary ?? t.common.none}</p>
      </section>
      <section class="panel" id="call-appointments">
        <div class="panel-head">
          <h2>{t.calls.appointments}</h2>
          <a href={links.appointments}>{t.calls.allAppointments}</a>
        </div>
        {call.appointments.length === 0 ? (
          <p class="empty">{t.calls.noAppointments}</p>
        ) : (
          <AppointmentList ui={ui} appointments={call.appointments} />
        )}
      </section>
      <TranscriptPanel
        ui={ui}
        callId={call.retellCallId}
        // A test call has no transcript to ask Retell for.
        transcript={props.transcript ?? (call.test ? { kind: "test_call" } : null)}
      />
    </Layout>
  );
}
