import { type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { Appointment, AppointmentSource, AppointmentStatus } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type {
  AppointmentLink,
  AppointmentRepository,
  NewAppointment,
} from "../../domain/ports/appointments.ts";
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
    async countFor(companyId, ref) {
      const row = await db
        .selectFrom("appointment")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("company_id", "=", companyId)
        .where((eb) =>
          "staffId" in ref
            ? eb("staff_id", "=", ref.staffId)
            : eb("service_id", "=", ref.serviceId),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
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
    async reassignUpcomingForHost(companyId, calcomUserId, staffId, now) {
      const upcoming: AppointmentStatus[] = ["accepted", "pending"];
      const result = await db
        .updateTable("appointment")
        .set({ staff_id: staffId, updated_at: deps.clock.now().toISOString() })
        .where("company_id", "=", companyId)
        .where("calcom_user_id", "=", calcomUserId)
        .where("start_at", ">", now)
        .where("status", "in", upcoming)
        // Only rows whose staff actually changes count as moved.
        .where((eb) =>
          staffId === null
            ? eb("staff_id", "is not", null)
            : eb.or([eb("staff_id", "is", null), eb("staff_id", "!=", staffId)]),
        )
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
    async search(companyId, f) {
      if (f.statuses.length === 0) return [];
      const cmp = f.order === "asc" ? ">" : "<";
      let query = db
        .selectFrom("appointment as a")
        // The customer record is the verified caller of our own voice bookings only.
        .leftJoin("customer as c", (j) =>
          j
            .onRef("c.company_id", "=", "a.company_id")
            .onRef("c.id", "=", "a.customer_id")
            .on("a.source", "=", "voice"),
        )
        .leftJoin("appointment as p", (j) =>
          j
            .onRef("p.company_id", "=", "a.company_id")
            .onRef("p.calcom_booking_uid", "=", "a.rescheduled_from_uid"),
        )
        .leftJoin("appointment as n", (j) =>
          j
            .onRef("n.company_id", "=", "a.company_id")
            .onRef("n.calcom_booking_uid", "=", "a.rescheduled_to_uid"),
        )
        .selectAll("a")
        .select([
          "c.name as customer_name",
          "c.phone as customer_phone",
          "c.email as customer_email",
          "p.id as from_id",
          "p.start_at as from_start_at",
          "p.status as from_status",
          "n.id as to_id",
          "n.start_at as to_start_at",
          "n.status as to_status",
        ])
        .where("a.company_id", "=", companyId)
        .where("a.status", "in", f.statuses);
      if (f.from) query = query.where("a.start_at", ">=", f.from);
      if (f.to) query = query.where("a.start_at", "<", f.to);
      if (f.staffId !== undefined)
        query =
          f.staffId === null
            ? query.where("a.staff_id", "is", null)
            : query.where("a.staff_id", "=", f.staffId);
      if (f.serviceId !== undefined) query = query.where("a.service_id", "=", f.serviceId);
      const { name, phone } = f;
      if (name !== undefined || phone !== undefined) {
        // LIKE's wildcards in the typed text are matched as themselves; both sides folded by the
        // database's lower() (SQLite's folds ASCII letters only).
        const pattern = name === undefined ? null : `%${name.replace(/[\\%_]/g, "\\$&")}%`;
        query = query.where((eb) =>
          eb.or([
            ...(pattern === null
              ? []
              : [
                  sql<boolean>`lower(a.attendee_name) like lower(${pattern}) escape '\\'`,
                  sql<boolean>`lower(c.name) like lower(${pattern}) escape '\\'`,
                ]),
            ...(phone === undefined ? [] : [eb("c.phone", "=", phone)]),
          ]),
        );
      }
      if (f.after) {
        const { startAt, id } = f.after;
        query = query.where((eb) =>
          eb.or([
            eb("a.start_at", cmp, startAt),
            eb.and([eb("a.start_at", "=", startAt), eb("a.id", cmp, id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy("a.start_at", f.order)
        .orderBy("a.id", f.order)
        .limit(f.limit)
        .execute();
      const link = (id: string | null, startAt: string | null, status: string | null) =>
        id === null || startAt === null
          ? null
          : ({ id, startAt, status: status as AppointmentStatus } satisfies AppointmentLink);
      return rows.map((r) => ({
        ...toAppointment(r),
        customerName: r.customer_name,
        customerPhone: r.customer_phone,
        customerEmail: r.customer_email,
        movedFrom: link(r.from_id, r.from_start_at, r.from_status),
        movedTo: link(r.to_id, r.to_start_at, r.to_status),
      }));
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
