import { speakableSlot, speakableSlotsByDay, withZoneOffset } from "../domain/datetime/index.ts";
import type { Company, Locale } from "../domain/entities.ts";
import type { Ask } from "../features/voice/context.ts";
import {
  type AskField,
  askFields,
  type FunctionReply,
  functionReply,
  type MessageCatalog,
  messages,
} from "../retell/reply.ts";

/** What a function's `run` speaks with: its own lines and the shared ones, for this call. */
export interface Speaking<M> {
  /** The function's own lines in the company's language. */
  own: M;
  /** The shared catalogue (asking again, the calendar unreachable, unknown services…). */
  shared: MessageCatalog;
  /** A slot as the caller hears it: "morgen um 14 Uhr". */
  when(iso: string): string;
  /**
   * Slots offered together, one phrase per day ("morgen um 9, halb 10 oder 10 Uhr"): what every
   * reply listing times passes as its alternatives.
   */
  slotsByDay(slots: readonly string[]): string[];
  /** A UTC instant with the company's offset, as the agent passes it back. */
  zoned(iso: string): string;
  /** Slots as data for the agent: the start to pass back and the label to say. */
  slotData(slots: readonly string[]): { start: string; label: string }[];
  /** The reply for an argument the caller must give again. */
  askAgain(a: Ask): FunctionReply;
}

export function speaking<M>(company: Company, now: Date, own: Record<Locale, M>): Speaking<M> {
  const m = messages[company.locale];
  const spoken = { timeZone: company.timezone, locale: company.locale, now };
  const when = (iso: string) => speakableSlot(iso, spoken);
  const zoned = (iso: string) => withZoneOffset(iso, company.timezone);
  return {
    own: own[company.locale],
    shared: m,
    when,
    slotsByDay: (slots) => speakableSlotsByDay(slots, spoken),
    zoned,
    slotData: (slots) => slots.map((start) => ({ start: zoned(start), label: when(start) })),
    askAgain: (a) =>
      a.reason === "past"
        ? functionReply(false, m.datePast(), { missing: askField(a.field) })
        : a.reason === "weekday_mismatch"
          ? functionReply(false, m.weekdayMismatch(), { missing: askField(a.field) })
          : askFor(m, a.field),
  };
}

/** The reply asking for one argument again (missing, too long, not understood). */
export const askFor = (m: MessageCatalog, field: string): FunctionReply =>
  functionReply(false, m.askAgain({ field: askField(field) }), { missing: askField(field) });

const known = new Set<string>(askFields);
/** Anything that is not one of the asked-for arguments is about which appointment. */
const askField = (field: string): AskField =>
  known.has(field) ? (field as AskField) : "appointment_id";

/** Lines of the shared catalogue a function speaks as its own, in every language. */
export function fromCatalog<K extends keyof MessageCatalog>(
  ...keys: K[]
): Record<Locale, Pick<MessageCatalog, K>> {
  const pick = (locale: Locale) =>
    Object.fromEntries(keys.map((k) => [k, messages[locale][k]])) as Pick<MessageCatalog, K>;
  return { de: pick("de"), en: pick("en") };
}
