import { assemble } from "../../src/app/container.ts";
import type { Database } from "../../src/db/connect.ts";
import type { NewAppointment } from "../../src/domain/ports/appointments.ts";
import type { Store } from "../../src/domain/ports/store.ts";
import type { Clock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createSecretBox } from "../../src/platform/secret-box.ts";
import { testSecret } from "./fixtures.ts";

/** The caller the privacy tests export and erase (made-up, easy to find in raw bytes). */
export const caller = {
  phone: "+4915112345678",
  national: "0151 12345678",
  name: "Wilhelmina Zwetschgenbaum",
  email: "wilhelmina.zwetschge@example.org",
  note: "Allergie gegen Zwetschgenduft",
  summary: "Wilhelmina Zwetschgenbaum bucht einen Haarschnitt",
};

const noCalcom: typeof fetch = async () => {
  throw new Error("Cal.com is not reached in these tests");
};

/** The application over a test database with an injected clock; Cal.com is never reached. */
export function privacyFeatures(
  database: Pick<Database, "db" | "engine">,
  clock: Clock,
  options: { retentionDays?: number; flushErased?: () => Promise<void> } = {},
) {
  const app = assemble({
    database,
    secretBox: createSecretBox(testSecret),
    clock,
    calcomFetch: noCalcom,
    settings: { retentionDays: options.retentionDays },
    flushErased: options.flushErased,
  });
  return { ...app, sessions: app.store.sessions };
}

export function appointment(overrides: Partial<NewAppointment>): NewAppointment {
  return {
    serviceId: null,
    staffId: null,
    customerId: null,
    calcomUserId: null,
    bookingUid: `uid-${newId()}`,
    bookingId: null,
    eventTypeId: 2001,
    startAt: "2030-01-02T09:00:00.000Z",
    endAt: "2030-01-02T09:30:00.000Z",
    status: "accepted",
    source: "calcom",
    retellCallId: null,
    idempotencyKey: null,
    rescheduledFromUid: null,
    rescheduledToUid: null,
    notes: null,
    attendeeName: null,
    attendeeEmail: null,
    ...overrides,
  };
}

/**
 * Everything a caller leaves in one company: customer record, a voice appointment and a Cal.com
 * one (by email), a call, an open booking attempt, a Cal.com and a Retell delivery; plus another
 * person's appointment and a delivery with a longer number that merely starts like theirs.
 */
export async function seedCaller(store: Store, companyId: string, receivedAt: string) {
  const staffId = (
    await store.staff.insert(companyId, [
      { name: "Jörg Friseur", email: null, phone: null, active: true },
    ])
  )[0]!.id;
  const customer = await store.customers.upsertByPhone(companyId, {
    phone: caller.phone,
    name: caller.name,
    email: caller.email,
  });
  const voice = await store.appointments.insert(
    companyId,
    appointment({
      staffId,
      customerId: customer.id,
      source: "voice",
      retellCallId: "call-wz",
      notes: caller.note,
      attendeeName: caller.name,
      attendeeEmail: caller.email,
    }),
  );
  const byEmail = await store.appointments.insert(
    companyId,
    appointment({
      staffId,
      startAt: "2030-01-03T09:00:00.000Z",
      endAt: "2030-01-03T09:30:00.000Z",
      attendeeName: caller.name,
      attendeeEmail: caller.email.toUpperCase(),
    }),
  );
  const other = await store.appointments.insert(
    companyId,
    appointment({ staffId, attendeeName: "Otto Anders", attendeeEmail: "otto@example.org" }),
  );
  await store.calls.upsert(companyId, {
    retellCallId: "call-wz",
    agentId: null,
    fromNumber: caller.phone,
    toNumber: "+49301234567",
    direction: "inbound",
    status: "ended",
    startedAt: receivedAt,
    endedAt: receivedAt,
    durationMs: 60_000,
    summary: caller.summary,
    outcome: "booked",
  });
  await store.calls.upsert(companyId, {
    retellCallId: "call-other",
    agentId: null,
    fromNumber: "+4915199999999",
    toNumber: "+49301234567",
    direction: "inbound",
    status: "ended",
    startedAt: receivedAt,
    endedAt: receivedAt,
    durationMs: 1_000,
    summary: "Otto fragt nach Preisen",
    outcome: null,
  });
  await store.bookingAttempts.insert(companyId, {
    key: `attempt-${newId()}`,
    callId: "call-wz",
    serviceId: null,
    customerId: null,
    eventTypeId: 2001,
    start: "2030-01-04T09:00:00.000Z",
    attendeeName: caller.name,
    attendeeEmail: caller.email,
    attendeePhone: caller.phone,
    notes: caller.note,
    startedAt: receivedAt,
    nextCheckAt: receivedAt,
  });
  const calcomPayload = JSON.stringify({
    triggerEvent: "BOOKING_CREATED",
    payload: { attendees: [{ name: caller.name, email: caller.email }], description: caller.note },
  });
  const retellPayload = JSON.stringify({
    event: "call_ended",
    call: { call_id: "call-wz", from_number: caller.phone, to_number: "+49301234567" },
  });
  const unrelatedPayload = JSON.stringify({
    event: "call_ended",
    call: { call_id: "call-x", from_number: `${caller.phone}9`, to_number: "+49301234567" },
  });
  const inbox = {
    calcom: await store.inbox.record(companyId, {
      provider: "calcom",
      eventType: "BOOKING_CREATED",
      dedupeKey: `calcom-${newId()}`,
      payload: calcomPayload,
      receivedAt,
    }),
    retell: await store.inbox.record(companyId, {
      provider: "retell",
      eventType: "call_ended",
      dedupeKey: `retell-${newId()}`,
      payload: retellPayload,
      receivedAt,
    }),
    unrelated: await store.inbox.record(companyId, {
      provider: "retell",
      eventType: "call_ended",
      dedupeKey: `retell-${newId()}`,
      payload: unrelatedPayload,
      receivedAt,
    }),
  };
  return {
    staffId,
    customer,
    appointments: { voice, byEmail, other },
    inbox,
    payloads: { calcom: calcomPayload, retell: retellPayload, unrelated: unrelatedPayload },
  };
}
