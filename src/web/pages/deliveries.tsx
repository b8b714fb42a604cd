import {
  type DeliveryOutcome,
  type DeliveryPage,
  type DeliveryView,
  deliveryOutcomes,
  deliveryProviders,
} from "../../features/appointments/list-deliveries.ts";
import { Badge, FilterButtons, ListTable, Notice, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

const outcomeTone: Record<DeliveryOutcome, Tone> = {
  created: "ok",
  updated: "ok",
  rescheduled: "ok",
  cancelled: "ok",
  recorded: "ok",
  refused_foreign_event_type: "danger",
  ignored: "muted",
};

export interface DeliveryFilter {
  provider?: (typeof deliveryProviders)[number];
  outcome?: DeliveryOutcome;
}

const known = (outcome: string): outcome is DeliveryOutcome =>
  (deliveryOutcomes as readonly string[]).includes(outcome);

/** Unprocessed, refused or unknown outcomes are what an admin has to look at. */
const needsAttention = (outcome: string | null) =>
  outcome === null || !known(outcome) || outcome === "refused_foreign_event_type";

function OutcomeBadge(props: { ui: Ui; outcome: string | null }) {
  const { t } = props.ui;
  const { outcome } = props;
  if (outcome === null) return <Badge tone="warn">{t.deliveries.unprocessed}</Badge>;
  if (!known(outcome)) return <Badge tone="warn">{t.deliveries.otherOutcome(outcome)}</Badge>;
  return <Badge tone={outcomeTone[outcome]}>{t.deliveries.outcomes[outcome]}</Badge>;
}

/** What the delivery was about, from its dedupe key: a booking uid or a link to the call. */
function Subject(props: { ui: Ui; delivery: DeliveryView }) {
  const { t } = props.ui;
  const { subject } = props.delivery;
  if (!subject) return <>{t.common.none}</>;
  if (subject.kind === "booking") return <>{t.deliveries.booking(subject.id)}</>;
  return (
    <a href={paths.company(props.ui.company!.id).call(subject.id)}>
      {t.deliveries.call} {subject.id}
    </a>
  );
}

function query(filter: DeliveryFilter, after?: string): string {
  const params = new URLSearchParams();
  if (filter.provider) params.set("provider", filter.provider);
  if (filter.outcome) params.set("outcome", filter.outcome);
  if (after) params.set("after", after);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function DeliveriesPage(props: {
  ui: Ui;
  page: DeliveryPage;
  filter: DeliveryFilter;
  paged: boolean;
}) {
  const { ui, page, filter } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.deliveries.title}>
      <PageHeader title={t.deliveries.title} intro={t.deliveries.intro} />
      <Notice tone="info">{t.deliveries.refused}</Notice>
      <form method="get" action={links.deliveries} class="toolbar filters">
        <div class="field">
          <label for="deliveries-provider">{t.deliveries.provider}</label>
          <select id="deliveries-provider" name="provider">
            <option value="">{t.deliveries.anyProvider}</option>
            {deliveryProviders.map((p) => (
              <option value={p} selected={p === filter.provider}>
                {t.deliveries.providers[p]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="deliveries-outcome">{t.deliveries.outcome}</label>
          <select id="deliveries-outcome" name="outcome">
            <option value="">{t.deliveries.anyOutcome}</option>
            {deliveryOutcomes.map((o) => (
              <option value={o} selected={o === filter.outcome}>
                {t.deliveries.outcomes[o]}
              </option>
            ))}
          </select>
        </div>
        <FilterButtons t={t} resetHref={links.deliveries} />
      </form>
      <ListTable
        count={page.deliveries.length}
        empty={t.deliveries.empty}
        id="deliveries-table"
        headers={[
          t.deliveries.time,
          t.deliveries.provider,
          t.deliveries.event,
          t.deliveries.outcome,
          t.deliveries.subject,
        ]}
      >
        {page.deliveries.map((d) => (
          <tr class={needsAttention(d.outcome) ? "flagged" : undefined}>
            <td data-label={t.deliveries.time}>
              <time datetime={d.receivedAt}>{fmt.dateTime(d.receivedAt)}</time>
            </td>
            <td data-label={t.deliveries.provider}>
              {t.deliveries.providers[d.provider] ?? d.provider}
            </td>
            <td data-label={t.deliveries.event}>
              <code>{d.eventType}</code>
            </td>
            <td data-label={t.deliveries.outcome}>
              <OutcomeBadge ui={ui} outcome={d.outcome} />
              {d.signedWithPrevious && (
                <span class="small block signed-previous">
                  <Badge tone="warn">{t.deliveries.signedWithPrevious}</Badge>
                </span>
              )}
            </td>
            <td data-label={t.deliveries.subject}>
              <Subject ui={ui} delivery={d} />
              {d.redacted && <span class="muted small block">{t.deliveries.redacted}</span>}
            </td>
          </tr>
        ))}
      </ListTable>
      {(page.next || props.paged) && (
        <div class="form-actions" id="deliveries-pager">
          {props.paged && (
            <a class="btn btn-ghost" href={`${links.deliveries}${query(filter)}`}>
              {t.deliveries.newest}
            </a>
          )}
          {page.next && (
            <a class="btn" href={`${links.deliveries}${query(filter, page.next)}`}>
              {t.deliveries.older}
            </a>
          )}
        </div>
      )}
    </Layout>
  );
}
