import type { Staff } from "../../domain/entities.ts";
import type { HostMappingStatus } from "../../domain/service-hosts.ts";
import type {
  MappingReview,
  MappingReviewRow,
} from "../../features/mappings/review-host-mappings.ts";
import {
  Avatar,
  Badge,
  CsrfField,
  ErrorNotice,
  MatchReason,
  Notice,
  PageHeader,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { ConfirmPage } from "./confirm.tsx";
import { Live, liveTrigger } from "./live.tsx";
import { StaffPicker, statusTone } from "./service.tsx";

export const statusFilters = ["unmapped", "suggested", "active", "rejected"] as const;

export interface MappingsFilter {
  status?: HostMappingStatus;
  q?: string;
}

function filterHref(base: string, filter: MappingsFilter) {
  const query = new URLSearchParams();
  if (filter.status) query.set("status", filter.status);
  if (filter.q) query.set("q", filter.q);
  const s = query.toString();
  return s ? `${base}?${s}` : base;
}

/** The status tabs with counts; swapped out-of-band when a bulk action changes them. */
export function StatusFilters(props: {
  ui: Ui;
  counts: MappingReview["counts"];
  filter: MappingsFilter;
  oob?: boolean;
}) {
  const { t } = props.ui;
  const base = paths.company(props.ui.company!.id).mappings;
  const tabs: { status?: HostMappingStatus; label: string; count: number }[] = [
    { label: t.mappings.all, count: props.counts.all },
    ...statusFilters.map((s) => ({ status: s, label: t.host.status[s], count: props.counts[s] })),
  ];
  return (
    <nav
      id="status-filters"
      class="filter-tabs"
      aria-label={t.mappings.filters}
      hx-swap-oob={props.oob ? "true" : undefined}
    >
      {tabs.map((tab) => (
        <a
          href={filterHref(base, { status: tab.status, q: props.filter.q })}
          aria-current={tab.status === props.filter.status ? "page" : undefined}
        >
          {tab.label} <span class="count">{tab.count}</span>
        </a>
      ))}
    </nav>
  );
}

/**
 * What a row without a staff picker shows, in short: a live refresh keeps such a row as it is in
 * the page when this is unchanged (console.js), so focus, a ticked box and the like survive. Rows
 * with a picker are always replaced: their choices depend on every other row.
 */
function liveKey(r: MappingReviewRow): string | undefined {
  if (!r.staff || r.status === "rejected") return undefined;
  return [
    r.version,
    r.staff.id,
    r.staff.name,
    r.staff.active,
    ...r.services.map((s) => s.name),
  ].join("|");
}

export function MappingRow(props: {
  ui: Ui;
  row: MappingReviewRow;
  assignable: Staff[];
  back: string;
  oob?: boolean;
}) {
  const { ui, row: r } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  const rowId = `row-${r.calcomUserId}`;
  const rowAction = (verb: "accept" | "reject", label: string, primary = false) => (
    <form
      method="post"
      action={links.mappingAction(r.calcomUserId, verb)}
      hx-post={links.mappingAction(r.calcomUserId, verb)}
      hx-target="#mapping-notice"
      hx-swap="outerHTML"
      class="inline-form"
    >
      <CsrfField token={ui.csrf} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class={`btn btn-small${primary ? " btn-primary" : ""}`}>
        {label}
      </button>
    </form>
  );
  return (
    <tr
      id={rowId}
      class={`status-${r.status}`}
      hx-swap-oob={props.oob ? "true" : undefined}
      data-live-key={liveKey(r)}
    >
      <td class="check">
        <input
          type="checkbox"
          name="host"
          value={String(r.calcomUserId)}
          form="bulk-form"
          aria-label={t.mappings.select(r.name)}
        />
      </td>
      <td data-label={t.mappings.host}>
        <div class="who">
          <Avatar url={r.avatarUrl} initials={r.initials} seed={r.calcomUserId} size="sm" />
          <div>
            <strong>{r.name}</strong>
            <span class="muted small block">
              {[r.email, r.username ? `@${r.username}` : null].filter(Boolean).join(" · ")}
            </span>
          </div>
        </div>
      </td>
      <td data-label={t.mappings.status}>
        <Badge tone={statusTone[r.status]}>{t.host.status[r.status]}</Badge>
      </td>
      <td data-label={t.mappings.staff}>
        {r.staff && r.status !== "rejected" ? (
          <div>
            <strong>{r.staff.name}</strong>
            <span class="muted small block">
              {r.confidence !== null && t.host.confidence(r.confidence)}
              {r.confidence !== null && ((r.status === "active" && r.source) || r.reason) && " · "}
              {r.status === "active" && r.source
                ? t.host.source[r.source]
                : r.reason && <MatchReason t={t} code={r.reasonCode} explanation={r.reason} />}
            </span>
          </div>
        ) : (
          <div>
            {r.staff && (
              <span class="muted small block">{t.host.rejectedBefore(r.staff.name)}</span>
            )}
            <StaffPicker
              ui={ui}
              id={`pick-${r.calcomUserId}`}
              name={`staff-${r.calcomUserId}`}
              label={t.mappings.pickFor(r.name)}
              assignable={props.assignable}
              hideLabel
              form="bulk-form"
            />
          </div>
        )}
      </td>
      <td data-label={t.mappings.services}>
        <span class="chips">
          {r.services.length === 0 ? (
            <span class="muted small">{t.host.noServices}</span>
          ) : (
            r.services.map((s) => <span class="chip">{s.name}</span>)
          )}
        </span>
      </td>
      <td data-label={t.mappings.actions} class="row-actions">
        <div class="actions">
          {r.status === "suggested" && (
            <>
              {rowAction("accept", t.host.accept, true)}
              {rowAction("reject", t.host.reject)}
            </>
          )}
          {r.status === "active" && (
            <a
              class="btn btn-small"
              href={`${links.mappingAction(r.calcomUserId, "unset")}?back=${encodeURIComponent(props.back)}`}
            >
              {t.host.unset}
            </a>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * The answer to a row or bulk action: the notice (the request's target), and the changed rows
 * and the counts swapped out of band. A <tr> cannot stand alone in parsed HTML, hence <template>.
 */
export function BulkResult(props: {
  ui: Ui;
  review: MappingReview;
  filter: MappingsFilter;
  back: string;
  notice?: string;
  error?: unknown;
}) {
  const { ui } = props;
  return (
    <>
      <div id="mapping-notice" aria-live="polite">
        {props.notice && <Notice tone="ok">{props.notice}</Notice>}
        {props.error !== undefined && <ErrorNotice t={ui.t} error={props.error} />}
      </div>
      <StatusFilters ui={ui} counts={props.review.counts} filter={props.filter} oob />
      {props.review.rows.map((row) => (
        <template>
          <MappingRow
            ui={ui}
            row={row}
            assignable={props.review.assignableStaff}
            back={props.back}
            oob
          />
        </template>
      ))}
    </>
  );
}

export function MappingsPage(props: {
  ui: Ui;
  review: MappingReview;
  filter: MappingsFilter;
  back: string;
  notice?: string;
  error?: unknown;
}) {
  const { ui, review, filter } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.mappings.title}>
      <PageHeader title={t.mappings.title} intro={t.mappings.intro}>
        <a class="btn" href={links.board}>
          {t.mappings.board}
        </a>
      </PageHeader>
      <div class="toolbar">
        <StatusFilters ui={ui} counts={review.counts} filter={filter} />
        <form method="get" action={links.mappings} class="search">
          {filter.status && <input type="hidden" name="status" value={filter.status} />}
          <label for="mapping-search" class="visually-hidden">
            {t.mappings.search}
          </label>
          <input
            id="mapping-search"
            type="search"
            name="q"
            value={filter.q ?? ""}
            placeholder={t.mappings.searchPlaceholder}
          />
          <button type="submit" class="btn btn-small">
            {t.common.filter}
          </button>
        </form>
      </div>
      <div id="mapping-notice" aria-live="polite">
        {props.notice && <Notice tone="ok">{props.notice}</Notice>}
        {props.error !== undefined && <ErrorNotice t={t} error={props.error} />}
      </div>
      <Live ui={ui}>
        <MappingsList ui={ui} review={review} filter={filter} back={props.back} />
      </Live>
    </Layout>
  );
}

/**
 * The rows, their bulk form and its buttons: the part that fetches itself again when the
 * company's mappings change (another admin, a sync, a webhook), with the filter it was shown with.
 */
export function MappingsList(props: {
  ui: Ui;
  review: MappingReview;
  filter: MappingsFilter;
  back: string;
}) {
  const { ui, review } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <div
      id="mapping-list"
      hx-get={filterHref(links.mappingsList, props.filter)}
      hx-trigger={liveTrigger("mappings")}
      hx-swap="outerHTML"
    >
      {review.counts.all === 0 ? (
        <p class="empty">{t.mappings.noHosts}</p>
      ) : review.rows.length === 0 ? (
        <p class="empty">{t.mappings.noneMatch}</p>
      ) : (
        <>
          <form
            id="bulk-form"
            method="post"
            action={links.bulk}
            hx-post={links.bulk}
            hx-target="#mapping-notice"
            hx-swap="outerHTML"
          >
            <CsrfField token={ui.csrf} />
            <input type="hidden" name="back" value={props.back} />
          </form>
          <div class="table-wrap">
            <table class="table stack mappings">
              <thead>
                <tr>
                  <th scope="col" class="check">
                    <input
                      type="checkbox"
                      data-select-all="host"
                      aria-label={t.mappings.selectAll}
                      title={t.mappings.selectAll}
                    />
                  </th>
                  <th scope="col">{t.mappings.host}</th>
                  <th scope="col">{t.mappings.status}</th>
                  <th scope="col">{t.mappings.staff}</th>
                  <th scope="col">{t.mappings.services}</th>
                  <th scope="col">{t.mappings.actions}</th>
                </tr>
              </thead>
              <tbody>
                {review.rows.map((row) => (
                  <MappingRow
                    ui={ui}
                    row={row}
                    assignable={review.assignableStaff}
                    back={props.back}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div class="bulk-bar">
            <p class="muted small">{t.mappings.bulkHelp}</p>
            <div class="actions">
              <button
                type="submit"
                form="bulk-form"
                name="action"
                value="accept"
                class="btn btn-primary"
              >
                {t.mappings.acceptSelected}
              </button>
              <button type="submit" form="bulk-form" name="action" value="set" class="btn">
                {t.mappings.mapSelected}
              </button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** A live refresh of the list: the list, and the counts of the status tabs out of band. */
export function MappingsListFragment(props: {
  ui: Ui;
  review: MappingReview;
  filter: MappingsFilter;
  back: string;
}) {
  return (
    <>
      <MappingsList {...props} />
      <StatusFilters ui={props.ui} counts={props.review.counts} filter={props.filter} oob />
    </>
  );
}

/** Removing a mapping asks first, on a page of its own (works without JavaScript). */
export function UnsetMappingPage(props: {
  ui: Ui;
  row: MappingReviewRow;
  back: { href: string; label: string };
  /** The service page the hosts panel was on, which the action answers with again. */
  serviceId?: string;
}) {
  const { ui, row } = props;
  const { t } = ui;
  const title = t.mappings.confirmUnset(row.name, row.staff?.name ?? t.common.none);
  return (
    <ConfirmPage
      ui={ui}
      title={title}
      back={props.back}
      action={paths.company(ui.company!.id).mappingAction(row.calcomUserId, "unset")}
      fields={props.serviceId ? { service: props.serviceId } : { back: props.back.href }}
      submit={t.host.unset}
      danger
    >
      <p>{t.mappings.confirmUnsetText}</p>
    </ConfirmPage>
  );
}
