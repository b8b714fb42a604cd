import type { ExpressionBuilder, Kysely, Selectable } from "kysely";
import type { BookingAttempt, BookingAttemptRepository } from "../../domain/ports/appointments.ts";
import type { PersonKeys } from "../../domain/ports/privacy.ts";
import type { BookingAttemptTable, DB } from "../tables.ts";

const open = ["booking", "unknown"] as const;

const toAttempt = (r: Selectable<BookingAttemptTable>): BookingAttempt => ({
  companyId: r.company_id,
  key: r.idempotency_key,
  state: r.state as BookingAttempt["state"],
  callId: r.call_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  eventTypeId: r.event_type_id,
  start: r.start_at,
  attendeeName: r.attendee_name,
  attendeeEmail: r.attendee_email,
  attendeePhone: r.attendee_phone,
  notes: r.notes,
  startedAt: r.started_at,
  nextCheckAt: r.next_check_at,
  checks: r.checks,
  lastError: r.last_error,
  finishedAt: r.finished_at,
});

const maxErrorLength = 500;
const clip = (error: string | null) =>
  error && error.length > maxErrorLength ? `${error.slice(0, maxErrorLength)}…` : error;

export function createBookingAttemptRepository(db: Kysely<DB>): BookingAttemptRepository {
  const byKey = (companyId: string, key: string) =>
    db
      .selectFrom("booking_attempt")
      .selectAll()
      .where("company_id", "=", companyId)
      .where("idempotency_key", "=", key);

  return {
    async insert(companyId, a) {
      const inserted = await db
        .insertInto("booking_attempt")
        .values({
          company_id: companyId,
          idempotency_key: a.key,
          state: "booking",
          call_id: a.callId,
          service_id: a.serviceId,
          customer_id: a.customerId,
          event_type_id: a.eventTypeId,
          start_at: a.start,
          attendee_name: a.attendeeName,
          attendee_email: a.attendeeEmail,
          attendee_phone: a.attendeePhone,
          notes: a.notes,
          started_at: a.startedAt,
          next_check_at: a.nextCheckAt,
        })
        .onConflict((oc) => oc.columns(["company_id", "idempotency_key"]).doNothing())
        .returning("idempotency_key")
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async find(companyId, key) {
      const row = await byKey(companyId, key).executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    async listOpenForCall(companyId, callId) {
      const rows = await db
        .selectFrom("booking_attempt")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("call_id", "=", callId)
        .where("state", "in", open)
        .orderBy("started_at")
        .execute();
      return rows.map(toAttempt);
    },

    async markUnknown(companyId, key, update) {
      await db
        .updateTable("booking_attempt")
        .set({
          state: "unknown",
          next_check_at: update.nextCheckAt,
          last_error: clip(update.error),
        })
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .where("state", "in", open)
        .execute();
    },

    async countOpenForService(companyId, serviceId) {
      const row = await db
        .selectFrom("booking_attempt")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("company_id", "=", companyId)
        .where("service_id", "=", serviceId)
        .where("state", "in", open)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async release(companyId, key) {
      await db
        .deleteFrom("booking_attempt")
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .execute();
    },

    async dueCompanies(now, limit) {
      const rows = await db
        .selectFrom("booking_attempt")
        .select("company_id")
        .distinct()
        .where("state", "in", open)
        .where("next_check_at", "<=", now)
        .orderBy("company_id")
        .limit(limit)
        .execute();
      return rows.map((r) => r.company_id);
    },

    async claimDue(companyId, now, leaseUntil, limit) {
      const due = await db
        .selectFrom("booking_attempt")
        .select(["idempotency_key", "checks"])
        .where("company_id", "=", companyId)
        .where("state", "in", open)
        .where("next_check_at", "<=", now)
        .orderBy("next_check_at")
        .limit(limit)
        .execute();
      const claimed: BookingAttempt[] = [];
      for (const candidate of due) {
        // Compare-and-set on the check count: of several settlers reading the same due row, the
        // first update moves it on and the others match nothing.
        const row = await db
          .updateTable("booking_attempt")
          .set({ next_check_at: leaseUntil, checks: candidate.checks + 1 })
          .where("company_id", "=", companyId)
          .where("idempotency_key", "=", candidate.idempotency_key)
          .where("checks", "=", candidate.checks)
          .where("state", "in", open)
          .where("next_check_at", "<=", now)
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(toAttempt(row));
      }
      return claimed;
    },

    async recordCheck(companyId, key, result, error) {
      await db
        .updateTable("booking_attempt")
        .set(
          "abandonedAt" in result
            ? { state: "abandoned", finished_at: result.abandonedAt, last_error: clip(error) }
            : { state: "unknown", next_check_at: result.nextCheckAt, last_error: clip(error) },
        )
        .where("company_id", "=", companyId)
        .where("idempotency_key", "=", key)
        .where("state", "in", open)
        .execute();
    },

    async purgeAbandoned(before) {
      const result = await db
        .deleteFrom("booking_attempt")
        .where("state", "=", "abandoned")
        .where("finished_at", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeSettledBefore(companyId, before) {
      const result = await db
        .deleteFrom("booking_attempt")
        .where("company_id", "=", companyId)
        .where((eb) =>
          eb.or([
            eb.and([eb("state", "=", "abandoned"), eb("finished_at", "<", before)]),
            // Long past the settler's last look-up (a day): nothing will settle it any more.
            eb("started_at", "<", before),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async listForPerson(companyId, person) {
      const rows = await db
        .selectFrom("booking_attempt")
        .selectAll()
        .where("company_id", "=", companyId)
        .where((eb) => personFilter(eb, person))
        .orderBy("started_at")
        .execute();
      return rows.map(toAttempt);
    },

    async deleteForPerson(companyId, person) {
      const result = await db
        .deleteFrom("booking_attempt")
        .where("company_id", "=", companyId)
        .where((eb) => personFilter(eb, person))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function personFilter(eb: ExpressionBuilder<DB, "booking_attempt">, person: PersonKeys) {
  return eb.or([
    eb("attendee_phone", "=", person.phone),
    ...(person.customerId === null ? [] : [eb("customer_id", "=", person.customerId)]),
    ...(person.emails.length === 0
      ? []
      : [eb(eb.fn("lower", ["attendee_email"]), "in", person.emails)]),
  ]);
}
