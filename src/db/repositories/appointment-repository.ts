import type { Kysely, Selectable, Updateable } from "kysely";
import type { Appointment, AppointmentSource, AppointmentStatus } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { AppointmentRepository, NewAppointment } from "../../domain/ports/appointments.ts";
import { isUniqueViolation } from "../errors.ts";
import type { AppointmentTable, DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toAppointment = (r: Selectable<AppointmentTable>): Appointment => ({
  id: r.id,
  companyId: r.company_id,
  serviceId: r.service_id,
  staffId: r.staff_id,
  customerId: r.customer_id,
  calcomUserId: r.calcom_user_id,
  bookingUid: r.calcom_booking_uid,
  bookingId: r.calcom_booking_id,
  eventTypeId: r.calcom_event_type_id,
  startAt: r.start_at,
  endAt: r.end_at,
  status: r.status as AppointmentStatus,
  source: r.source as AppointmentSource,
  retellCallId: r.retell_call_id,
  idempotencyKey: r.idempotency_key,
  rescheduledFromUid: r.rescheduled_from_uid,
  rescheduledToUid: r.rescheduled_to_uid,
  notes: r.notes,
  attendeeName: r.attendee_name,
  attendeeEmail: r.attendee_email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toRow(a: Partial<NewAppointment>): Updateable<AppointmentTable> {
  const row: Updateable<AppointmentTable> = {};
  if (a.serviceId !== undefined) row.service_id = a.serviceId;
  if (a.staffId !== undefined) row.staff_id = a.staffId;
  if (a.customerId !== undefined) row.customer_id = a.customerId;
  if (a.calcomUserId !== undefined) row.calcom_user_id = a.calcomUserId;
  if (a.bookingUid !== undefined) row.calcom_booking_uid = a.bookingUid;
  if (a.bookingId !== undefined) row.calcom_booking_id = a.bookingId;
  if (a.eventTypeId !== undefined) row.calcom_event_type_id = a.eventTypeId;
  if (a.startAt !== undefined) row.start_at = a.startAt;
  if (a.endAt !== undefined) row.end_at = a.endAt;
  if (a.status !== undefined) row.status = a.status;
  if (a.source !== undefined) row.source = a.source;
  if (a.retellCallId !== undefined) row.retell_call_id = a.retellCallId;
  if (a.idempotencyKey !== undefined) row.idempotency_key = a.idempotencyKey;
  if (a.rescheduledFromUid !== undefined) row.rescheduled_from_uid = a.rescheduledFromUid;
  if (a.rescheduledToUid !== undefined) row.rescheduled_to_uid = a.rescheduledToUid;
  if (a.notes !== undefined) row.notes = a.notes;
  if (a.attendeeName !== undefined) row.attendee_name = a.attendeeName;
  if (a.attendeeEmail !== undefined) row.attendee_email = a.attendeeEmail;
  return row;
}

export function createAppointmentRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "clock" | "newId">,
): AppointmentRepository {
  const one = (companyId: string) =>
    db.selectFrom("appointment").selectAll().where("company_id", "=", companyId);
  return {
    async findByUid(companyId, uid) {
      const row = await one(companyId).where("calcom_booking_uid", "=", uid).executeTakeFirst();
      return row ? toAppointment(row) : null;
    },
    async findById(companyId, id) {
      const row = await one(companyId).where("id", "=", id).executeTakeFirst();
      return row ? toAppointment(row) : null;
    },
    async findByRescheduledFrom(companyId, uid) {
      const row = await one(companyId).where("rescheduled_from_uid", "=", uid).executeTakeFirst();
      return row ? toAppointment(row) : null;
    },
    async findByIdempotencyKey(companyId, key) {
      const row = await one(companyId).where("idempotency_key", "=", key).executeTakeFirst();
      return row ? toAppointment(row) : null;
    },
    async insert(companyId, a) {
      const now = deps.clock.now().toISOString();
      try {
        const row = await db
          .insertInto("appointment")
          .values({
            ...(toRow(a) as Required<Updateable<AppointmentTable>>),
            id: deps.newId(),
            company_id: companyId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAppointment(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`booking ${a.bookingUid} is already recorded`);
        throw error;
      }
    },
    async update(companyId, id, patch) {
      const row = await db
        .updateTable("appointment")
        .set({ ...toRow(patch), updated_at: deps.clock.now().toISOString() })
        .where("company_id", "=", companyId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`appointment ${id} not found`);
      return toAppointment(row);
    },
    async assignStaffForHost(companyId, calcomUserId, staffId) {
      const result = await db
        .updateTable("appointment")
        .set({ staff_id: staffId, updated_at: deps.clock.now().toISOString() })
        .where("company_id", "=", companyId)
        .where("calcom_user_id", "=", calcomUserId)
        .where("staff_id", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async list(companyId, filter) {
      let query = one(companyId);
      if (filter.from) query = query.where("start_at", ">=", filter.from);
      if (filter.to) query = query.where("start_at", "<", filter.to);
      if (filter.customerId) query = query.where("customer_id", "=", filter.customerId);
      if (filter.statuses?.length) query = query.where("status", "in", filter.statuses);
      const rows = await query.orderBy("start_at").orderBy("id").limit(filter.limit).execute();
      return rows.map(toAppointment);
    },
    async listForPerson(companyId, person) {
      if (person.customerId === null && person.emails.length === 0) return [];
      const rows = await one(companyId)
        .where((eb) =>
          eb.or([
            ...(person.customerId === null ? [] : [eb("customer_id", "=", person.customerId)]),
            ...(person.emails.length === 0
              ? []
              : [eb(eb.fn("lower", ["attendee_email"]), "in", person.emails)]),
          ]),
        )
        .orderBy("start_at")
        .orderBy("id")
        .execute();
      return rows.map(toAppointment);
    },
    async erasePersonal(companyId, ids, at) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable("appointment")
        .set({
          attendee_name: null,
          attendee_email: null,
          notes: null,
          customer_id: null,
          updated_at: at,
        })
        .where("company_id", "=", companyId)
        .where("id", "in", ids)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
