import { describeToday } from "../domain/datetime/index.ts";
import type { Locale } from "./reply.ts";

/*
 * The answer to Retell's `call_inbound` webhook (reference/retell.md §3): dynamic variables the
 * agent's prompt uses as {{company_name}}, {{today}}, … Passing today's date, and the days
 * after it, spelled out keeps the LLM from inventing dates (lessons §12).
 */

export interface InboundVars {
  companyName: string;
  /** The caller's name when the number belongs to a known customer. */
  customerName?: string | null;
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
  };
  // Left out when unknown, so the agent's own default for {{customer_name}} applies.
  const customerName = vars.customerName?.trim();
  if (customerName) dynamic_variables.customer_name = customerName;
  return { call_inbound: { dynamic_variables } };
}
