import { createStore } from "../../src/app/repositories.ts";
import type { Database } from "../../src/db/connect.ts";
import { type CalcomBookingEvent, defaultThresholds } from "../../src/domain/entities.ts";
import type { NewCompany } from "../../src/domain/ports/company.ts";
import { Secret } from "../../src/domain/secret.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createSecretBox } from "../../src/platform/secret-box.ts";

export const testSecret = "test-secret-passphrase";

export function storeFor(database: Pick<Database, "db" | "engine">, clock: Clock = systemClock) {
  return createStore(database, {
    clock,
    newId,
    secretBox: createSecretBox(testSecret),
  });
}

export function companyInput(slug: string, overrides: Partial<NewCompany> = {}): NewCompany {
  return {
    name: `Company ${slug}`,
    slug,
    timezone: "Europe/Berlin",
    locale: "de",
    country: "DE",
    calcomBaseUrl: "https://api.cal.com",
    calcomTeamId: null,
    calcomApiKey: new Secret(`cal_live_${slug}_key`),
    calcomWebhookSecret: new Secret(`whsec_${slug}_secret`),
    thresholds: defaultThresholds,
    ...overrides,
  };
}

/**
 * A parsed Cal.com booking delivery for the salon's Haarschnitt (event type 2001), booked with
 * Jörg (host 501) a day from now; `overrides` sets what a test is about.
 */
export function bookingEvent(
  trigger: CalcomBookingEvent["trigger"],
  uid: string,
  overrides: Partial<CalcomBookingEvent> = {},
): CalcomBookingEvent {
  const start = new Date(Date.now() + 86_400_000).toISOString();
  return {
    trigger,
    uid,
    bookingId: null,
    eventTypeId: 2001,
    start,
    end: start,
    hostUserId: 501,
    attendee: null,
    participants: { memberIds: [], attendeeEmails: [] },
    rescheduledFromUid: null,
    ...overrides,
  };
}
