import { z } from "zod";
import { parseCsv } from "./csv.ts";
import type { InputIssue } from "./errors.ts";
import { toE164 } from "./phone.ts";

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
  values: Partial<Record<keyof Omit<StaffRow, "where">, unknown>>;
}

/** Parses and validates every row; returns all problems at once so an operator fixes the file in one go. */
export function parseStaffFile(
  text: string,
  format: "csv" | "json",
  country: string,
): StaffParseResult {
  const raw = format === "csv" ? readCsv(text) : readJson(text);
  const issues: InputIssue[] = [...raw.issues];
  const rows: StaffRow[] = [];
  const seenEmails = new Map<string, string>();

  for (const { where, values } of raw.rows) {
    const rowIssues: InputIssue[] = [];
    const name = str(values.name);
    if (values.name !== undefined && typeof values.name !== "string") {
      rowIssues.push({ where, field: "name", message: "must be text" });
    } else if (!name) {
      rowIssues.push({ where, field: "name", message: "is required" });
    } else if (name.length > 200) {
      rowIssues.push({ where, field: "name", message: "is longer than 200 characters" });
    }

    let email: string | null = str(values.email)?.toLowerCase() ?? null;
    if (email !== null && !emailSchema.safeParse(email).success) {
      rowIssues.push({ where, field: "email", message: `"${email}" is not an email address` });
      email = null;
    } else if (email !== null) {
      const first = seenEmails.get(email);
      if (first) {
        rowIssues.push({ where, field: "email", message: `${email} is already used on ${first}` });
      } else {
        seenEmails.set(email, where);
      }
    }

    let phone: string | null = null;
    const rawPhone = str(values.phone);
    if (rawPhone !== null) {
      const parsed = toE164(rawPhone, country);
      if (parsed.ok) phone = parsed.e164;
      else rowIssues.push({ where, field: "phone", message: parsed.message });
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
          rowIssues.push({
            where,
            field: "active",
            message: `"${rawActive}" is not a yes/no value (use true/false, ja/nein, 1/0)`,
          });
        }
      }
    }

    if (rowIssues.length > 0) issues.push(...rowIssues);
    else if (name) rows.push({ where, name, email, phone, active });
  }

  if (raw.rows.length === 0 && issues.length === 0)
    issues.push({ where: "file", message: "contains no staff rows" });
  return issues.length > 0 ? { ok: false, issues: inFileOrder(issues) } : { ok: true, rows };
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
  if (!header) return { rows: [], issues: [{ where: "file", message: "is empty" }] };

  const columns: (keyof RawRow["values"] | null)[] = [];
  const issues: InputIssue[] = [];
  for (const cell of header.fields) {
    const key = headerAliases[cell.trim().toLowerCase()];
    if (!key && cell.trim() !== "") {
      issues.push({
        where: `line ${header.line}`,
        field: cell.trim(),
        message: "unknown column (expected name, email, phone, active)",
      });
    }
    columns.push(key ?? null);
  }
  if (!columns.includes("name")) {
    issues.push({ where: `line ${header.line}`, message: "the header has no name column" });
  }
  if (issues.length > 0) return { rows: [], issues };

  const rows = body.map((record) => {
    const where = `line ${record.line}`;
    if (record.fields.length > columns.length) {
      issues.push({
        where,
        message: `has ${record.fields.length} fields, the header has ${columns.length}`,
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
