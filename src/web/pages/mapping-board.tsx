import { MappingRefusal } from "../../features/mappings/change-one-mapping.ts";
import type {
  MappingReview,
  MappingReviewRow,
} from "../../features/mappings/review-host-mappings.ts";
import { Avatar, Badge, CsrfField, ErrorNotice, Notice, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { Live, liveTrigger } from "./live.tsx";
import { StaffPicker, statusTone } from "./service.tsx";

/** What the board asks an admin to decide: hosts without an active mapping. */
export const onBoard = (row: MappingReviewRow) => row.status !== "active";

/** A refusal in the user's words when the use-case said why, else headed as everywhere. */
export function Refusal(props: { t: Catalog; error: unknown }) {
  const { t, error } = props;
  return error instanceof MappingRefusal ? (
    <Notice tone="danger">{t.board.refused[error.reason]}</Notice>
  ) : (
    <ErrorNotice t={t} error={error} />
  );
}

/**
 * One host to map. Dragging it onto a staff member (console.js) chooses that staff member in the
 * card's own form and submits it, so the mouse and the keyboard post the same thing. The form
 * carries the mapping's version: a change made meanwhile is refused, not overwritten.
 */
export function BoardCard(props: {
  ui: Ui;
  row: MappingReviewRow;
  assignable: MappingReview["assignableStaff"];
  error?: unknown;
}) {
  const { ui, row: r } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  const id = `board-host-${r.calcomUserId}`;
  const hidden = (
    <>
      <CsrfField token={ui.csrf} />
      <input type="hidden" name="view" value="board" />
      <input type="hidden" name="version" value={r.version ?? ""} />
    </>
  );
  const post = (verb: "set" | "accept") => ({
    method: "post" as const,
    action: links.mappingAction(r.calcomUserId, verb),
    "hx-post": links.mappingAction(r.calcomUserId, verb),
    "hx-target": `#${id}`,
    "hx-swap": "outerHTML",
  });
  const suggested = r.status === "suggested" && r.staff ? r.staff : null;
  const mappable = onBoard(r) && props.assignable.length > 0;
  return (
    <li
      id={id}
      class={`board-card status-${r.status}`}
      draggable={mappable ? "true" : undefined}
      data-drag-host={mappable ? String(r.calcomUserId) : undefined}
      aria-describedby={mappable ? "board-drag-hint" : undefined}
    >
      <div class="who">
        <Avatar url={r.avatarUrl} initials={r.initials} seed={r.calcomUserId} size="sm" />
        <div>
          <strong>{r.name}</strong>
          {r.email && <span class="muted small block">{r.email}</span>}
        </div>
        <Badge tone={statusTone[r.status]}>{t.host.status[r.status]}</Badge>
      </div>
      {suggested && <p class="small">{t.board.suggestion(suggested.name, r.confidence ?? 0)}</p>}
      {r.status === "rejected" && r.staff && (
        <p class="muted small">{t.host.rejectedBefore(r.staff.name)}</p>
      )}
      {r.status === "active" && r.staff && (
        <p class="small">
          {t.host.mappedTo}: <strong>{r.staff.name}</strong>
        </p>
      )}
      <span class="chips">
        {r.services.length === 0 ? (
          <span class="muted small">{t.host.noServices}</span>
        ) : (
          r.services.map((s) => <span class="chip">{s.name}</span>)
        )}
      </span>
      <div aria-live="polite">
        {props.error !== undefined && <Refusal t={t} error={props.error} />}
      </div>
      {onBoard(r) && (
        <div class="actions">
          <form {...post("set")} class="picker" data-board-map>
            {hidden}
            <StaffPicker
              ui={ui}
              id={`board-staff-${r.calcomUserId}`}
              name="staffId"
              label={t.mappings.pickFor(r.name)}
              assignable={props.assignable}
              selected={suggested?.id}
              hideLabel
            />
            <button type="submit" class="btn btn-small btn-primary" disabled={!mappable}>
              {t.host.map}
            </button>
          </form>
          {suggested && (
            <form {...post("accept")} class="inline-form">
              {hidden}
              <button type="submit" class="btn btn-small">
                {t.host.accept}
              </button>
            </form>
          )}
        </div>
      )}
    </li>
  );
}

/** Active staff: the free ones take a dropped host; the others say whom they stand for. */
export function StaffColumn(props: { ui: Ui; review: MappingReview; oob?: boolean }) {
  const { ui, review } = props;
  const { t } = ui;
  const held = review.rows
    .filter((r) => r.status === "active" && r.staff?.active)
    .map((r) => ({ id: r.staff!.id, name: r.staff!.name, email: null, host: r.name }));
  const staff = [
    ...review.assignableStaff.map((s) => ({ id: s.id, name: s.name, email: s.email, host: null })),
    ...held,
  ].sort((a, b) => a.name.localeCompare(b.name, ui.locale));
  return (
    <section
      id="board-staff"
      class="board-column"
      aria-labelledby="board-staff-title"
      hx-swap-oob={props.oob ? "true" : undefined}
    >
      <h2 id="board-staff-title">{t.board.staff}</h2>
      {staff.length === 0 ? (
        <p class="empty">{t.board.noStaff}</p>
      ) : (
        <ul class="board-list">
          {staff.map((s) => (
            <li
              class={`board-staff${s.host ? " held" : ""}`}
              id={`board-staff-member-${s.id}`}
              data-drop-staff={s.host ? undefined : s.id}
            >
              <strong>{s.name}</strong>
              {s.email && <span class="muted small block">{s.email}</span>}
              <span class="muted small block">
                {s.host ? t.board.holds(s.host) : `${t.board.free} · ${t.board.dropHint}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The two columns; the part that fetches itself again when the company's mappings change. */
export function Board(props: {
  ui: Ui;
  review: MappingReview;
  notice?: string;
  /** A refused change, shown on its host's card. */
  refused?: { calcomUserId: number; error: unknown };
}) {
  const { ui, review } = props;
  const { t } = ui;
  // A refused card stays in place even when the refusal was that someone else mapped it.
  const hosts = review.rows.filter(
    (r) => onBoard(r) || r.calcomUserId === props.refused?.calcomUserId,
  );
  return (
    <div
      id="board"
      class="board"
      hx-get={paths.company(ui.company!.id).boardCards}
      hx-trigger={liveTrigger("mappings")}
      hx-swap="outerHTML"
    >
      <div id="board-notice" class="board-notice" aria-live="polite">
        {props.notice && <Notice tone="ok">{props.notice}</Notice>}
      </div>
      <section class="board-column" aria-labelledby="board-hosts-title">
        <h2 id="board-hosts-title">{t.board.hosts}</h2>
        <p id="board-drag-hint" class="muted small">
          {t.board.dragHint}
        </p>
        {hosts.length === 0 ? (
          <p class="empty">{review.counts.all === 0 ? t.mappings.noHosts : t.board.noHosts}</p>
        ) : (
          <ul class="board-list">
            {hosts.map((row) => (
              <BoardCard
                ui={ui}
                row={row}
                assignable={review.assignableStaff}
                error={
                  props.refused?.calcomUserId === row.calcomUserId ? props.refused.error : undefined
                }
              />
            ))}
          </ul>
        )}
      </section>
      <StaffColumn ui={ui} review={review} />
    </div>
  );
}

export function MappingBoardPage(props: {
  ui: Ui;
  review: MappingReview;
  notice?: string;
  refused?: { calcomUserId: number; error: unknown };
}) {
  const { ui } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.board.title}>
      <p class="crumbs">
        <a href={links.mappings}>← {t.mappings.title}</a>
      </p>
      <PageHeader title={t.board.title} intro={t.board.intro} />
      <Live ui={ui}>
        <Board ui={ui} review={props.review} notice={props.notice} refused={props.refused} />
      </Live>
    </Layout>
  );
}
