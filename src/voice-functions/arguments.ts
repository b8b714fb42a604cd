import { z } from "zod";
import { isEmailAddress } from "../domain/email.ts";
import type { Locale } from "../domain/entities.ts";

/*
 * Building blocks of the functions' arguments. Arguments come from an LLM and are read leniently:
 * numbers for strings, "" or "null" for nothing, extra keys dropped. Every argument is a string
 * for Retell; its description (the LLM's instructions) travels in the JSON Schema.
 */

/** What LLMs write for "nothing". */
const nothing = new Set(["", "null", "undefined", "none", "n/a"]);

function cleanText(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return nothing.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

/**
 * Longest value each argument may have. An LLM can be talked into passing a whole paragraph; an
 * over-long value is refused like a missing one (the agent asks for that field again), before
 * anything is stored or sent to Cal.com.
 */
export const argLimits = {
  customer_name: 100,
  customer_phone: 40,
  customer_email: 254,
  notes: 500,
  service: 100,
  staff: 100,
  date: 100,
  time: 100,
  start: 100,
  new_start: 100,
  appointment_id: 64,
} as const;

/**
 * Caller's-words examples per company language. A description names one as `{date}`, `{time}`
 * or `{start}`; retell-tools.ts fills it in.
 */
export const examples: Record<Locale, Record<"date" | "time" | "start", string>> = {
  de: {
    date: '"2026-12-01", or the caller\'s words such as "morgen", "nächsten Dienstag", "am 7. Dezember"',
    time: '"14:30" (24 h), or the caller\'s words such as "halb drei", "vormittags"',
    start: '"morgen um 14 Uhr"',
  },
  en: {
    date: '"2026-12-01", or the caller\'s words such as "tomorrow", "next Tuesday", "December 7"',
    time: '"14:30" (24 h), or the caller\'s words such as "half past two", "in the morning"',
    start: '"tomorrow at 2pm"',
  },
};

const textError = (issue: { input?: unknown }) =>
  issue.input === undefined ? "is missing" : "must be text";
const tooLong = "is too long";

type Limited = keyof typeof argLimits;

/** A text argument the tool requires. */
export const requiredText = (limit: Limited, description: string) =>
  z
    .preprocess(cleanText, z.string({ error: textError }).max(argLimits[limit], tooLong))
    .describe(description);

/** A text argument the caller may leave out. */
export const optionalText = (limit: Limited, description: string) =>
  z
    .preprocess(cleanText, z.string({ error: textError }).max(argLimits[limit], tooLong).optional())
    .describe(description);

/** The person a caller asked for, as check_availability and book_appointment both take it. */
export const staffWish = optionalText(
  "staff",
  'The staff member the caller asked for, in the caller\'s words ("bei der Anja", "Tom"), if any. Pass the same to check_availability and book_appointment; never pick one yourself.',
);

export const emailText = (description: string) =>
  optionalText("customer_email", description).refine(
    (v) => v === undefined || isEmailAddress(v),
    "is not an email address",
  );

/** A slot start as book_appointment and reschedule_appointment take it. */
export const slotStart = (limit: "start" | "new_start") =>
  requiredText(
    limit,
    'The appointment start: exactly a slot "start" returned by check_availability (ISO 8601 with offset), or the caller\'s words such as {start}.',
  );

/** Which of the caller's appointments: by id or start, and the name it was booked under. */
export const appointmentRef = {
  appointment_id: optionalText(
    "appointment_id",
    "The appointment_id from find_appointments, when known.",
  ),
  start: optionalText(
    "start",
    "The start of the appointment as find_appointments returned it, when there is no appointment_id.",
  ),
  // Required by the tool; checked by the use-case, which asks for it when it is missing.
  customer_name: optionalText(
    "customer_name",
    'The full name the appointment was booked under. Always ask the caller for it ("Under which name was the appointment booked?"); never take it from find_appointments, the caller ID or an earlier booking, and never guess. If the reply says the appointment cannot be changed, do not suggest other names.',
  ),
};

export const needsAppointment = {
  message: "needs appointment_id or start",
  path: ["appointment_id"],
};
export const namesAppointment = (a: { appointment_id?: string; start?: string }) =>
  a.appointment_id !== undefined || a.start !== undefined;
