/*
 * What a Retell function answers: `{ok, message, data}` (DESIGN §3). The LLM reads the
 * message and speaks its own version of it, so messages are one or two short sentences in the
 * company's language, with nothing a caller should not hear (no codes, ids or field names).
 */

export interface FunctionReply<D extends object = Record<string, unknown>> {
  ok: boolean;
  message: string;
  data: D;
}

export function functionReply<D extends object>(
  ok: boolean,
  message: string,
  data: D,
): FunctionReply<D> {
  return { ok, message, data };
}

export type Locale = "de" | "en";

/** Arguments the agent may have to ask for again (missing, or not understood). */
export type AskField =
  | "service"
  | "date"
  | "time"
  | "start"
  | "new_start"
  | "staff"
  | "customer_name"
  | "customer_phone"
  | "customer_email"
  | "appointment_id";

const listLocale: Record<Locale, string> = { de: "de", en: "en-GB" };
// Intl formatters are costly to build; one per language and kind serves every reply.
const lists = {
  disjunction: {
    de: new Intl.ListFormat(listLocale.de, { type: "disjunction" }),
    en: new Intl.ListFormat(listLocale.en, { type: "disjunction" }),
  },
  conjunction: {
    de: new Intl.ListFormat(listLocale.de, { type: "conjunction" }),
    en: new Intl.ListFormat(listLocale.en, { type: "conjunction" }),
  },
};
const anyOf = (items: readonly string[], locale: Locale) => lists.disjunction[locale].format(items);
const allOf = (items: readonly string[], locale: Locale) => lists.conjunction[locale].format(items);
/** Spoken times start lower case ("morgen um 9 Uhr"); at the start of a sentence they need a capital. */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Service {
  name: string;
  minutes: number;
}

interface Appointment {
  service: string;
  /** Spoken, e.g. from speakableSlot: "morgen um 14 Uhr". */
  when: string;
}

const englishAsk: Record<AskField, string> = {
  service: "Which service would you like to book?",
  date: "Which day would you like to come in?",
  time: "What time would suit you?",
  start: "Which day and time shall I book for you?",
  new_start: "Which day and time shall I move the appointment to?",
  staff: "I don't know that name in our team. Who would you like to see?",
  customer_name: "May I have your full name, please?",
  customer_phone: "Which phone number can we reach you on?",
  customer_email: "I didn't catch the email address. Could you spell it for me?",
  appointment_id: "Which appointment is it about? Please tell me the day and time.",
};

const en = {
  unknownNumber: () =>
    "This number is not assigned to any business. Please check the number you dialled.",
  unknownService: ({ offered }: { offered: readonly string[] }) =>
    offered.length > 0
      ? `We don't offer that. You can choose ${anyOf(offered, "en")}.`
      : "We don't offer that, and I can't book any service by phone at the moment.",
  servicesOffered: ({ services }: { services: readonly Service[] }) =>
    services.length > 0
      ? `We offer ${allOf(
          services.map((s) => `${s.name} (${s.minutes} minutes)`),
          "en",
        )}.`
      : "I can't book any service by phone at the moment.",
  askAgain: ({ field }: { field: AskField }) => englishAsk[field],
  staffNotOffering: ({ staff, offeredBy }: { staff: string; offeredBy: readonly string[] }) =>
    offeredBy.length > 0
      ? `${staff} doesn't offer that. It is done by ${anyOf(offeredBy, "en")}.`
      : `${staff} doesn't offer that.`,
  datePast: () => "That time has already passed. When would you like to come in?",
  weekdayMismatch: () => "The date and the weekday don't match. Which day do you mean?",
  slotAvailable: ({ when }: { when: string }) =>
    `${capital(when)} is free. Shall I book it for you?`,
  noSlot: ({ alternatives }: { alternatives: readonly string[] }) =>
    alternatives.length > 0
      ? `That time is not free. I could offer ${anyOf(alternatives, "en")}.`
      : "That time is not free, and I found nothing close to it. Would another day suit you?",
  booked: ({ when, staffName }: { when: string; staffName: string | null }) =>
    staffName ? `You're booked for ${when} with ${staffName}.` : `You're booked for ${when}.`,
  bookingFailed: () => "I could not book that, shall I try another time?",
  appointmentsFound: ({ appointments }: { appointments: readonly Appointment[] }) =>
    `I found ${allOf(
      appointments.map((a) => `${a.service} ${a.when}`),
      "en",
    )}.`,
  nothingFound: () =>
    "I could not find an upcoming appointment for the number you are calling from.",
  cancelled: ({ when }: { when: string }) => `Your appointment ${when} is cancelled.`,
  rescheduled: ({ when }: { when: string }) => `Done, your appointment is now ${when}.`,
  notYourAppointment: () =>
    "I can only change appointments booked with the number you are calling from.",
  calendarUnavailable: () =>
    "Our booking calendar is not reachable right now. Please try again in a few minutes.",
};

/** Every message in every language: a catalog missing one does not compile. */
export type MessageCatalog = typeof en;

const germanAsk: Record<AskField, string> = {
  service: "Welche Leistung möchten Sie buchen?",
  date: "Für welchen Tag möchten Sie den Termin?",
  time: "Um welche Uhrzeit passt es Ihnen?",
  start: "Für welchen Tag und welche Uhrzeit soll ich den Termin eintragen?",
  new_start: "Auf welchen Tag und welche Uhrzeit soll ich den Termin verschieben?",
  staff: "Diesen Namen kenne ich in unserem Team nicht. Bei wem möchten Sie den Termin?",
  customer_name: "Darf ich bitte Ihren vollständigen Namen haben?",
  customer_phone: "Unter welcher Telefonnummer erreichen wir Sie?",
  customer_email:
    "Die E-Mail-Adresse habe ich nicht richtig verstanden. Können Sie sie bitte buchstabieren?",
  appointment_id: "Um welchen Termin geht es? Nennen Sie mir bitte Tag und Uhrzeit.",
};

const de: MessageCatalog = {
  unknownNumber: () =>
    "Diese Nummer ist keinem Unternehmen zugeordnet. Bitte prüfen Sie die gewählte Nummer.",
  unknownService: ({ offered }) =>
    offered.length > 0
      ? `Diese Leistung bieten wir leider nicht an. Zur Auswahl stehen ${anyOf(offered, "de")}.`
      : "Diese Leistung bieten wir nicht an, und telefonisch kann ich gerade nichts buchen.",
  servicesOffered: ({ services }) =>
    services.length > 0
      ? `Wir bieten ${allOf(
          services.map((s) => `${s.name} (${s.minutes} Minuten)`),
          "de",
        )} an.`
      : "Telefonisch kann ich gerade leider keine Leistung buchen.",
  askAgain: ({ field }) => germanAsk[field],
  staffNotOffering: ({ staff, offeredBy }) =>
    offeredBy.length > 0
      ? `Das macht ${staff} leider nicht. Dafür sind ${allOf(offeredBy, "de")} da.`
      : `Das macht ${staff} leider nicht.`,
  datePast: () => "Dieser Zeitpunkt ist schon vorbei. Wann möchten Sie kommen?",
  weekdayMismatch: () => "Datum und Wochentag passen nicht zusammen. Welchen Tag meinen Sie?",
  slotAvailable: ({ when }) => `${capital(when)} ist frei. Soll ich den Termin für Sie buchen?`,
  noSlot: ({ alternatives }) =>
    alternatives.length > 0
      ? `Zu dieser Zeit ist leider nichts frei. Ich hätte ${anyOf(alternatives, "de")}.`
      : "Zu dieser Zeit ist leider nichts frei, und in der Nähe auch nicht. Möchten Sie einen anderen Tag?",
  booked: ({ when, staffName }) =>
    staffName
      ? `Ihr Termin ist gebucht: ${when} bei ${staffName}.`
      : `Ihr Termin ist gebucht: ${when}.`,
  bookingFailed: () => "Das konnte ich leider nicht buchen. Soll ich eine andere Zeit versuchen?",
  appointmentsFound: ({ appointments }) =>
    `Ich habe folgende Termine gefunden: ${allOf(
      appointments.map((a) => `${a.service} ${a.when}`),
      "de",
    )}.`,
  nothingFound: () => "Unter Ihrer Nummer habe ich keinen anstehenden Termin gefunden.",
  cancelled: ({ when }) => `Ihr Termin ${when} ist storniert.`,
  rescheduled: ({ when }) => `Erledigt, Ihr Termin ist jetzt ${when}.`,
  notYourAppointment: () =>
    "Diesen Termin kann ich nur für die Telefonnummer ändern, mit der er gebucht wurde.",
  calendarUnavailable: () =>
    "Unser Buchungskalender ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal.",
};

export const messages: Record<Locale, MessageCatalog> = { de, en };
