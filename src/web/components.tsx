import type { Child } from "hono/jsx";
import { AppError } from "../domain/errors.ts";
import type { Catalog } from "./i18n/index.ts";

export type Tone = "ok" | "warn" | "danger" | "info" | "muted";

export function Badge(props: { tone: Tone; children: Child; title?: string }) {
  return (
    <span class={`badge badge-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

/** Cal.com's avatar, else initials on a colour picked from the id (stable per person). */
export function Avatar(props: { url: string | null; initials: string; seed: number; size?: "sm" }) {
  const cls = `avatar${props.size === "sm" ? " avatar-sm" : ""}`;
  return props.url ? (
    <img class={cls} src={props.url} alt="" loading="lazy" referrerpolicy="no-referrer" />
  ) : (
    <span class={`${cls} hue-${Math.abs(props.seed) % 8}`} aria-hidden="true">
      {props.initials}
    </span>
  );
}

export function Tile(props: { label: string; value: number; tone?: Tone; id?: string }) {
  return (
    <div class={`tile${props.tone ? ` tile-${props.tone}` : ""}`} id={props.id}>
      <span class="tile-value">{props.value}</span>
      <span class="tile-label">{props.label}</span>
    </div>
  );
}

export function Notice(props: { tone: Tone; children: Child; id?: string }) {
  const urgent = props.tone === "danger" || props.tone === "warn";
  return (
    <div class={`notice notice-${props.tone}`} role={urgent ? "alert" : "status"} id={props.id}>
      {props.children}
    </div>
  );
}

/** A use-case's refusal, headed in the user's language; the detail comes from the use-case. */
export function ErrorNotice(props: { t: Catalog; error: unknown }) {
  const { t, error } = props;
  if (!(error instanceof AppError)) return <Notice tone="danger">{t.common.errorOther}</Notice>;
  const head =
    error.code === "conflict"
      ? t.common.errorConflict
      : error.code === "invalid_input"
        ? t.common.errorInvalid
        : error.code === "not_found"
          ? t.common.errorNotFound
          : t.common.errorTitle;
  return (
    <Notice tone="danger">
      <strong>{head}</strong> {error.message}
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((i) => (
            <li>
              <code>{i.where}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/**
 * A list page's table, or its empty message. On a phone the rows stack; each cell carries its
 * column name in `data-label`.
 */
export function ListTable(props: {
  count: number;
  empty: string;
  headers: string[];
  id?: string;
  children: Child;
}) {
  if (props.count === 0) return <p class="empty">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table class="table stack" id={props.id}>
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A filter form's "Filter" button and the link back to the unfiltered list. */
export function FilterButtons(props: { t: Catalog; resetHref: string }) {
  return (
    <div class="field field-buttons">
      <button type="submit" class="btn">
        {props.t.common.filter}
      </button>
      <a class="btn btn-ghost" href={props.resetHref}>
        {props.t.common.reset}
      </a>
    </div>
  );
}

/** The primary "Save" of a form, with any further buttons after it. */
export function SaveActions(props: { t: Catalog; children?: Child }) {
  return (
    <div class="form-actions">
      <button type="submit" class="btn btn-primary">
        {props.t.common.save}
      </button>
      {props.children}
    </div>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function PageHeader(props: { title: string; intro?: string; children?: Child }) {
  return (
    <div class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.intro && <p class="lead">{props.intro}</p>}
      </div>
      {props.children && <div class="page-actions">{props.children}</div>}
    </div>
  );
}

/** A button that copies the text of another element (console.js). */
export function CopyButton(props: { target: string; t: Catalog }) {
  return (
    <button
      type="button"
      class="btn btn-small"
      data-copy={props.target}
      data-copied={props.t.common.copied}
    >
      {props.t.common.copy}
    </button>
  );
}
