import type { Staff } from "../../domain/entities.ts";
import type { StaffMember } from "../../features/staff/list-staff-members.ts";
import { Badge, CsrfField, ListTable, Notice, PageHeader } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { ConfirmPage } from "./confirm.tsx";

/** Links of the staff pages (kept here: only these pages and their routes use them). */
export function staffPaths(companyId: string) {
  const base = paths.company(companyId).staff;
  const one = (staffId: string) => `${base}/${encodeURIComponent(staffId)}`;
  return {
    list: base,
    add: `${base}/new`,
    preview: `${base}/import/preview`,
    apply: `${base}/import`,
    edit: one,
    active: (staffId: string) => `${one(staffId)}/active`,
  };
}

/** What a staff form shows: the values typed, and which fields were refused. */
export interface StaffFormState {
  values: { name: string; email: string; phone: string; active: boolean };
  /** Field name → the message beside it, in the user's language. */
  errors: Partial<Record<"name" | "email" | "phone" | "active", string>>;
}

export const staffFormOf = (s: Staff): StaffFormState => ({
  values: { name: s.name, email: s.email ?? "", phone: s.phone ?? "", active: s.active },
  errors: {},
});

export function StaffListPage(props: { ui: Ui; members: StaffMember[]; notice?: string }) {
  const { ui } = props;
  const t = ui.t.staff;
  const links = staffPaths(ui.company!.id);
  return (
    <Layout ui={ui} title={t.title}>
      <PageHeader title={t.title} intro={t.intro}>
        <a class="btn btn-primary" href={links.add}>
          {t.add}
        </a>
      </PageHeader>
      {props.notice && <Notice tone="ok">{props.notice}</Notice>}
      <ListTable
        id="staff-list"
        count={props.members.length}
        empty={t.empty}
        headers={[t.name, t.email, t.phone, t.host, t.status, t.actions]}
      >
        {props.members.map(({ staff: s, hosts }) => (
          <tr>
            <td data-label={t.name}>
              <a class="strong" href={links.edit(s.id)}>
                {s.name}
              </a>
            </td>
            <td data-label={t.email}>{s.email ?? ui.t.common.none}</td>
            <td data-label={t.phone}>{s.phone ?? ui.t.common.none}</td>
            <td data-label={t.host}>
              {hosts.length === 0 ? (
                <span class="muted">{t.notMapped}</span>
              ) : (
                hosts.map((h) => `${h.name ?? ""} #${h.calcomUserId}`).join(", ")
              )}
            </td>
            <td data-label={t.status}>
              <Badge tone={s.active ? "ok" : "muted"}>
                {s.active ? t.activeBadge : t.inactiveBadge}
              </Badge>
            </td>
            <td data-label={t.actions} class="row-actions">
              <a class="btn btn-small" href={links.edit(s.id)}>
                {t.edit}
              </a>{" "}
              <a class="btn btn-small btn-ghost" href={links.active(s.id)}>
                {s.active ? t.deactivate : t.reactivate}
              </a>
            </td>
          </tr>
        ))}
      </ListTable>
      <UploadPanel ui={ui} />
    </Layout>
  );
}

export function UploadPanel(props: { ui: Ui; error?: string }) {
  const { ui } = props;
  const t = ui.t.staff;
  return (
    <section class="panel staff-upload" id="staff-upload" aria-labelledby="staff-upload-title">
      <h2 id="staff-upload-title">{t.upload}</h2>
      <p class="help">{t.uploadHelp}</p>
      {props.error && <Notice tone="danger">{props.error}</Notice>}
      <form
        method="post"
        action={staffPaths(ui.company!.id).preview}
        enctype="multipart/form-data"
        class="form-grid"
      >
        <CsrfField token={ui.csrf} />
        <div class="field field-wide">
          <label for="staff-file">{t.file}</label>
          <input id="staff-file" name="file" type="file" accept=".csv,.json,text/csv" required />
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">
            {t.preview}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The add and the edit form: the same fields; add also asks whether the person is active. */
export function StaffFormPage(props: {
  ui: Ui;
  /** Null: a new staff member. */
  staff: Staff | null;
  form: StaffFormState;
  notice?: string;
  /** A refusal that belongs to no one field. */
  error?: string;
}) {
  const { ui, staff, form } = props;
  const t = ui.t.staff;
  const links = staffPaths(ui.company!.id);
  const title = staff ? staff.name : t.addTitle;
  const invalid = (field: keyof StaffFormState["errors"]) =>
    form.errors[field]
      ? { "aria-invalid": "true", "aria-describedby": `staff-${field}-error` }
      : {};
  const FieldError = (p: { field: keyof StaffFormState["errors"] }) =>
    form.errors[p.field] ? (
      <p id={`staff-${p.field}-error`} class="help error-detail">
        {form.errors[p.field]}
      </p>
    ) : null;
  const messages = Object.values(form.errors);
  return (
    <Layout ui={ui} title={title}>
      <p class="crumbs">
        <a href={links.list}>← {t.back}</a>
      </p>
      <PageHeader title={title} />
      {props.notice && <Notice tone="ok">{props.notice}</Notice>}
      {(messages.length > 0 || props.error) && (
        <Notice tone="danger">
          <strong>{ui.t.common.errorInvalid}</strong>
          <ul>
            {props.error && <li>{props.error}</li>}
            {messages.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </Notice>
      )}
      <section class="panel">
        <form method="post" action={staff ? links.edit(staff.id) : links.add} class="form-grid">
          <CsrfField token={ui.csrf} />
          <div class="field">
            <label for="staff-name">{t.name}</label>
            <input
              id="staff-name"
              name="name"
              required
              maxlength={200}
              value={form.values.name}
              {...invalid("name")}
            />
            <FieldError field="name" />
          </div>
          <div class="field">
            <label for="staff-email">{t.email}</label>
            <input
              id="staff-email"
              name="email"
              type="email"
              maxlength={254}
              value={form.values.email}
              {...invalid("email")}
            />
            <FieldError field="email" />
          </div>
          <div class="field">
            <label for="staff-phone">{t.phone}</label>
            <input
              id="staff-phone"
              name="phone"
              type="tel"
              maxlength={40}
              value={form.values.phone}
              aria-describedby={form.errors.phone ? "staff-phone-error" : "staff-phone-help"}
              aria-invalid={form.errors.phone ? "true" : undefined}
            />
            <p id="staff-phone-help" class="help">
              {t.phoneHelp}
            </p>
            <FieldError field="phone" />
          </div>
          {!staff && (
            <div class="field">
              <span class="label">{t.status}</span>
              <label>
                <input type="checkbox" name="active" value="true" checked={form.values.active} />{" "}
                {t.active}
              </label>
            </div>
          )}
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              {staff ? ui.t.common.save : t.add}
            </button>
            <a class="btn btn-ghost" href={links.list}>
              {t.cancel}
            </a>
            {staff && (
              <a class="btn btn-ghost" href={links.active(staff.id)}>
                {staff.active ? t.deactivate : t.reactivate}
              </a>
            )}
          </div>
        </form>
      </section>
    </Layout>
  );
}

/** Deactivating or reactivating asks first, on a page of its own (works without JavaScript). */
export function StaffActivePage(props: { ui: Ui; staff: Staff }) {
  const { ui, staff } = props;
  const t = ui.t.staff;
  const links = staffPaths(ui.company!.id);
  const deactivate = staff.active;
  const title = deactivate ? t.confirmDeactivate(staff.name) : t.confirmReactivate(staff.name);
  return (
    <ConfirmPage
      ui={ui}
      title={title}
      back={{ href: links.list, label: t.back }}
      action={links.active(staff.id)}
      fields={{ active: deactivate ? "false" : "true" }}
      submit={deactivate ? t.deactivate : t.reactivate}
      danger={deactivate}
    >
      <p>{deactivate ? t.confirmDeactivateText : t.confirmReactivateText}</p>
    </ConfirmPage>
  );
}
