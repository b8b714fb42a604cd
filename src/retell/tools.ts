import type { Locale } from "../domain/entities.ts";
import type { RetellFunctionName } from "./payloads.ts";

/*
 * The Retell custom tools for the voice functions (the published tool contract), as
 * `frontdesk retell-tools` prints them to paste into an agent. Descriptions are English (the
 * LLM's working language); examples and filler lines follow the company's language.
 */

interface JsonSchemaProperty {
  type: "string";
  description: string;
}

export interface RetellCustomTool {
  type: "custom";
  name: RetellFunctionName;
  description: string;
  url: string;
  method: "POST";
  parameters: {
    type: "object";
    properties: Record<string, JsonSchemaProperty>;
    required: string[];
  };
  speak_during_execution: boolean;
  speak_after_execution: boolean;
  execution_message_description?: string;
  /** `prompt`: the description tells the LLM what to say (in the company's language). */
  execution_message_type?: "prompt";
  timeout_ms: number;
  max_retry: number;
}

/*
 * Retell waits 120 s by default and retries a failed request up to twice unless told otherwise;
 * a caller waits a few seconds at most. The timeouts sit above the longest our functions take
 * with a slow Cal.com (slots up to ~3 s, a booking up to ~5 s): reads answer within about 7 s
 * (one slots read of ≤ 6 s), writes within about 17 s (waiting ≤ 4 s for an earlier booking of
 * the call, Cal.com's write ≤ 10 s, then what follows). A write's answer lost on the way
 * therefore reaches the agent as our own "checking" reply, not as Retell's timeout.
 * Reads get one retry: they change nothing. book_appointment gets one as well: it is idempotent
 * by (call, service, start), so a retry returns the first request's booking (or "checking"),
 * never a second one. Cancel and reschedule get none: a repeat would no longer find the caller's
 * appointment and say so, which is confusing, not helpful.
 */
const read = { timeout_ms: 10_000, max_retry: 1, speak_during_execution: false };
const book = { timeout_ms: 20_000, max_retry: 1, speak_during_execution: true };
const change = { timeout_ms: 20_000, max_retry: 0, speak_during_execution: true };

const examples: Record<Locale, { date: string; time: string; start: string }> = {
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

const fillers: Record<Locale, Record<"book" | "cancel" | "reschedule", string>> = {
  de: {
    book: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt eintragen und das einen Moment dauern kann.",
    cancel: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt stornieren.",
    reschedule: "Sagen Sie kurz auf Deutsch, dass Sie den Termin jetzt verschieben.",
  },
  en: {
    book: "Briefly say that you are booking the appointment now and that it may take a moment.",
    cancel: "Briefly say that you are cancelling the appointment now.",
    reschedule: "Briefly say that you are moving the appointment now.",
  },
};

const text = (description: string): JsonSchemaProperty => ({ type: "string", description });

export function retellTools(options: { publicUrl: string; locale: Locale }): RetellCustomTool[] {
  const url = `${options.publicUrl.replace(/\/+$/, "")}/webhooks/retell/functions`;
  const ex = examples[options.locale];
  const filler = fillers[options.locale];
  const slotStart = text(
    `The appointment start: exactly a slot "start" returned by check_availability (ISO 8601 with offset), or the caller's words such as ${ex.start}.`,
  );
  const appointment = {
    appointment_id: text("The appointment_id from find_appointments, when known."),
    start: text(
      "The start of the appointment as find_appointments returned it, when there is no appointment_id.",
    ),
    customer_name: text(
      'The full name the appointment was booked under. Always ask the caller for it ("Under which name was the appointment booked?"); never take it from find_appointments, the caller ID or an earlier booking, and never guess. If the reply says the appointment cannot be changed, do not suggest other names.',
    ),
  };
  const tool = (
    name: RetellFunctionName,
    description: string,
    properties: Record<string, JsonSchemaProperty>,
    required: string[],
    mode: typeof read | typeof book | typeof change,
    executionMessage?: string,
  ): RetellCustomTool => ({
    type: "custom",
    name,
    description,
    url,
    method: "POST",
    parameters: { type: "object", properties, required },
    speak_after_execution: true,
    ...mode,
    ...(executionMessage
      ? { execution_message_description: executionMessage, execution_message_type: "prompt" }
      : {}),
  });

  return [
    tool(
      "list_services",
      "Lists the services the business offers, with their duration. Use it when the caller asks what is offered or names a service you do not know.",
      {},
      [],
      read,
    ),
    tool(
      "check_availability",
      "Checks whether a service is free at a day and time, and returns up to 3 nearest free slots with a spoken label. Always call it before book_appointment. Pass the caller's own words for the day and time when unsure; never invent a date.",
      {
        service: text("The service as the caller named it, or as list_services returned it."),
        date: text(`The day: ${ex.date}.`),
        time: text(`The time of day, if the caller gave one: ${ex.time}.`),
        staff: text("The name of the staff member the caller asked for, if any."),
      },
      ["service", "date"],
      read,
    ),
    tool(
      "book_appointment",
      "Books a service at a free slot, after the caller confirmed the slot and gave their name. The caller's phone number is used unless they give another. The reply's data.status is accepted (booked), pending (a request the business still confirms: say so) or checking (the calendar has not answered yet: tell the caller you are still checking, then call book_appointment again with exactly the same arguments; never book another time instead).",
      {
        service: text("The service, as used in check_availability."),
        start: slotStart,
        customer_name: text(
          "The caller's full name as they said it. Never a placeholder, a date or a staff member's name.",
        ),
        customer_phone: text(
          "A phone number the caller gave, if different from the number they call from.",
        ),
        customer_email: text("The caller's email address, if they gave one."),
        notes: text("Anything the caller wants the business to know."),
      },
      ["service", "start", "customer_name"],
      book,
      filler.book,
    ),
    tool(
      "find_appointments",
      "Finds the caller's upcoming appointments by the number they call from: service and time only. Use it before cancelling or rescheduling.",
      {},
      [],
      read,
    ),
    tool(
      "cancel_appointment",
      "Cancels one of the caller's appointments, after the caller confirmed which one and said the name it was booked under. Give appointment_id or start, and customer_name.",
      appointment,
      ["customer_name"],
      change,
      filler.cancel,
    ),
    tool(
      "reschedule_appointment",
      "Moves one of the caller's appointments to a new free slot, after check_availability found it, the caller confirmed and said the name it was booked under. Give appointment_id or start, new_start and customer_name.",
      { ...appointment, new_start: slotStart },
      ["new_start", "customer_name"],
      change,
      filler.reschedule,
    ),
  ];
}
