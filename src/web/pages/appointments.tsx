import { localDateOf } from "../../domain/datetime/index.ts";
import type { AppointmentStatus, Company, Locale } from "../../domain/entities.ts";
import { formatPhone } from "../../domain/phone.ts";
import type { AppointmentLink } from "../../domain/ports/appointments.ts";
import {
  type AppointmentQuery,
  appointmentTabs,
  unmappedStaff,
} from "../../features/appointments/appointment-query.ts";
import { type AppointmentWeek, weekLimit } from "../../features/appointments/appointment-week.ts";
import type {
  AppointmentChoices,
  AppointmentPage,
  AppointmentRow,
} from "../../features/appointments/list-appointment-rows.ts";
import {
  Badge,
  ErrorNotice,
  FilterButtons,
  ListTable,
  Notice,
  PageHeader,
  type Tone,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

const statusTone: Record<AppointmentStatus, Tone> = {
  accepted: "ok",
  pending: "info",
  cancelled: "muted",
  rejected: "danger",
  rescheduled: "muted",
};
const statuses: AppointmentStatus[] = [
  "accepted",
  "pending",
  "rescheduled",
  "cancelled",
  "rejected",
];

/** The URL query of a view: only what is set, so a link shows exactly the filters in use. */
function appointmentQueryString(query: Partial<AppointmentQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

const intlLocale: Record<Locale, string> = { de: "de-DE", en: "en-GB" };
const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** Dates and times in the company's zone, one pair of Intl formatters per zone and language. */
export function clockOf(locale: Locale, timeZone: string) {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const tag = intlLocale[locale];
    f = {
      date: new Intl.DateTimeFormat(tag, {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone,
      }),
      time: new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", timeZone }),
    };
    formatters.set(key, f);
  }
  const { date, time } = f;
  return {
    date: (iso: string) => date.format(new Date(iso)),
    time: (iso: string) => time.format(new Date(iso)),
    /** A company-local "YYYY-MM-DD" as a heading (noon: the same day in every zone). */
    day: (local: string) => date.format(new Date(`${local}T12:00:00Z`)),
  };
}

/** The retell call id's last characters: enough to tell calls apart on one screen. */
const shortCallId = (callId: string) => callId.slice(-6);

/** Where a linked appointment of the reschedule chain is listed: its tab, its day, its status. */
function chainHref(company: Company, link: AppointmentLink, today: string): string {
  const date = localDateOf(link.startAt, company.timezone);
  const tab =
    link.status === "cancelled" || link.status === "rejected"
      ? "cancelled"
      : date >= today
        ? "upcoming"
        : "past";
  const base = paths.company(company.id).appointments;
  return `${base}${appointmentQueryString({ tab, from: date, to: date, status: link.status })}#appointment-${link.id}`;
}

function StaffCell(props: { ui: Ui; a: AppointmentRow }) {
  const { ui, a } = props;
  const { t } = ui;
  if (a.needsMapping)
    return (
      <span class="flag">
        <Badge tone="warn">{t.appointments.needsMapping}</Badge>{" "}
        <span class="muted small">
          {a.hostName ?? (a.calcomUserId === null ? "" : `#${a.calcomUserId}`)}
        </span>{" "}
        <a
          href={`${paths.company(ui.company!.id).mappings}?q=${encodeURIComponent(a.hostName ?? "")}`}
        >
          {t.appointments.fixMapping}
        </a>
      </span>
    );
  return a.staffName ? a.staffName : <span class="muted">{t.appointments.notMapped}</span>;
}

function CustomerCell(props: { ui: Ui; a: AppointmentRow }) {
  const { ui, a } = props;
  const { name, phone, email } = a.customer;
  if (!name && !phone && !email) return <>{ui.t.common.none}</>;
  return (
    <>
      {name ?? ui.t.common.none}
      {phone && (
        <span class="muted small block">
          <a href={`tel:${phone}`}>{formatPhone(phone, ui.company!.country)}</a>
        </span>
      )}
      {!phone && email && <span class="muted small block">{email}</span>}
    </>
  );
}

function ChainCell(props: { ui: Ui; a: AppointmentRow; today: string }) {
  const { ui, a, today } = props;
  const { t } = ui;
  const clock = clockOf(ui.locale, ui.company!.timezone);
  const item = (label: string, link: AppointmentLink) => (
    <span class="block">
      {label}{" "}
      <a href={chainHref(ui.company!, link, today)}>
        {`${clock.date(link.startAt)}, ${clock.time(link.startAt)}`}
      </a>
    </span>
  );
  if (!a.movedFrom && !a.movedTo) return <>{t.common.none}</>;
  return (
    <>
      {a.movedFrom && item(t.appointments.movedFrom, a.movedFrom)}
      {a.movedTo && item(t.appointments.movedTo, a.movedTo)}
    </>
  );
}

function ViewSwitch(props: { ui: Ui; query: AppointmentQuery; view: "list" | "week" }) {
  const { ui, query } = props;
  const base = paths.company(ui.company!.id).appointments;
  const filters = { staff: query.staff, service: query.service, status: query.status, q: query.q };
  return (
    <nav class="filter-tabs" aria-label={ui.t.appointments.views.label}>
      <a
        href={`${base}${appointmentQueryString({ ...filters, tab: query.tab, from: query.from, to: query.to })}`}
        aria-current={props.view === "list" ? "page" : undefined}
      >
        {ui.t.appointments.views.list}
      </a>
      <a
        href={`${base}${appointmentQueryString({ ...filters, view: "week", week: query.week })}`}
        aria-current={props.view === "week" ? "page" : undefined}
      >
        {ui.t.appointments.views.week}
      </a>
    </nav>
  );
}

function FilterForm(props: {
  ui: Ui;
  query: AppointmentQuery;
  choices: AppointmentChoices;
  view: "list" | "week";
}) {
  const { ui, query, choices } = props;
  const { t } = ui;
  const base = paths.company(ui.company!.id).appointments;
  const reset =
    props.view === "week"
      ? `${base}${appointmentQueryString({ view: "week", week: query.week })}`
      : `${base}${appointmentQueryString({ tab: query.tab })}`;
  return (
    <form method="get" action={base} class="toolbar filters" id="appointment-filters">
      {props.view === "week" ? (
        <>
          <input type="hidden" name="view" value="week" />
          {query.week && <input type="hidden" name="week" value={query.week} />}
        </>
      ) : (
        <>
          {query.tab && <input type="hidden" name="tab" value={query.tab} />}
          <div class="field">
            <label for="appointments-from">{t.appointments.from}</label>
            <input id="appointments-from" type="date" name="from" value={query.from ?? ""} />
          </div>
          <div class="field">
            <label for="appointments-to">{t.appointments.to}</label>
            <input id="appointments-to" type="date" name="to" value={query.to ?? ""} />
          </div>
        </>
      )}
      <div class="field">
        <label for="appointments-staff">{t.appointments.staff}</label>
        <select id="appointments-staff" name="staff">
          <option value="">{t.appointments.anyStaff}</option>
          {choices.staff.map((s) => (
            <option value={s.id} selected={s.id === query.staff}>
              {s.active ? s.name : `${s.name} (${t.common.inactive})`}
            </option>
          ))}
          <option value={unmappedStaff} selected={query.staff === unmappedStaff}>
            {t.appointments.notMapped}
          </option>
        </select>
      </div>
      <div class="field">
        <label for="appointments-service">{t.appointments.service}</label>
        <select id="appointments-service" name="service">
          <option value="">{t.appointments.anyService}</option>
          {choices.services.map((s) => (
            <option value={s.id} selected={s.id === query.service}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="appointments-status">{t.appointments.status}</label>
        <select id="appointments-status" name="status">
          <option value="">{t.appointments.anyStatus}</option>
          {statuses.map((s) => (
            <option value={s} selected={s === query.status}>
              {t.appointments.statuses[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="appointments-q">{t.appointments.search}</label>
        <input
          id="appointments-q"
          type="search"
          name="q"
          maxlength={100}
          value={query.q ?? ""}
          placeholder={t.appointments.searchHint}
        />
      </div>
      <FilterButtons t={t} resetHref={reset} />
    </form>
  );
}

export function AppointmentsPage(props: { ui: Ui; page: AppointmentPage }) {
  const { ui, page } = props;
  const { t } = ui;
  const { query } = page;
  const base = paths.company(ui.company!.id).appointments;
  const clock = clockOf(ui.locale, ui.company!.timezone);
  const filtered = { ...query, cursor: undefined, view: undefined, week: undefined };
  const filtersInUse = Boolean(
    query.from || query.to || query.staff || query.service || query.status || query.q,
  );
  return (
    <Layout ui={ui} title={t.appointments.title}>
      <PageHeader title={t.appointments.title} intro={t.appointments.intro}>
        <a
          class="btn"
          href={`${base}.csv${appointmentQueryString({ ...filtered, tab: page.tab })}`}
          title={t.appointments.exportHint}
          download
        >
          {t.appointments.exportCsv}
        </a>
      </PageHeader>
      <ViewSwitch ui={ui} query={query} view="list" />
      <nav class="tabs appointment-tabs" aria-label={t.appointments.tabsLabel}>
        {appointmentTabs.map((tab) => (
          <a
            href={`${base}${appointmentQueryString({ ...filtered, tab: tab === "upcoming" ? undefined : tab })}`}
            aria-current={tab === page.tab ? "page" : undefined}
          >
            {t.appointments.tabs[tab]}
          </a>
        ))}
      </nav>
      <FilterForm ui={ui} query={query} choices={page.choices} view="list" />
      <ListTable
        count={page.rows.length}
        empty={filtersInUse || query.cursor ? t.appointments.emptyFiltered : t.appointments.empty}
        id="appointments-table"
        headers={[
          t.appointments.date,
          t.appointments.time,
          t.appointments.service,
          t.appointments.staff,
          t.appointments.customer,
          t.appointments.status,
          t.appointments.notes,
          t.appointments.call,
          t.appointments.chain,
        ]}
      >
        {page.rows.map((a) => (
          <tr id={`appointment-${a.id}`} class={a.needsMapping ? "flagged" : undefined}>
            <td data-label={t.appointments.date}>
              <time datetime={a.startAt}>{clock.date(a.startAt)}</time>
            </td>
            <td
              data-label={t.appointments.time}
            >{`${clock.time(a.startAt)}–${clock.time(a.endAt)}`}</td>
            <td data-label={t.appointments.service}>{a.serviceName ?? t.common.none}</td>
            <td data-label={t.appointments.staff}>
              <StaffCell ui={ui} a={a} />
            </td>
            <td data-label={t.appointments.customer}>
              <CustomerCell ui={ui} a={a} />
            </td>
            <td data-label={t.appointments.status}>
              <Badge tone={statusTone[a.status]}>{t.appointments.statuses[a.status]}</Badge>
            </td>
            <td data-label={t.appointments.notes} class="reason">
              {a.notes ?? t.common.none}
            </td>
            <td data-label={t.appointments.call}>
              {a.retellCallId ? (
                <span title={a.retellCallId}>
                  {t.appointments.callLabel(shortCallId(a.retellCallId))}
                </span>
              ) : (
                <span class="muted">{t.appointments.sources[a.source]}</span>
              )}
            </td>
            <td data-label={t.appointments.chain}>
              <ChainCell ui={ui} a={a} today={page.today} />
            </td>
          </tr>
        ))}
      </ListTable>
      {(page.next || query.cursor) && (
        <nav class="form-actions pager">
          {query.cursor && (
            <a class="btn btn-ghost" href={`${base}${appointmentQueryString(filtered)}`}>
              {t.appointments.firstPage}
            </a>
          )}
          {page.next && (
            <a
              class="btn"
              rel="next"
              href={`${base}${appointmentQueryString({ ...filtered, cursor: page.next })}`}
            >
              {t.appointments.nextPage}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

export function AppointmentWeekPage(props: { ui: Ui; week: AppointmentWeek }) {
  const { ui, week } = props;
  const { t } = ui;
  const { query } = week;
  const base = paths.company(ui.company!.id).appointments;
  const clock = clockOf(ui.locale, ui.company!.timezone);
  const filters = {
    view: "week" as const,
    staff: query.staff,
    service: query.service,
    status: query.status,
    q: query.q,
  };
  const columnName = (name: string | null) => name ?? t.appointments.notMapped;
  return (
    <Layout ui={ui} title={t.appointments.title}>
      <PageHeader
        title={t.appointments.title}
        intro={t.appointments.weekOf(clock.day(week.days[0]!))}
      />
      <ViewSwitch ui={ui} query={query} view="week" />
      <FilterForm ui={ui} query={query} choices={week.choices} view="week" />
      <nav class="form-actions week-nav">
        <a
          class="btn btn-ghost"
          rel="prev"
          href={`${base}${appointmentQueryString({ ...filters, week: week.previous })}`}
        >
          {t.appointments.previousWeek}
        </a>
        <a class="btn btn-ghost" href={`${base}${appointmentQueryString(filters)}`}>
          {t.appointments.thisWeek}
        </a>
        <a
          class="btn btn-ghost"
          rel="next"
          href={`${base}${appointmentQueryString({ ...filters, week: week.next })}`}
        >
          {t.appointments.nextWeek}
        </a>
      </nav>
      {week.truncated && <Notice tone="warn">{t.appointments.weekTruncated(weekLimit)}</Notice>}
      <div class="table-wrap">
        <table class="table stack week-grid" id="appointments-week">
          <thead>
            <tr>
              <th scope="col">{t.appointments.day}</th>
              {week.columns.map((c) => (
                <th scope="col">{columnName(c.name)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {week.days.map((day) => {
              const byStaff = week.cells.get(day);
              return (
                <tr class={day === week.today ? "week-today" : undefined}>
                  <th scope="row" data-label={t.appointments.day}>
                    <time datetime={day}>{clock.day(day)}</time>
                  </th>
                  {week.columns.map((c) => {
                    const rows = byStaff?.get(c.staffId ?? "") ?? [];
                    return (
                      <td
                        data-label={columnName(c.name)}
                        class={rows.length ? "week-cell" : "week-cell week-free"}
                      >
                        {rows.map((a) => (
                          <div class="week-item" id={`appointment-${a.id}`}>
                            <span class="strong">{`${clock.time(a.startAt)}–${clock.time(a.endAt)}`}</span>{" "}
                            {a.customer.name ?? t.common.none}
                            <span class="muted small block">
                              {a.serviceName ?? t.common.none}
                              {a.status !== "accepted" && (
                                <>
                                  {" "}
                                  <Badge tone={statusTone[a.status]}>
                                    {t.appointments.statuses[a.status]}
                                  </Badge>
                                </>
                              )}
                            </span>
                          </div>
                        ))}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** A query the list cannot show (a malformed date, a stale cursor): what is wrong, a way back. */
export function AppointmentsQueryError(props: { ui: Ui; error: unknown }) {
  const { ui } = props;
  const { t } = ui;
  const a = t.appointments;
  // The query's parameters under the names the filter form shows.
  const labels = {
    tab: a.tabsLabel,
    view: a.views.label,
    status: a.status,
    staff: a.staff,
    service: a.service,
    q: a.search,
    from: a.from,
    to: a.to,
    week: a.weekLabel,
    cursor: a.pageLink,
  };
  return (
    <Layout ui={ui} title={t.appointments.title}>
      <PageHeader title={t.appointments.title} intro={t.appointments.invalidQuery} />
      <ErrorNotice t={t} error={props.error} labels={labels} />
      <p>
        <a class="btn" href={paths.company(ui.company!.id).appointments}>
          {t.appointments.showUpcoming}
        </a>
      </p>
    </Layout>
  );
}
