import type { InputIssue } from "../../domain/errors.ts";
import type { StaffImportPreview } from "../../features/staff/preview-staff-import.ts";
import { Badge, CsrfField, ListTable, Notice, PageHeader, type Tone } from "../components.tsx";
import type { Ui } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import { issueText, whereText } from "../validation-messages.ts";
import { staffPaths, UploadPanel } from "./staff.tsx";

const changeTone: Record<"new" | "changed" | "unchanged", Tone> = {
  new: "info",
  changed: "warn",
  unchanged: "muted",
};

function IssueList(props: { t: Catalog; issues: InputIssue[] }) {
  const { t } = props;
  return (
    <ul id="staff-issues">
      {props.issues.map((i) => (
        <li>
          <strong>{whereText(t, i.where)}</strong>
          {i.field && t.staff.fields[i.field] && ` · ${t.staff.fields[i.field]}`}:{" "}
          {issueText(t, i, i.field ?? "") ?? <span lang="en">{i.message}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * What an upload would change, and the Import button. The form carries the decoded file
 * (base64url: no line-break normalisation or escaping can alter it) and its SHA-256; the import
 * re-reads and re-checks it, and refuses any other file.
 */
export function StaffImportPage(props: {
  ui: Ui;
  fileName: string;
  preview: StaffImportPreview;
  /** Why the import was refused (a conflict, another file). */
  error?: string;
}) {
  const { ui, preview } = props;
  const t = ui.t.staff;
  const links = staffPaths(ui.company!.id);
  const count = (c: "new" | "changed" | "unchanged") =>
    preview.rows.filter((r) => r.change === c).length;
  const importable = preview.issues.length === 0 && preview.text !== null && preview.sha256;
  return (
    <Layout ui={ui} title={t.previewTitle}>
      <p class="crumbs">
        <a href={links.list}>← {t.back}</a>
      </p>
      <PageHeader title={t.previewTitle} intro={t.previewIntro(props.fileName)} />
      {props.error && <Notice tone="danger">{props.error}</Notice>}
      {preview.issues.length > 0 && (
        <Notice tone="danger">
          <strong>{t.problems(preview.issues.length)}</strong>
          <IssueList t={ui.t} issues={preview.issues} />
        </Notice>
      )}
      <section class="panel" aria-labelledby="staff-preview-title">
        <h2 id="staff-preview-title">
          {t.summary(count("new"), count("changed"), count("unchanged"))}
        </h2>
        {preview.encoding && (
          <p class="help">
            {t.encoding}: {t.encodings[preview.encoding]}
          </p>
        )}
        <ListTable
          id="staff-preview"
          count={preview.rows.length}
          empty={t.noRows}
          headers={[t.line, t.name, t.email, t.phone, t.active, t.change]}
        >
          {preview.rows.map(({ row, change }) => (
            <tr>
              <td data-label={t.line}>{row.where.replace(/^line /, "")}</td>
              <td data-label={t.name}>{row.name}</td>
              <td data-label={t.email}>{row.email ?? ui.t.common.none}</td>
              <td data-label={t.phone}>{row.phone ?? ui.t.common.none}</td>
              <td data-label={t.active}>{row.active ? t.activeBadge : t.inactiveBadge}</td>
              <td data-label={t.change}>
                <Badge tone={changeTone[change]}>{t.changes[change]}</Badge>
              </td>
            </tr>
          ))}
        </ListTable>
        {importable && (
          <form method="post" action={links.apply} class="form-actions">
            <CsrfField token={ui.csrf} />
            <input type="hidden" name="format" value={preview.format} />
            <input
              type="hidden"
              name="file"
              value={Buffer.from(preview.text ?? "", "utf8").toString("base64url")}
            />
            <input type="hidden" name="sha256" value={preview.sha256 ?? ""} />
            <input type="hidden" name="fileName" value={props.fileName} />
            <button type="submit" class="btn btn-primary">
              {t.import}
            </button>
            <a class="btn btn-ghost" href={links.list}>
              {t.cancel}
            </a>
          </form>
        )}
      </section>
      <UploadPanel ui={ui} />
    </Layout>
  );
}
