import { describeToday } from "../domain/datetime/index.ts";
import type { Locale } from "../domain/entities.ts";

/*
 * The answer to Retell's `call_inbound` webhook: dynamic variables the
 * agent's prompt uses as {{company_name}}, {{today}}, … Passing today's date, and the days
 * after it, spelled out keeps the LLM from inventing dates.
 */

export interface InboundVars {
  companyName: string;
  /** The caller's name when the number belongs to a known customer. */
  customerName?: string | null;
  /** Who did the known caller's latest appointment with staff, and which service it was. */
  lastStaffName?: string | null;
  lastService?: string | null;
  /** Whether the business has a number the agent may transfer the call to. */
  transferAvailable: boolean;
  now: Date;
  timeZone: string;
  locale: Locale;
}

export interface InboundReply {
  call_inbound: { dynamic_variables: Record<string, string> };
}

export function inboundReply(vars: InboundVars): InboundReply {
  const today = describeToday({ now: vars.now, timeZone: vars.timeZone, locale: vars.locale });
  // Retell takes string values only.
  const dynamic_variables: Record<string, string> = {
    company_name: vars.companyName,
    today: today.spoken,
    today_iso: today.date,
    weekday: today.weekday,
    current_time: today.time,
    tomorrow: today.tomorrow,
    day_after_tomorrow: today.dayAfterTomorrow,
    time_zone: vars.timeZone,
    transfer_available: vars.transferAvailable ? "true" : "false",
  };
  // Left out when unknown, so the agent's own defaults for them apply.
  const known = {
    customer_name: nameAsData(vars.customerName),
    last_staff_name: nameAsData(vars.lastStaffName),
    last_service: nameAsData(vars.lastService),
  };
  for (const [name, value] of Object.entries(known)) if (value) dynamic_variables[name] = value;
  return { call_inbound: { dynamic_variables } };
}

/** Longest stored name handed to the agent, in characters. */
export const nameLimit = 60;

/**
 * Control and format characters (newlines, zero-width and direction marks), line separators,
 * and everything that reads as a quote or could close one, a template or a markup tag.
 */
const unsafe = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"'`´‘’‚‛“”„‟‹›«»＂＇〝〞〟\\{}<>]/gu;

/**
 * A stored name (callers gave it, so anyone can have typed anything; staff and service names the
 * same) as the agent should see it:
 * a quoted value, not words of its prompt. Whatever could end the quote or start a new line is
 * removed, spaces are collapsed, and it is cut to `nameLimit` characters, so "Ignore previous
 * instructions …" stays an inert string in quotes. Null when nothing is left.
 */
export function nameAsData(name: string | null | undefined): string | null {
  const cleaned = (name ?? "").replace(unsafe, " ").replace(/\s+/g, " ").trim();
  if (!cleaned) return null;
  const capped = [...cleaned].slice(0, nameLimit).join("").trim();
  return `"${capped}"`;
}
