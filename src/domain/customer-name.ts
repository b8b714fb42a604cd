import { isTimeExpression } from "./datetime/index.ts";
import { normalizeName } from "./matching/index.ts";

const placeholders = new Set([
  "anonym",
  "anonymous",
  "unbekannt",
  "unknown",
  "kunde",
  "customer",
  "caller",
  "anrufer",
  "n a",
  "na",
  "none",
  "null",
  "undefined",
  "test",
  "name",
  "max mustermann",
  "john doe",
  "jane doe",
  "user",
  "guest",
  "gast",
]);

/**
 * Why a customer name from the voice agent cannot be used, or null when it can. LLMs fill the
 * field with placeholders, a time ("morgen um 14 Uhr") or the staff member's name. `placeholder`:
 * a stand-in name ("Max Mustermann") that someone may really be called, so it is asked about
 * once; `invalid`: never a name (digits, a time, "bei Anna", a staff member's name).
 */
export function unusableCustomerName(
  name: string,
  staffNames: readonly string[],
): "missing" | "placeholder" | "invalid" | null {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (trimmed.length < 2) return "missing";
  const key = trimmed
    .toLowerCase()
    .replace(/[^\p{L} ]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (placeholders.has(key)) return "placeholder";
  if (
    /\d/.test(trimmed) ||
    isTimeExpression(trimmed) ||
    /^(bei|zu|mit|with|for|für)\s/i.test(trimmed)
  ) {
    return "invalid";
  }
  const normalized = normalizeName(trimmed);
  if (staffNames.some((s) => normalizeName(s) === normalized)) return "invalid";
  return null;
}
