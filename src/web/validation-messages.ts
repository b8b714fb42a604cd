import type { InputIssue } from "../domain/errors.ts";
import type { Catalog } from "./i18n/index.ts";

/** A form's field names (as the use-case reports them) → the labels the form shows. */
export type FieldLabels = Readonly<Record<string, string>>;

/** "line 3" → "Zeile 3", "file" → "Datei"; anything else (a JSON path) as it is. */
export function whereText(t: Catalog, where: string): string {
  const line = /^line (\d+)$/.exec(where);
  if (line) return t.staff.lineN(Number(line[1]));
  return where === "file" ? t.staff.wholeFile : where;
}

const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));
const str = (v: unknown) => (v === undefined ? "" : String(v));

/** What is wrong with one field, in the catalog's language; null when the issue has no code. */
export function issueText(t: Catalog, issue: InputIssue, field: string): string | null {
  const v = t.validation;
  const p = issue.params ?? {};
  switch (issue.code) {
    case undefined:
      return null;
    case "required":
      return v.required;
    case "invalid_type":
      return v.invalidType(str(p.expected));
    case "too_small":
      return p.inclusive === false
        ? v.above(num(p.minimum))
        : v.tooSmall(str(p.origin), num(p.minimum));
    case "too_big":
      return p.inclusive === false
        ? v.below(num(p.maximum))
        : v.tooBig(str(p.origin), num(p.maximum));
    case "invalid_format":
      return p.format === "regex" ? (v.pattern[field] ?? v.format("")) : v.format(str(p.format));
    case "invalid_value":
      return v.invalidValue(str(p.values));
    case "not_timezone":
      return v.notTimezone;
    case "not_phone":
      return v.notPhone(str(p.country));
    case "not_yes_no":
      return v.notYesNo;
    case "not_page_cursor":
      return v.notPageCursor;
    case "url_not_allowed":
      return v.urlNotAllowed;
    case "outbound_url":
      return v.outboundUrl(str(p.reason), str(p.host));
    case "above_auto_threshold":
      return v.aboveAutoThreshold(num(p.maximum));
    case "email_repeated":
      return v.emailRepeated(whereText(t, str(p.where)));
    case "email_taken":
      return v.emailTaken;
    case "unknown_company":
      return v.unknownCompany;
    case "unknown_column":
      return v.unknownColumn(str(p.column));
    case "no_name_column":
      return v.noNameColumn;
    case "field_count":
      return v.fieldCount(num(p.fields), num(p.expected));
    case "encoding":
      return v.encoding(str(p.problem), str(p.byte));
    case "no_rows":
      return v.noRows;
    case "empty_file":
      return v.emptyFile;
    case "self_disable":
      return v.selfDisable;
    case "user_disabled":
      return v.userDisabled;
  }
}

/** The field an issue is about: a file row's column, else the last name in its path. */
const fieldOf = (issue: InputIssue) =>
  issue.field ?? /([A-Za-z_$][\w$]*)(?:\[\d+\])*$/.exec(issue.where)?.[1] ?? issue.where;

/**
 * One issue as a sentence: "Vorschlagsschwelle: höchstens 50". An issue without a code keeps
 * the use-case's English words as `detail`, shown beside the sentence.
 */
export function issueSentence(
  t: Catalog,
  issue: InputIssue,
  labels: FieldLabels = {},
): { text: string; detail: string | null } {
  const field = fieldOf(issue);
  const label = labels[field] ?? labels[issue.where] ?? whereText(t, issue.where);
  const text = issueText(t, issue, field);
  return {
    text: t.validation.sentence(label, text ?? t.validation.other),
    detail: text === null ? issue.message : null,
  };
}

/** Every issue as a sentence, each field's first problem only once. */
export function issueSentences(
  t: Catalog,
  issues: readonly InputIssue[],
  labels: FieldLabels = {},
) {
  const seen = new Set<string>();
  return issues
    .map((issue) => issueSentence(t, issue, labels))
    .filter((s) => !seen.has(s.text) && seen.add(s.text));
}

/** Per field, its first sentence: for the error line under an input. */
export function fieldErrors(
  t: Catalog,
  issues: readonly InputIssue[],
  labels: FieldLabels = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOf(issue);
    out[field] ??= issueSentence(t, issue, labels).text;
  }
  return out;
}
