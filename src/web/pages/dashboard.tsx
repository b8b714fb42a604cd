import type { Child } from "hono/jsx";
import type { SyncRun } from "../../domain/entities.ts";
import type { CompanyDashboard, DashboardCount } from "../../features/company/company-dashboard.ts";
import type { OnboardingChecklist } from "../../features/company/onboarding-checklist.ts";
import { Badge, ListTable, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { SetupCard } from "./onboarding.tsx";

const runTone: Record<SyncRun["status"], Tone> = {
  succeeded: "ok",
  partial: "warn",
  failed: "danger",
  running: "info",
};

/** A tile like components' Tile, but linkable and able to say "500+". */
function DashTile(props: {
  id: string;
  label: string;
  value: Child;
  tone?: Tone;
  href?: string;
  detail?: string;
}) {
  const body = (
    <>
      <span class="tile-value">{props.value}</span>
      <span class="tile-label">{props.label}</span>
      {props.detail && <span class="tile-label small">{props.detail}</span>}
    </>
  );
  const cls = `tile${props.tone ? ` tile-${props.tone}` : ""}`;
  return props.href ? (
    <a class={`${cls} tile-link`} id={props.id} href={props.href}>
      {body}
    </a>
  ) : (
    <div class={cls} id={props.id}>
      {body}
    </div>
  );
}

export function countText(ui: Ui, c: DashboardCount): string {
  return c.capped ? ui.t.dashboard.atLeast(c.count) : String(c.count);
}

export function RunBadge(props: {
  ui: Ui;
  run: Pick<SyncRun, "status" | "finishedAt"> | null;
  never: string;
}) {
  const { t, fmt } = props.ui;
  if (!props.run) return <Badge tone="muted">{props.never}</Badge>;
  return (
    <span>
      <Badge tone={runTone[props.run.status]}>{t.syncs.statuses[props.run.status]}</Badge>{" "}
      {props.run.finishedAt && <span class="muted">{fmt.dateTime(props.run.finishedAt)}</span>}
    </span>
  );
}

export function DashboardPage(props: {
  ui: Ui;
  dashboard: CompanyDashboard;
  checklist: OnboardingChecklist;
}) {
  const { ui, dashboard: d } = props;
  const { t, fmt } = ui;
  const td = t.dashboard;
  const links = paths.company(ui.company!.id);
  const review = d.hosts.suggested + d.hosts.unmapped;
  const problemText = (p: CompanyDashboard["unbookable"][number]["problems"][number]) =>
    p === "no_event_type" ? td.noEventType : t.bookability.problems[p];
  return (
    <Layout ui={ui} title={td.title}>
      <PageHeader title={td.title} intro={td.intro} />
      <SetupCard ui={ui} checklist={props.checklist} />
      <div class="tiles dashboard-tiles">
        <DashTile
          id="dash-appointments"
          label={td.appointmentsToday}
          value={countText(ui, d.appointments)}
          tone="info"
          href={links.appointments}
        />
        <DashTile
          id="dash-calls"
          label={td.callsToday}
          value={countText(ui, d.calls)}
          tone="info"
          href={links.calls}
        />
        <DashTile
          id="dash-hosts"
          label={td.hostsToReview}
          value={review}
          tone={review > 0 ? "warn" : "ok"}
          href={links.mappings}
          detail={td.hostsToReviewDetail(d.hosts.suggested, d.hosts.unmapped)}
        />
        <DashTile
          id="dash-deliveries"
          label={td.refusedDeliveries}
          value={countText(ui, d.refusedDeliveries)}
          tone={d.refusedDeliveries.count > 0 ? "warn" : "ok"}
          href={`${links.deliveries}?outcome=refused_foreign_event_type`}
        />
      </div>

      <section class="panel" aria-labelledby="dash-next">
        <h2 id="dash-next">{td.next}</h2>
        <ListTable
          count={d.appointments.next.length}
          empty={td.noneLeft}
          headers={[td.time, td.customer, td.service, td.status]}
        >
          {d.appointments.next.map((a) => (
            <tr>
              <td data-label={td.time}>{fmt.dateTime(a.startAt)}</td>
              <td data-label={td.customer}>{a.attendeeName ?? "—"}</td>
              <td data-label={td.service}>{a.serviceName ?? "—"}</td>
              <td data-label={td.status}>
                <Badge tone={a.status === "accepted" ? "ok" : "warn"}>
                  {t.appointments.statuses[a.status]}
                </Badge>
              </td>
            </tr>
          ))}
        </ListTable>
      </section>

      <section class="panel" aria-labelledby="dash-unbookable">
        <h2 id="dash-unbookable">{td.unbookable}</h2>
        {d.unbookable.length === 0 ? (
          <p class="empty">{td.allBookable}</p>
        ) : (
          <ul class="dashboard-list" id="dash-unbookable-list">
            {d.unbookable.map((s) => (
              <li>
                <a href={links.service(s.id)}>{s.name}</a>
                {": "}
                <span class="muted">{s.problems.map(problemText).join(", ")}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="dash-runs">
        <h2 id="dash-runs">{td.runs}</h2>
        <dl class="dashboard-runs">
          <dt>{td.lastSync}</dt>
          <dd id="dash-last-sync">
            <RunBadge ui={ui} run={d.lastSync} never={td.never} />
          </dd>
          <dt>{td.lastReconcile}</dt>
          <dd id="dash-last-reconcile">
            <RunBadge ui={ui} run={d.lastReconcile} never={td.never} />
          </dd>
        </dl>
      </section>
    </Layout>
  );
}
