import type { CalcomEventType, Service, Staff } from "../../domain/entities.ts";
import type { ResolvedHost, ServiceHosts } from "../../domain/service-hosts.ts";
import {
  Avatar,
  Badge,
  CalcomProblem,
  CsrfField,
  ErrorNotice,
  MatchReason,
  Notice,
  PageHeader,
  SaveActions,
  Tile,
  type Tone,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { BookabilityNotices } from "./bookability.tsx";
import { ConfirmPage } from "./confirm.tsx";
import { Live, liveTrigger } from "./live.tsx";

export const statusTone: Record<ResolvedHost["status"], Tone> = {
  active: "ok",
  suggested: "info",
  unmapped: "warn",
  rejected: "danger",
};

export interface PanelMessage {
  notice?: string;
  error?: unknown;
}

/**
 * The hosts of one service: tiles, sync and state notices, a card per host. htmx swaps it whole,
 * after a mapping action and whenever the company's mappings change while the page is open.
 */
export function HostsPanel(props: {
  ui: Ui;
  hosts: ServiceHosts;
  assignable: Staff[];
  message?: PanelMessage;
}) {
  const { ui, hosts } = props;
  const { t, fmt } = ui;
  const { sync, summary, state } = hosts;
  const eventTypeId = hosts.service.eventTypeId ?? 0;
  return (
    <section
      id="hosts-panel"
      class="panel"
      aria-labelledby="hosts-title"
      hx-get={paths.company(ui.company!.id).hostsPanel(hosts.service.id)}
      hx-trigger={liveTrigger("mappings")}
      hx-swap="outerHTML"
    >
      <div class="panel-head">
        <h2 id="hosts-title">{t.service.hostsTitle}</h2>
        {sync.lastSuccessAt && !sync.stale && (
          <span class="muted small">{t.service.lastSynced(fmt.dateTime(sync.lastSuccessAt))}</span>
        )}
      </div>
      {props.message?.notice && <Notice tone="ok">{props.message.notice}</Notice>}
      {props.message?.error !== undefined && <ErrorNotice t={t} error={props.message.error} />}
      {sync.lastStatus === null && <Notice tone="info">{t.service.neverSynced}</Notice>}
      {sync.stale && (
        <Notice tone="warn">
          {sync.lastSuccessAt
            ? t.service.staleSync(
                fmt.dateTime(sync.lastFinishedAt!),
                fmt.dateTime(sync.lastSuccessAt),
              )
            : t.service.staleNever(fmt.dateTime(sync.lastFinishedAt!))}
          {sync.lastErrorKind ? (
            <p>
              <CalcomProblem t={t} kind={sync.lastErrorKind} message={sync.lastError} />
            </p>
          ) : (
            sync.lastError && <code class="error-detail">{sync.lastError}</code>
          )}
        </Notice>
      )}
      {state === "no_event_type" && (
        <Notice tone="warn">{t.service.stateText.no_event_type}</Notice>
      )}
      {state === "event_type_not_synced" && (
        <Notice tone="warn">{t.service.stateText.event_type_not_synced(eventTypeId)}</Notice>
      )}
      {state === "event_type_removed" && (
        <Notice tone="danger">{t.service.stateText.event_type_removed(eventTypeId)}</Notice>
      )}
      {state === "no_hosts" && <Notice tone="warn">{t.service.stateText.no_hosts}</Notice>}
      <div class="tiles">
        <Tile label={t.service.tiles.total} value={summary.total} />
        <Tile label={t.service.tiles.mapped} value={summary.mapped} tone="ok" />
        <Tile label={t.service.tiles.suggested} value={summary.suggested} tone="info" />
        <Tile
          label={t.service.tiles.unmapped}
          value={summary.unmapped}
          tone={summary.unmapped > 0 ? "warn" : undefined}
        />
        <Tile label={t.service.tiles.available} value={summary.availableForService} tone="ok" />
      </div>
      {hosts.hosts.length > 0 && (
        <ul class="host-grid">
          {hosts.hosts.map((h) => (
            <HostCard ui={ui} host={h} serviceId={hosts.service.id} assignable={props.assignable} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ActionForm(props: {
  ui: Ui;
  host: ResolvedHost;
  serviceId: string;
  verb: "accept" | "reject" | "set";
  children: unknown;
  class?: string;
}) {
  const links = paths.company(props.ui.company!.id);
  const action = links.mappingAction(props.host.calcomUserId, props.verb);
  return (
    <form
      method="post"
      action={action}
      hx-post={action}
      hx-target="#hosts-panel"
      hx-swap="outerHTML"
      class={props.class ?? "inline-form"}
    >
      <CsrfField token={props.ui.csrf} />
      <input type="hidden" name="service" value={props.serviceId} />
      {props.children}
    </form>
  );
}

export function StaffPicker(props: {
  ui: Ui;
  id: string;
  name: string;
  label: string;
  assignable: Staff[];
  hideLabel?: boolean;
  /** The form the select belongs to when it sits outside it (the mappings table's bulk form). */
  form?: string;
  /** The staff id chosen at first (the board's suggestion). */
  selected?: string;
}) {
  const { t } = props.ui;
  return (
    <>
      <label for={props.id} class={props.hideLabel ? "visually-hidden" : undefined}>
        {props.label}
      </label>
      <select
        id={props.id}
        name={props.name}
        form={props.form}
        disabled={props.assignable.length === 0}
      >
        <option value="">{props.assignable.length ? t.host.choose : t.host.noAssignable}</option>
        {props.assignable.map((s) => (
          <option value={s.id} selected={s.id === props.selected}>
            {s.name}
            {s.email ? ` · ${s.email}` : ""}
          </option>
        ))}
      </select>
    </>
  );
}

/** Lets a long address wrap before the @ rather than mid-word. */
function breakableEmail(email: string) {
  const at = email.indexOf("@");
  return at <= 0 ? (
    email
  ) : (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

function HostCard(props: { ui: Ui; host: ResolvedHost; serviceId: string; assignable: Staff[] }) {
  const { ui, host: h } = props;
  const { t } = ui;
  const role = h.role ? (t.host.role[h.role] ?? h.role) : null;
  return (
    <li class={`host-card status-${h.status}`} id={`host-${h.calcomUserId}`}>
      <div class="host-head">
        <Avatar url={h.avatarUrl} initials={h.initials} seed={h.calcomUserId} />
        <div class="host-id">
          <strong class="host-name">{h.name}</strong>
          {h.email && <span class="host-email">{breakableEmail(h.email)}</span>}
          <span class="host-meta">
            {[h.username ? `@${h.username}` : null, role].filter(Boolean).join(" · ")}
          </span>
        </div>
        <Badge tone={statusTone[h.status]}>{t.host.status[h.status]}</Badge>
        {h.mandatory && (
          <Badge tone="info" title={t.bookability.fixedHostHelp}>
            {t.bookability.fixedHostBadge}
          </Badge>
        )}
      </div>
      <div class="host-body">
        {h.status === "active" && h.staff && (
          <>
            <p class="mapped-to">
              <span class="arrow" aria-hidden="true">
                →
              </span>{" "}
              <span class="visually-hidden">{t.host.mappedTo}: </span>
              <strong>{h.staff.name}</strong>{" "}
              {!h.staff.active && <Badge tone="danger">{t.host.staffInactive}</Badge>}
            </p>
            <p class="muted small">
              {h.confidence !== null && t.host.confidence(h.confidence)}
              {h.source && ` · ${t.host.source[h.source]}`}
            </p>
            <a
              class="btn btn-small btn-ghost"
              href={`${paths.company(ui.company!.id).mappingAction(h.calcomUserId, "unset")}?service=${encodeURIComponent(props.serviceId)}`}
            >
              {t.host.unset}
            </a>
          </>
        )}
        {h.status === "suggested" && h.staff && (
          <>
            <p class="mapped-to">
              <span class="muted">{t.host.candidate}:</span> <strong>{h.staff.name}</strong>
            </p>
            <p class="muted small">
              {h.confidence !== null && t.host.confidence(h.confidence)}
              {h.reason && (
                <>
                  {" · "}
                  <MatchReason t={t} code={h.reasonCode} explanation={h.reason} />
                </>
              )}
            </p>
            <div class="actions">
              <ActionForm ui={ui} host={h} serviceId={props.serviceId} verb="accept">
                <button type="submit" class="btn btn-small btn-primary">
                  {t.host.accept}
                </button>
              </ActionForm>
              <ActionForm ui={ui} host={h} serviceId={props.serviceId} verb="reject">
                <button type="submit" class="btn btn-small">
                  {t.host.reject}
                </button>
              </ActionForm>
            </div>
          </>
        )}
        {(h.status === "unmapped" || h.status === "rejected") && (
          <>
            {h.status === "rejected" && h.staff && (
              <p class="muted small">{t.host.rejectedBefore(h.staff.name)}</p>
            )}
            <ActionForm ui={ui} host={h} serviceId={props.serviceId} verb="set" class="picker">
              <StaffPicker
                ui={ui}
                id={`staff-for-${h.calcomUserId}`}
                name="staffId"
                label={t.host.mapTo}
                assignable={props.assignable}
              />
              <button
                type="submit"
                class="btn btn-small btn-primary"
                disabled={props.assignable.length === 0}
              >
                {t.host.map}
              </button>
            </ActionForm>
          </>
        )}
      </div>
      <div class="host-foot">
        <div class="chips">
          <span class="muted small">{t.host.canDo}:</span>
          {h.services.length === 0 ? (
            <span class="muted small">{t.host.noServices}</span>
          ) : (
            h.services.map((s) => (
              <span class={`chip${s.id === props.serviceId ? " chip-current" : ""}`}>
                {s.name} · {t.common.minutes(s.durationMinutes)}
              </span>
            ))
          )}
        </div>
        {h.availableForService ? (
          <span class="availability ok">✓ {t.host.available}</span>
        ) : (
          <span class="availability warn">⚠ {t.host.unavailable[h.unavailableReason!]}</span>
        )}
      </div>
    </li>
  );
}

/** What the details form shows: the saved service, or what was typed when it was refused. */
export interface ServiceForm {
  name: string;
  durationMinutes: string;
  price: string;
  eventTypeId: number | null;
}

/** Cents as the form's euro amount, in the page's language (42,50 / 42.50). */
export function priceText(ui: Ui, cents: number | null): string {
  if (cents === null) return "";
  const euros = (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2);
  return ui.locale === "de" ? euros.replace(".", ",") : euros;
}

export function serviceFormOf(ui: Ui, service: Service): ServiceForm {
  return {
    name: service.name,
    durationMinutes: String(service.durationMinutes),
    price: priceText(ui, service.priceCents),
    eventTypeId: service.calcomEventTypeId,
  };
}

export function ServicePage(props: {
  ui: Ui;
  hosts: ServiceHosts;
  assignable: Staff[];
  eventTypes: CalcomEventType[];
  active: boolean;
  form: ServiceForm;
  message?: PanelMessage;
  formMessage?: PanelMessage;
}) {
  const { ui, hosts, form } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  const current = form.eventTypeId;
  const offered = props.eventTypes.some((e) => e.eventTypeId === current);
  return (
    <Layout ui={ui} title={hosts.service.name}>
      <p class="crumbs">
        <a href={links.services}>← {t.service.back}</a>
      </p>
      <PageHeader
        title={hosts.service.name}
        intro={
          hosts.eventType
            ? `${t.service.eventTypeLine(hosts.eventType.title, hosts.eventType.id)} · ${t.common.minutes(hosts.service.durationMinutes)}`
            : t.states[hosts.state]
        }
      />
      <BookabilityNotices
        ui={ui}
        bookability={hosts.bookability}
        bookingProblem={hosts.service.bookingProblem}
      />
      <Live ui={ui}>
        <HostsPanel ui={ui} hosts={hosts} assignable={props.assignable} message={props.message} />
      </Live>
      <section class="panel" aria-labelledby="details-title">
        <div class="panel-head">
          <h2 id="details-title">{t.service.detailsTitle}</h2>
          {!props.active && <Badge tone="muted">{t.common.inactive}</Badge>}
        </div>
        {props.formMessage?.notice && <Notice tone="ok">{props.formMessage.notice}</Notice>}
        {props.formMessage?.error !== undefined && (
          <ErrorNotice
            t={t}
            error={props.formMessage.error}
            labels={{
              name: t.service.name,
              durationMinutes: t.service.durationMinutes,
              priceCents: t.service.price,
              price: t.service.price,
              eventTypeId: t.service.eventType,
            }}
          />
        )}
        <form method="post" action={links.service(hosts.service.id)} class="form-grid">
          <CsrfField token={ui.csrf} />
          <div class="field">
            <label for="svc-name">{t.service.name}</label>
            <input id="svc-name" name="name" required maxlength={200} value={form.name} />
          </div>
          <div class="field">
            <label for="svc-duration">{t.service.durationMinutes}</label>
            <input
              id="svc-duration"
              name="durationMinutes"
              type="number"
              min={5}
              max={1440}
              required
              value={form.durationMinutes}
            />
          </div>
          <div class="field">
            <label for="svc-price">{t.service.price}</label>
            <input
              id="svc-price"
              name="price"
              inputmode="decimal"
              maxlength={12}
              value={form.price}
              aria-describedby="svc-price-help"
            />
            <p id="svc-price-help" class="help">
              {t.service.priceHelp}
            </p>
          </div>
          <div class="field">
            <span class="label">{t.service.status}</span>
            <p>{props.active ? t.service.active : t.service.inactive}</p>
          </div>
          <div class="field field-wide">
            <label for="svc-event-type">{t.service.eventType}</label>
            <select id="svc-event-type" name="eventTypeId" aria-describedby="svc-event-type-help">
              <option value="">{t.service.noEventType}</option>
              {current !== null && !offered && (
                <option value={String(current)} selected>
                  {t.service.removedOption(current)}
                </option>
              )}
              {props.eventTypes.map((e) => (
                <option value={String(e.eventTypeId)} selected={e.eventTypeId === current}>
                  {e.title} · {t.common.minutes(e.lengthInMinutes)} (#{e.eventTypeId})
                </option>
              ))}
            </select>
            <p id="svc-event-type-help" class="help">
              {t.service.eventTypeHelp}
            </p>
          </div>
          <SaveActions t={t}>
            <a class="btn btn-ghost" href={`${links.service(hosts.service.id)}/active`}>
              {props.active ? t.service.deactivate : t.service.reactivate}
            </a>
          </SaveActions>
        </form>
      </section>
    </Layout>
  );
}

/** Deactivating or reactivating asks first, on a page of its own (works without JavaScript). */
export function ServiceActivePage(props: { ui: Ui; service: Service }) {
  const { ui, service } = props;
  const t = ui.t.service;
  const back = paths.company(ui.company!.id).service(service.id);
  const deactivate = service.active;
  const title = deactivate ? t.confirmDeactivate(service.name) : t.confirmReactivate(service.name);
  return (
    <ConfirmPage
      ui={ui}
      title={title}
      back={{ href: back, label: service.name }}
      action={`${back}/active`}
      fields={{ active: deactivate ? "false" : "true" }}
      submit={deactivate ? t.deactivate : t.reactivate}
      danger={deactivate}
    >
      <p>{deactivate ? t.confirmDeactivateText : t.confirmReactivateText}</p>
    </ConfirmPage>
  );
}
