import type { SyncRun, SyncStatus } from "../../domain/entities.ts";
import type { SyncNowState } from "../../features/sync/sync-now.ts";
import {
  Badge,
  CalcomProblem,
  CsrfField,
  ListTable,
  Notice,
  PageHeader,
  type Tone,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { Live, liveTriggerWithCatchUp } from "./live.tsx";

const statusTone: Record<SyncStatus, Tone> = {
  running: "info",
  succeeded: "ok",
  failed: "danger",
  partial: "warn",
};

const n = (counts: Record<string, number>, key: string) => counts[key] ?? 0;

/**
 * The runs table and the "Sync now" state; fetches itself again when a run starts or ends,
 * whoever started it (this console, the schedule, a webhook, the CLI through this server).
 */
export function SyncProgress(props: {
  ui: Ui;
  runs: SyncRun[];
  state: SyncNowState;
  running: boolean;
  notice?: string;
}) {
  const { ui, runs, state } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  const last = state.last;
  return (
    <section id="sync-status" aria-live="polite" aria-busy={props.running ? "true" : "false"}>
      <div class="page-actions">
        <form
          method="post"
          action={links.syncs}
          hx-post={links.syncs}
          hx-target="#sync-live"
          hx-swap="innerHTML"
          // Queued with the live refresh on the same wrapper: a sync that ends while this POST is
          // still on its way is fetched after the POST's answer, never overwritten by it.
          hx-sync="closest #sync-live:queue last"
        >
          <CsrfField token={ui.csrf} />
          <button type="submit" class="btn btn-primary" disabled={props.running}>
            {props.running ? (
              <>
                <span class="spinner" aria-hidden="true"></span> {t.syncs.running}
              </>
            ) : (
              t.syncs.syncNow
            )}
          </button>
        </form>
      </div>
      {props.notice && <Notice tone="info">{props.notice}</Notice>}
      {!props.running && last && (
        <Notice tone={last.status === "succeeded" ? "ok" : "danger"} id="sync-result">
          {last.status === "succeeded" && last.totals
            ? t.syncs.resultOk(last.totals.mapped, last.totals.suggested, last.totals.unmapped)
            : t.syncs.resultFailed(last.error ?? last.status)}
        </Notice>
      )}
      <ListTable
        count={runs.length}
        empty={t.syncs.empty}
        headers={[
          t.syncs.started,
          t.syncs.kind,
          t.syncs.trigger,
          t.syncs.status,
          t.syncs.duration,
          t.syncs.counts,
          t.syncs.requests,
          t.syncs.error,
        ]}
      >
        {runs.map((r) => (
          <tr>
            <td data-label={t.syncs.started}>
              <time datetime={r.startedAt}>{fmt.dateTime(r.startedAt)}</time>
            </td>
            <td data-label={t.syncs.kind}>{t.syncs.kinds[r.kind]}</td>
            <td data-label={t.syncs.trigger}>{t.syncs.triggers[r.trigger]}</td>
            <td data-label={t.syncs.status}>
              <Badge tone={statusTone[r.status]}>{t.syncs.statuses[r.status]}</Badge>
            </td>
            <td data-label={t.syncs.duration}>
              {r.counts.durationMs !== undefined
                ? fmt.duration(r.counts.durationMs)
                : t.common.none}
            </td>
            <td data-label={t.syncs.counts}>
              {r.status !== "succeeded"
                ? t.common.none
                : r.kind === "team"
                  ? t.syncs.teamCounts(
                      n(r.counts, "eventTypes"),
                      n(r.counts, "hosts"),
                      n(r.counts, "members"),
                    )
                  : t.syncs.hostCounts(
                      n(r.counts, "mapped"),
                      n(r.counts, "suggested"),
                      n(r.counts, "unmapped"),
                    )}
            </td>
            <td data-label={t.syncs.requests}>{r.calcomRequests}</td>
            <td data-label={t.syncs.error} class="reason">
              <CalcomProblem t={t} kind={r.errorKind} message={r.error} />
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

export function SyncsPage(props: {
  ui: Ui;
  runs: SyncRun[];
  state: SyncNowState;
  running: boolean;
}) {
  const { ui } = props;
  return (
    <Layout ui={ui} title={ui.t.syncs.title}>
      <PageHeader title={ui.t.syncs.title} intro={ui.t.syncs.intro} />
      <Live ui={ui}>
        {/* Never swapped itself: it hears "syncs" and fetches its content again. */}
        <div
          id="sync-live"
          hx-get={paths.company(ui.company!.id).syncStatus}
          hx-trigger={liveTriggerWithCatchUp("syncs")}
          hx-swap="innerHTML"
          hx-sync="this:queue last"
        >
          <SyncProgress ui={ui} runs={props.runs} state={props.state} running={props.running} />
        </div>
      </Live>
    </Layout>
  );
}
