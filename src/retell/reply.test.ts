import { describe, expect, it } from "vitest";
import type { Locale } from "../domain/entities.ts";
import { type AskField, functionReply, type MessageCatalog, messages } from "./reply.ts";

const fields: AskField[] = [
  "service",
  "date",
  "time",
  "start",
  "new_start",
  "staff",
  "customer_name",
  "customer_phone",
  "customer_email",
  "appointment_id",
];

/** Every message of a catalog, with sample parameters (empty and filled lists). */
function allMessages(catalog: MessageCatalog): string[] {
  return [
    catalog.unknownNumber(),
    catalog.unknownService({ offered: ["Herrenschnitt", "Färben"] }),
    catalog.unknownService({ offered: [] }),
    catalog.notBookableByPhone({ offered: ["Herrenschnitt", "Färben"] }),
    catalog.notBookableByPhone({ offered: [] }),
    catalog.servicesOffered({ services: [{ name: "Herrenschnitt", minutes: 30 }] }),
    catalog.servicesOffered({ services: [] }),
    ...fields.map((field) => catalog.askAgain({ field })),
    catalog.datePast(),
    catalog.weekdayMismatch(),
    catalog.slotAvailable({ when: "morgen um 9 Uhr" }),
    catalog.noSlot({ alternatives: ["morgen um 9 Uhr", "morgen um 10 Uhr"] }),
    catalog.noSlot({ alternatives: [] }),
    catalog.serviceNamed({ service: "Haarschnitt" }),
    catalog.staffChecked({ staff: "Anna Schmidt" }),
    catalog.staffNotPromised({ staff: "Anna Schmidt" }),
    catalog.staffAmbiguous({ names: ["Anna Schmidt", "Anna Meier"] }),
    catalog.closedOn({ weekday: 1, alternatives: ["morgen um 9 oder 10 Uhr"] }),
    catalog.closedOn({ weekday: 7, alternatives: [] }),
    catalog.booked({ when: "morgen um 9 Uhr", staffName: "Anna Schmidt" }),
    catalog.booked({ when: "morgen um 9 Uhr", staffName: null }),
    catalog.bookedPending({ when: "morgen um 9 Uhr" }),
    catalog.bookingChecking(),
    catalog.earlierBookingChecking(),
    ...(
      [
        "required_booking_field",
        "invalid_contact",
        "booking_limit",
        "not_bookable",
        "refused",
      ] as const
    ).map((refusal) => catalog.bookingRefused({ refusal })),
    catalog.bookingRefused({ refusal: "invalid_contact", field: "customer_phone" }),
    catalog.bookingRefused({ refusal: "invalid_contact", field: "customer_email" }),
    catalog.changeUnconfirmed(),
    catalog.appointmentsFound({
      appointments: [{ service: "Herrenschnitt", when: "morgen um 9 Uhr" }],
    }),
    catalog.nothingFound(),
    catalog.cancelled({ when: "morgen um 9 Uhr" }),
    catalog.rescheduled({ when: "morgen um 9 Uhr" }),
    catalog.rescheduledOtherStaff({
      when: "morgen um 9 Uhr",
      staff: "Jörg",
      previousStaff: "Anna",
    }),
    catalog.confirmName(),
    catalog.transferOffer(),
    catalog.notYourAppointment(),
    catalog.calendarUnavailable(),
  ];
}

describe("functionReply", () => {
  it("has the shape every voice function answers with", () => {
    expect(functionReply(true, "Gebucht.", { booked: true, appointment_id: "a1" })).toEqual({
      ok: true,
      message: "Gebucht.",
      data: { booked: true, appointment_id: "a1" },
    });
    expect(JSON.parse(JSON.stringify(functionReply(false, "Nein.", {})))).toEqual({
      ok: false,
      message: "Nein.",
      data: {},
    });
  });
});

describe.each(["de", "en"] as Locale[])("messages.%s", (locale) => {
  const catalog = messages[locale];

  it("has the same keys as the English catalog", () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it("says everything in one or two short sentences, without codes or placeholders", () => {
    for (const message of allMessages(catalog)) {
      expect(message.trim()).toBe(message);
      expect(message).toMatch(/[.?!]$/);
      expect(message.split(/[.?!](?:\s|$)/).filter(Boolean).length).toBeLessThanOrEqual(2);
      expect(message.length).toBeLessThanOrEqual(130);
      expect(message).not.toMatch(/undefined|null|\[object|[{}_]|\bNaN\b/);
    }
  });

  it("starts a spoken time with a capital at the start of a sentence", () => {
    expect(catalog.slotAvailable({ when: "morgen um 9 Uhr" })).toMatch(/^Morgen um 9 Uhr/);
  });
});

describe("booking outcomes", () => {
  it("never calls a booking whose answer is pending or lost failed", () => {
    expect(messages.de.bookingChecking()).toMatch(/^Ich prüfe noch, ob der Termin eingetragen ist/);
    expect(messages.en.bookingChecking()).toMatch(/^I'm still checking/);
    for (const locale of ["de", "en"] as const) {
      for (const m of [
        messages[locale].bookingChecking(),
        messages[locale].earlierBookingChecking(),
      ])
        expect(m).not.toMatch(/nicht buchen|andere Zeit|could not|another time/);
    }
    expect(messages.de.bookedPending({ when: "morgen um 9 Uhr" })).toMatch(/angefragt.*bestätigt/);
    expect(messages.en.bookedPending({ when: "tomorrow at 9" })).toMatch(/requested.*confirms/);
  });

  it("says why a booking was refused without offering times", () => {
    for (const locale of ["de", "en"] as const) {
      for (const refusal of [
        "required_booking_field",
        "invalid_contact",
        "booking_limit",
        "not_bookable",
        "refused",
      ] as const) {
        const m = messages[locale].bookingRefused({ refusal });
        expect(m).not.toMatch(/andere Zeit|another time|Uhr|\d/);
      }
    }
    expect(
      messages.de.bookingRefused({ refusal: "invalid_contact", field: "customer_email" }),
    ).toMatch(/E-Mail/);
  });
});

describe("the German catalog", () => {
  it("says what the brief asks for", () => {
    expect(messages.de.unknownNumber()).toMatch(/^Diese Nummer ist keinem Unternehmen zugeordnet/);
    expect(
      messages.de.unknownService({ offered: ["Herrenschnitt", "Damenschnitt", "Färben"] }),
    ).toBe(
      "Diese Leistung bieten wir leider nicht an. Zur Auswahl stehen Herrenschnitt, Damenschnitt oder Färben.",
    );
    expect(messages.de.noSlot({ alternatives: ["morgen um 9 Uhr", "morgen um 10 Uhr"] })).toBe(
      "Zu dieser Zeit ist leider nichts frei. Ich hätte morgen um 9 Uhr oder morgen um 10 Uhr.",
    );
    expect(messages.en.noSlot({ alternatives: ["9 am", "10 am", "11 am"] })).toBe(
      "That time is not free. I could offer 9 am, 10 am or 11 am.",
    );
  });

  it("must have every key of the English one (a type error otherwise)", () => {
    const { booked: _dropped, ...incomplete } = messages.de;
    // @ts-expect-error — a catalog without `booked` is not a MessageCatalog.
    const broken: MessageCatalog = incomplete;
    expect(Object.keys(broken)).not.toContain("booked");
  });
});
