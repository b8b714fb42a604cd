import { z } from "zod";
import { parseCsv } from "./csv.ts";
import type { Staff } from "./entities.ts";
import type { InputIssue } from "./errors.ts";
import { toE164 } from "./phone.ts";
import { decodeText, type TextEncoding } from "./text-encoding.ts";

export interface StaffRow {
  /** Where the row came from, for messages: "line 3" or "$[2]". */
  where: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export type StaffParseResult = { ok: true; rows: StaffRow[] } | { ok: false; issues: InputIssue[] };

/** Header spellings accepted for each column (English and German exports). */
const headerAliases: Record<string, keyof Omit<StaffRow, "where">> = {
  name: "name",
  "full name": "name",
  mitarbeiter: "name",
  email: "email",
  "e-mail": "email",
  mail: "email",
  phone: "phone",
  telefon: "phone",
  tel: "phone",
  mobile: "phone",
  handy: "phone",
  active: "active",
  aktiv: "active",
};

const truthy = new Set(["true", "1", "yes", "y", "ja", "j", "x", "aktiv", "active"]);
const falsy = new Set(["false", "0", "no", "n", "nein", "inaktiv", "inactive"]);

const emailSchema = z.email();

interface RawRow {
  where: string;
  values: StaffValues;
}

/** Parses and validates every row; returns all problems at once so an operator fixes the file in one go. */
export function parseStaffFile(
  text: string,
  format: "csv" | "json",
  country: string,
): StaffParseResult {
  const { rows, issues } = parseStaffRows(text, format, country);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rows };
}

/** A staff file as the CLI and the console hand it over: decoded text, or the file's bytes. */
export type StaffFile = { format: "csv" | "json" } & ({ text: string } | { bytes: Uint8Array });

export interface StaffFileRead {
  /** Null when the bytes are in no encoding we read. */
  text: string | null;
  encoding: TextEncoding | null;
  /** The rows without problems, in file order. */
  rows: StaffRow[];
  issues: InputIssue[];
}

/** Decodes (UTF-8 or Windows-1252, see text-encoding.ts) and parses a staff file. */
export function readStaffFile(file: StaffFile, country: string): StaffFileRead {
  let text: string;
  let encoding: TextEncoding | null = null;
  if ("bytes" in file) {
    const decoded = decodeText(file.bytes);
    if (!decoded.ok) {
      const where = decoded.line === undefined ? "file" : `line ${decoded.line}`;
      return {
        text: null,
        encoding: null,
        rows: [],
        issues: [
          {
            where,
            message: decoded.message,
            code: "encoding",
            params: { problem: decoded.problem, byte: decoded.byte ?? "" },
          },
        ],
      };
    }
    text = decoded.text;
    encoding = decoded.encoding;
  } else {
    text = file.text;
  }
  return { text, encoding, ...parseStaffRows(text, file.format, country) };
}

export type StaffChange = "new" | "changed" | "unchanged";

export interface PlannedStaffRow {
  row: StaffRow;
  change: StaffChange;
  /** The staff member the row updates (null for a new one). */
  current: Staff | null;
}

/**
 * What each row does to the company's staff: it updates the existing staff member with the same
 * email, or, for rows without email, the one with the same name; everything else is created.
 */
export function planStaffImport(existing: readonly Staff[], rows: readonly StaffRow[]) {
  const byEmail = new Map(existing.filter((s) => s.email).map((s) => [s.email, s]));
  const byName = new Map(existing.filter((s) => !s.email).map((s) => [s.name.toLowerCase(), s]));
  const claimed = new Set<string>();
  return rows.map((row): PlannedStaffRow => {
    const match =
      (row.email ? byEmail.get(row.email) : undefined) ?? byName.get(row.name.toLowerCase());
    if (!match || claimed.has(match.id)) return { row, change: "new", current: null };
    claimed.add(match.id);
    const same =
      match.name === row.name &&
      match.email === row.email &&
      match.phone === row.phone &&
      match.active === row.active;
    return { row, change: same ? "unchanged" : "changed", current: match };
  });
}

/** Every row without problems and every problem, in file order. */
function parseStaffRows(
  text: string,
  format: "csv" | "json",
  country: string,
): { rows: StaffRow[]; issues: InputIssue[] } {
  const raw = format === "csv" ? readCsv(text) : readJson(text);
  const issues: InputIssue[] = [...raw.issues];
  const rows: StaffRow[] = [];
  const seenEmails = new Map<string, string>();

  for (const { where, values } of raw.rows) {
    const checked = checkStaffValues(where, values, country);
    const rowIssues = checked.issues;
    const email = checked.row?.email ?? null;
    if (email !== null) {
      const first = seenEmails.get(email);
      if (first) {
        rowIssues.push({
          where,
          field: "email",
          message: `${email} is already used on ${first}`,
          code: "email_repeated",
          params: { where: first },
        });
      } else {
        seenEmails.set(email, where);
      }
    }
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else if (checked.row) rows.push(checked.row);
  }

  if (raw.rows.length === 0 && issues.length === 0)
    issues.push({ where: "file", message: "contains no staff rows", code: "no_rows" });
  return { rows, issues: inFileOrder(issues) };
}

export type StaffValues = Partial<Record<keyof Omit<StaffRow, "where">, unknown>>;

/**
 * One staff member's fields, normalised (email lower-cased, phone E.164 in the company's country)
 * or refused field by field: the rules of a file row and of the console's form alike.
 */
export function checkStaffValues(
  where: string,
  values: StaffValues,
  country: string,
): { row: StaffRow | null; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const name = str(values.name);
  if (values.name !== undefined && typeof values.name !== "string") {
    issues.push({
      where,
      field: "name",
      message: "must be text",
      code: "invalid_type",
      params: { expected: "string" },
    });
  } else if (!name) {
    issues.push({ where, field: "name", message: "is required", code: "required" });
  } else if (name.length > 200) {
    issues.push({
      where,
      field: "name",
      message: "is longer than 200 characters",
      code: "too_big",
      params: { origin: "string", maximum: 200 },
    });
  }

  let email: string | null = str(values.email)?.toLowerCase() ?? null;
  if (email !== null && (email.length > 254 || !emailSchema.safeParse(email).success)) {
    issues.push({
      where,
      field: "email",
      message: `"${email.slice(0, 254)}" is not an email address`,
      code: "invalid_format",
      params: { format: "email" },
    });
    email = null;
  }

  let phone: string | null = null;
  const rawPhone = str(values.phone);
  if (rawPhone !== null) {
    const parsed = rawPhone.length > 40 ? null : toE164(rawPhone, country);
    if (parsed?.ok) phone = parsed.e164;
    else
      issues.push({
        where,
        field: "phone",
        message: parsed?.message ?? "is not a phone number",
        code: "not_phone",
        params: { country },
      });
  }

  let active = true;
  if (typeof values.active === "boolean") {
    active = values.active;
  } else {
    const rawActive = str(values.active)?.toLowerCase();
    if (rawActive !== undefined && rawActive !== null) {
      if (truthy.has(rawActive)) active = true;
      else if (falsy.has(rawActive)) active = false;
      else {
        issues.push({
          where,
          field: "active",
          message: `"${rawActive.slice(0, 40)}" is not a yes/no value (use true/false, ja/nein, 1/0)`,
          code: "not_yes_no",
        });
      }
    }
  }
  return issues.length > 0 || !name
    ? { row: null, issues }
    : { row: { where, name, email, phone, active }, issues };
}

/** Issues sorted by the line or index they name, so a report reads top to bottom. */
function inFileOrder(issues: InputIssue[]): InputIssue[] {
  const position = (i: InputIssue) => Number(/\d+/.exec(i.where)?.[0] ?? 0);
  return [...issues].sort((a, b) => position(a) - position(b));
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim().replace(/\s+/g, " ");
  return t === "" ? null : t;
}

interface RawFile {
  rows: RawRow[];
  issues: InputIssue[];
}

function readCsv(text: string): RawFile {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (e) {
    return { rows: [], issues: [{ where: "file", message: (e as Error).message }] };
  }
  const [header, ...body] = records;
  if (!header)
    return { rows: [], issues: [{ where: "file", message: "is empty", code: "empty_file" }] };

  const columns: (keyof RawRow["values"] | null)[] = [];
  const issues: InputIssue[] = [];
  for (const cell of header.fields) {
    const key = headerAliases[cell.trim().toLowerCase()];
    if (!key && cell.trim() !== "") {
      issues.push({
        where: `line ${header.line}`,
        field: cell.trim(),
        message: "unknown column (expected name, email, phone, active)",
        code: "unknown_column",
        params: { column: cell.trim() },
      });
    }
    columns.push(key ?? null);
  }
  if (!columns.includes("name")) {
    issues.push({
      where: `line ${header.line}`,
      message: "the header has no name column",
      code: "no_name_column",
    });
  }
  if (issues.length > 0) return { rows: [], issues };

  const rows = body.map((record) => {
    const where = `line ${record.line}`;
    if (record.fields.length > columns.length) {
      issues.push({
        where,
        message: `has ${record.fields.length} fields, the header has ${columns.length}`,
        code: "field_count",
        params: { fields: record.fields.length, expected: columns.length },
      });
    }
    const values: RawRow["values"] = {};
    columns.forEach((key, i) => {
      if (key) values[key] = record.fields[i] ?? "";
    });
    return { where, values };
  });
  return { rows, issues };
}

function readJson(text: string): RawFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      rows: [],
      issues: [{ where: "$", message: `is not valid JSON: ${(e as Error).message}` }],
    };
  }
  const list = Array.isArray(data)
    ? { items: data, path: "$" }
    : data && typeof data === "object" && Array.isArray((data as { staff?: unknown }).staff)
      ? { items: (data as { staff: unknown[] }).staff, path: "$.staff" }
      : null;
  if (!list) {
    return {
      rows: [],
      issues: [{ where: "$", message: 'must be an array of staff or {"staff": [...]}' }],
    };
  }
  const issues: InputIssue[] = [];
  const rows: RawRow[] = [];
  list.items.forEach((item, i) => {
    const where = `${list.path}[${i}]`;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      issues.push({ where, message: "must be an object" });
      return;
    }
    const values: RawRow["values"] = {};
    for (const [k, v] of Object.entries(item)) {
      const key = headerAliases[k.toLowerCase()];
      if (key) values[key] = v;
      else if (k !== "id")
        issues.push({
          where,
          field: k,
          message: "unknown field (expected name, email, phone, active)",
        });
    }
    rows.push({ where, values });
  });
  return { rows, issues };
}
