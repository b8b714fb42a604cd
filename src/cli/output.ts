import { AppError, formatIssues } from "../domain/errors.ts";
import type { CliIo } from "./io.ts";

/** What a command produced: a JSON document for --json, text for people. */
export interface CommandResult {
  json: unknown;
  text: string;
  /** 1 when the command ran but part of its work failed (e.g. one company's sync). */
  exitCode?: number;
}

export function printResult(io: CliIo, json: boolean, result: CommandResult): void {
  if (json) io.stdout(`${JSON.stringify(result.json, null, 2)}\n`);
  else if (result.text) io.stdout(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
}

/** Prints an error; returns the exit code (2 for input the caller must change, 1 otherwise). */
export function printError(io: CliIo, json: boolean, error: unknown): number {
  const known = error instanceof AppError;
  const code = known ? error.code : "internal";
  const message = known
    ? error.message
    : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  const issues = known ? error.issues : [];
  if (json) {
    io.stdout(`${JSON.stringify({ ok: false, error: { code, message, issues } }, null, 2)}\n`);
  }
  io.stderr(`error: ${message}\n${issues.length > 0 ? `${formatIssues(issues)}\n` : ""}`);
  return code === "invalid_input" ? 2 : 1;
}

/** A plain text table: one row per line, columns padded. */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? "—" : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
