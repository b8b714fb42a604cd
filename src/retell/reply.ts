/*
 * What a Retell function answers: `{ok, message, data}`. The LLM reads the
 * message and speaks its own version of it, so messages are one or two short sentences in the
 * company's language, with nothing a caller should not hear (no codes, ids or field names).
 */

import type { Weekday } from "../domain/datetime/calendar.ts";
import type { BookingRefusal, Locale } from "../domain/entities.ts";

export interface FunctionReply<D extends object = Record<string, unknown>> {
  ok: boolean;
  message: string;
  data: D;
  /**
   * Never sent: marks a reply that cannot help the caller, so the route may offer to connect them
   * to the team (once per reply, in one place, see retell-webhooks.ts).
   */
  cannotHelp?: CannotHelp;
}

/** Why a reply cannot help: a service we do not offer, or the calendar not reachable. */
export type CannotHelp = "unknown_service" | "calendar_unavailable";

/** The reply, marked as one that cannot help the caller. */
export const cannotHelp = <D extends object>(
  reply: FunctionReply<D>,
  why: CannotHelp,
): FunctionReply<D> => ({ ...reply, cannotHelp: why });

export function functionReply<D extends object>(
  ok: boolean,
  message: string,
  data: D,
): FunctionReply<D> {
  return { ok, message, data };
}

/** Arguments the agent may have to ask for again (missing, or not understood). */
export const askFields = [
  "service",
  "date",
  "time",
  "start",
  "new_start",
  "staff",
  "customer_name",
  "customer_phone",
  "customer_email",
  "notes",
  "appointment_id",
] as const;
export type AskField = (typeof askFields)[number];

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
/** "A, B and C" in the company's language. */
export const allOf = (items: readonly string[], locale: Locale) =>
  lists.conjunction[locale].format(items);
/** Spoken times start lower case ("morgen um 9 Uhr"); at the start of a sentence they need a capital. */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Service {
  name: string;
  minutes: number;
}

const englishWeekdays = [
  "Mondays",
  "Tuesdays",
  "Wednesdays",
  "Thursdays",
  "Fridays",
  "Saturdays",
  "Sundays",
];
const germanWeekdays = [
  "Montags",
  "Dienstags",
  "Mittwochs",
  "Donnerstags",
  "Freitags",
  "Samstags",
  "Sonntags",
];

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
  notes: "That note is too long for me. What should the team know, in a sentence or two?",
  appointment_id: "Which appointment is it about? Please tell me the day and time.",
};

const en = {
  unknownNumber: () =>
    "This number is not assigned to any business. Please check the number you dialled.",
  unknownService: ({ offered }: { offered: readonly string[] }) =>
    offered.length > 0
      ? `We don't offer that. You can choose ${anyOf(offered, "en")}.`
      : "We don't offer that, and I can't book any service by phone at the moment.",
  /** The service exists, but its Cal.com event type cannot be booked by phone. */
  notBookableByPhone: ({ offered }: { offered: readonly string[] }) =>
    offered.length > 0
      ? `I'm sorry, I can't book that appointment by phone; please book it online. By phone I can book ${anyOf(offered, "en")}.`
      : "I'm sorry, I can't book that appointment by phone; please book it online.",
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
  /** The caller named a service differently: which one the times are for. */
  serviceNamed: ({ service }: { service: string }) => `For that we have "${service}".`,
  /** The times are the named staff member's own (Cal.com was asked for theirs only). */
  staffChecked: ({ staff }: { staff: string }) => `I've checked ${staff}'s calendar.`,
  /** The times are the team's: who takes the appointment is Cal.com's choice. */
  staffNotPromised: ({ staff }: { staff: string }) =>
    `I can't promise it will be ${staff}, but I'll note your wish.`,
  /** The name fits several staff members who do the service. */
  staffAmbiguous: ({ names }: { names: readonly string[] }) =>
    `We have more than one of that name. Do you mean ${anyOf(names, "en")}?`,
  /** Nothing on the asked weekday this week nor the next: the business is closed that day. */
  closedOn: ({ weekday, alternatives }: { weekday: Weekday; alternatives: readonly string[] }) =>
    `We're closed on ${englishWeekdays[weekday - 1]}. ${
      alternatives.length > 0
        ? `I could offer ${anyOf(alternatives, "en")}.`
        : "Would another day suit you?"
    }`,
  booked: ({ when, staffName }: { when: string; staffName: string | null }) =>
    staffName ? `You're booked for ${when} with ${staffName}.` : `You're booked for ${when}.`,
  /** A request the business still confirms (an event type that requires confirmation). */
  bookedPending: ({ when }: { when: string }) =>
    `I've requested ${when} for you; the appointment is fixed once the team confirms it.`,
  /** Cal.com's answer was lost: looked up in the background, the same request again tells. */
  bookingChecking: () =>
    "I'm still checking whether the appointment went in; the calendar hasn't answered yet. I'll look again in a moment.",
  /** A new booking waits for an earlier one of the call whose answer is not in yet. */
  earlierBookingChecking: () =>
    "I'm still checking whether your earlier appointment went in. I'll look again in a moment before booking another.",
  /** Cal.com refused for a reason other than the time (never answered with other times). */
  bookingRefused: ({ refusal, field }: Refused) => englishRefusal(refusal, field),
  /** A cancellation or move whose answer was lost. */
  changeUnconfirmed: () =>
    "The calendar hasn't confirmed the change yet. Please check again in a few minutes.",
  appointmentsFound: ({ appointments }: { appointments: readonly Appointment[] }) =>
    `I found ${allOf(
      appointments.map((a) => `${a.service} ${a.when}`),
      "en",
    )}.`,
  /** The caller's number has no upcoming appointment at all. */
  nothingFound: () => "I found no appointment for your number.",
  cancelled: ({ when }: { when: string }) => `Your appointment ${when} is cancelled.`,
  rescheduled: ({ when }: { when: string }) => `Done, your appointment is now ${when}.`,
  /** The moved appointment went to another staff member than before. */
  rescheduledOtherStaff: ({
    when,
    staff,
    previousStaff,
  }: {
    when: string;
    staff: string;
    previousStaff: string;
  }) => `Your appointment is now ${when}, with ${staff} instead of ${previousStaff}.`,
  /** A name that is often a stand-in ("Max Mustermann"): said again, it is taken. */
  confirmName: () => "Is that really your name? If so, please say it once more.",
  /** Added to a reply that cannot help, when the business has a number to transfer to. */
  transferOffer: () => "I can also connect you to our team, if you like.",
  notYourAppointment: () =>
    "I can only change appointments booked with the number you are calling from, under the name you gave.",
  calendarUnavailable: () =>
    "Our booking calendar is not reachable right now. Please try again in a few minutes.",
};

/** Why a booking was refused, as the caller is told (no codes). */
export interface Refused {
  refusal: BookingRefusal | "refused";
  /** For `invalid_contact`: the detail Cal.com refused, if it said. */
  field?: "customer_phone" | "customer_email" | null;
}

function englishRefusal(refusal: Refused["refusal"], field: Refused["field"]): string {
  switch (refusal) {
    case "required_booking_field":
      return "I'm sorry, this appointment needs details I can't take by phone. Please book it online.";
    case "invalid_contact":
      return field === "customer_email"
        ? "The calendar didn't accept that email address. Could you spell it for me?"
        : field === "customer_phone"
          ? "The calendar didn't accept that phone number. Could you tell me it again?"
          : "The calendar didn't accept that phone number or email address. Could you give it to me again?";
    case "booking_limit":
      return "I'm sorry, no more bookings are possible for that period. Please ask the team directly.";
    case "not_bookable":
      return "I'm sorry, I can't book this service by phone. Please book it online.";
    default:
      return "I'm sorry, the calendar didn't accept this booking. Please try again later.";
  }
}

function germanRefusal(refusal: Refused["refusal"], field: Refused["field"]): string {
  switch (refusal) {
    case "required_booking_field":
      return "Für diesen Termin braucht das Team Angaben, die ich am Telefon nicht aufnehmen kann. Bitte buchen Sie ihn online.";
    case "invalid_contact":
      return field === "customer_email"
        ? "Der Kalender hat die E-Mail-Adresse nicht angenommen. Können Sie sie bitte buchstabieren?"
        : field === "customer_phone"
          ? "Der Kalender hat die Telefonnummer nicht angenommen. Können Sie sie mir noch einmal nennen?"
          : "Der Kalender hat Telefonnummer oder E-Mail-Adresse nicht angenommen. Können Sie sie noch einmal nennen?";
    case "booking_limit":
      return "Für diesen Zeitraum sind leider keine weiteren Buchungen möglich. Bitte fragen Sie direkt bei uns nach.";
    case "not_bookable":
      return "Diese Leistung kann ich am Telefon leider nicht buchen. Bitte buchen Sie sie online.";
    default:
      return "Der Kalender hat diese Buchung leider nicht angenommen. Bitte versuchen Sie es später noch einmal.";
  }
}

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
  notes: "Die Notiz ist mir zu lang. Was soll das Team wissen, in ein, zwei Sätzen?",
  appointment_id: "Um welchen Termin geht es? Nennen Sie mir bitte Tag und Uhrzeit.",
};

const de: MessageCatalog = {
  unknownNumber: () =>
    "Diese Nummer ist keinem Unternehmen zugeordnet. Bitte prüfen Sie die gewählte Nummer.",
  unknownService: ({ offered }) =>
    offered.length > 0
      ? `Diese Leistung bieten wir leider nicht an. Zur Auswahl stehen ${anyOf(offered, "de")}.`
      : "Diese Leistung bieten wir nicht an, und telefonisch kann ich gerade nichts buchen.",
  notBookableByPhone: ({ offered }) =>
    offered.length > 0
      ? `Diesen Termin kann ich am Telefon leider nicht buchen, bitte buchen Sie ihn online. Telefonisch geht ${anyOf(offered, "de")}.`
      : "Diesen Termin kann ich am Telefon leider nicht buchen, bitte buchen Sie ihn online.",
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
  serviceNamed: ({ service }) => `Dafür haben wir „${service}“.`,
  staffChecked: ({ staff }) => `Ich habe im Kalender von ${staff} nachgesehen.`,
  staffNotPromised: ({ staff }) =>
    `Dass ${staff} den Termin übernimmt, kann ich leider nicht versprechen, Ihren Wunsch notiere ich aber.`,
  staffAmbiguous: ({ names }) =>
    `Bei uns gibt es mehrere mit diesem Namen. Meinen Sie ${anyOf(names, "de")}?`,
  closedOn: ({ weekday, alternatives }) =>
    `${germanWeekdays[weekday - 1]} haben wir geschlossen. ${
      alternatives.length > 0
        ? `Ich hätte ${anyOf(alternatives, "de")}.`
        : "Möchten Sie einen anderen Tag?"
    }`,
  booked: ({ when, staffName }) =>
    staffName
      ? `Ihr Termin ist gebucht: ${when} bei ${staffName}.`
      : `Ihr Termin ist gebucht: ${when}.`,
  bookedPending: ({ when }) =>
    `Ich habe ${when} für Sie angefragt; der Termin ist fest, sobald das Team ihn bestätigt.`,
  bookingChecking: () =>
    "Ich prüfe noch, ob der Termin eingetragen ist, der Kalender hat noch nicht geantwortet. Ich sehe gleich noch einmal nach.",
  earlierBookingChecking: () =>
    "Ich prüfe noch, ob Ihr vorheriger Termin eingetragen ist. Bevor ich einen weiteren buche, sehe ich gleich nach.",
  bookingRefused: ({ refusal, field }) => germanRefusal(refusal, field),
  changeUnconfirmed: () =>
    "Der Kalender hat die Änderung noch nicht bestätigt. Bitte fragen Sie in ein paar Minuten noch einmal nach.",
  appointmentsFound: ({ appointments }) =>
    `Ich habe folgende Termine gefunden: ${allOf(
      appointments.map((a) => `${a.service} ${a.when}`),
      "de",
    )}.`,
  nothingFound: () => "Unter Ihrer Nummer habe ich keinen Termin gefunden.",
  cancelled: ({ when }) => `Ihr Termin ${when} ist storniert.`,
  rescheduled: ({ when }) => `Erledigt, Ihr Termin ist jetzt ${when}.`,
  rescheduledOtherStaff: ({ when, staff, previousStaff }) =>
    `Ihr Termin ist jetzt ${when}, bei ${staff} statt bei ${previousStaff}.`,
  confirmName: () => "Heißen Sie wirklich so? Dann nennen Sie mir den Namen bitte noch einmal.",
  transferOffer: () => "Gern verbinde ich Sie auch mit unserem Team.",
  notYourAppointment: () =>
    "Diesen Termin kann ich nur für die Telefonnummer und den Namen ändern, mit denen er gebucht wurde.",
  calendarUnavailable: () =>
    "Unser Buchungskalender ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal.",
};

export const messages: Record<Locale, MessageCatalog> = { de, en };
