import type { Child } from "hono/jsx";
import type { CalcomFailure } from "../domain/calcom-failure.ts";
import { AppError } from "../domain/errors.ts";
import type { Catalog } from "./i18n/index.ts";
import type { FormData } from "./security.ts";
import { type FieldLabels, issueSentences } from "./validation-messages.ts";

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

/**
 * A matching reason as a sentence in the user's language; the stored English explanation (which
 * names the people and addresses compared) stays a detail on hover, or the text for an unknown code.
 */
export function MatchReason(props: {
  t: Catalog;
  code: string | null | undefined;
  explanation: string | null | undefined;
}) {
  const sentence = props.code ? props.t.matchReasons[props.code] : undefined;
  if (!sentence) return <>{props.explanation ?? props.t.common.none}</>;
  return <span title={props.explanation ?? undefined}>{sentence}</span>;
}

/**
 * A failed Cal.com call said in the user's language, Cal.com's own words folded away beneath;
 * without a known kind, those words alone.
 */
export function CalcomProblem(props: {
  t: Catalog;
  kind: CalcomFailure | null;
  message: string | null;
}) {
  const { t, kind, message } = props;
  if (!kind) return <>{message ?? t.common.none}</>;
  return (
    <>
      {t.calcomErrors[kind]}
      {message && (
        <details class="calcom-detail">
          <summary>{t.calcomErrors.detail}</summary>
          <code lang="en">{message}</code>
        </details>
      )}
    </>
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

/**
 * A use-case's refusal in the user's language: each refused field as a sentence with the form's
 * label (`labels`). The use-case's English words remain only as a detail, for what has no code.
 */
export function ErrorNotice(props: { t: Catalog; error: unknown; labels?: FieldLabels }) {
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
  if (error.issues.length === 0)
    return (
      <Notice tone="danger">
        <strong>{head}</strong> <span lang="en">{error.message}</span>
      </Notice>
    );
  // A refusal whose details have no code yet keeps the use-case's words beside the head.
  const uncoded = error.issues.some((i) => i.code === undefined);
  return (
    <Notice tone="danger">
      <strong>{head}</strong>
      {uncoded && <span lang="en"> {error.message}</span>}
      <ul class="issues">
        {issueSentences(t, error.issues, props.labels).map((s) => (
          <li>
            {s.text}
            {s.detail && (
              <span class="muted" lang="en">
                {" "}
                ({s.detail})
              </span>
            )}
          </li>
        ))}
      </ul>
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

/** The field a confirmation form adds: a POST without it changes nothing and asks first. */
const confirmField = "confirm";
export const isConfirmed = (form: FormData) => form.get(confirmField) === "yes";

/**
 * A destructive (or reversing) action's question and the one form that does it, on a page of its
 * own (`pages/confirm.tsx`), so it works without JavaScript.
 */
export function ConfirmAction(props: {
  t: Catalog;
  csrf: string;
  /** What happens, said before the buttons. */
  children: Child;
  action: string;
  /** Further hidden fields the action needs (which number, which state). */
  fields?: Record<string, string>;
  submit: string;
  danger: boolean;
  cancelHref: string;
}) {
  return (
    <section class="panel">
      {props.children}
      <form method="post" action={props.action} class="form-actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name={confirmField} value="yes" />
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class={props.danger ? "btn btn-danger" : "btn btn-primary"}>
          {props.submit}
        </button>
        <a class="btn btn-ghost" href={props.cancelHref}>
          {props.t.common.cancel}
        </a>
      </form>
    </section>
  );
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
/** A value to paste elsewhere (a webhook URL): its label, the value and a copy button. */
export function CopyField(props: { t: Catalog; id: string; label: string; value: string }) {
  return (
    <div class="field field-wide">
      <span class="label">{props.label}</span>
      <div class="copy-row">
        <code id={props.id} class="copy-value">
          {props.value}
        </code>
        <CopyButton target={props.id} t={props.t} />
      </div>
    </div>
  );
}

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

/** Every IANA zone the runtime knows, grouped by region for the picker. */
const timezoneGroups = (() => {
  const groups = new Map<string, string[]>();
  for (const zone of Intl.supportedValuesOf("timeZone")) {
    const region = zone.split("/")[0]!;
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups];
})();

/** A time-zone picker's options; a stored zone the runtime does not list stays selectable. */
export function TimezoneOptions(props: { selected: string }) {
  const known = timezoneGroups.some(([, zones]) => zones.includes(props.selected));
  return (
    <>
      {!known && props.selected && (
        <option value={props.selected} selected>
          {props.selected}
        </option>
      )}
      {timezoneGroups.map(([region, zones]) => (
        <optgroup label={region}>
          {zones.map((z) => (
            <option value={z} selected={z === props.selected}>
              {z}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
