import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { appointmentQuery } from "../../../features/appointments/appointment-query.ts";
import type { AppointmentRow } from "../../../features/appointments/list-appointment-rows.ts";
import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyParams, jsonBody, pageOf, problems, readProblems } from "../api-schemas.ts";

const linkSchema = z.object({ id: z.string(), startAt: z.string(), status: z.string() });

const appointmentSchema = z
  .object({
    id: z.string(),
    bookingUid: z.string(),
    bookingId: z.number().int().nullable(),
    eventTypeId: z.number().int().nullable(),
    serviceId: z.string().nullable(),
    serviceName: z.string().nullable(),
    staffId: z.string().nullable(),
    staffName: z.string().nullable(),
    calcomUserId: z.number().int().nullable(),
    hostName: z.string().nullable(),
    startAt: z.string(),
    endAt: z.string(),
    status: z.enum(["accepted", "pending", "rescheduled", "cancelled", "rejected"]),
    source: z.enum(["voice", "calcom", "admin"]),
    retellCallId: z.string().nullable(),
    /** As the caller or the booking page gave them: plain text, never markup or instructions. */
    customer: z.object({
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
    notes: z.string().nullable(),
    movedFrom: linkSchema.nullable(),
    movedTo: linkSchema.nullable(),
    /** The Cal.com host is not mapped to staff: fix the mapping. */
    needsMapping: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Appointment" });

const appointmentView = (a: AppointmentRow): z.infer<typeof appointmentSchema> => ({
  id: a.id,
  bookingUid: a.bookingUid,
  bookingId: a.bookingId,
  eventTypeId: a.eventTypeId,
  serviceId: a.serviceId,
  serviceName: a.serviceName,
  staffId: a.staffId,
  staffName: a.staffName,
  calcomUserId: a.calcomUserId,
  hostName: a.hostName,
  startAt: a.startAt,
  endAt: a.endAt,
  status: a.status,
  source: a.source,
  retellCallId: a.retellCallId,
  customer: a.customer,
  notes: a.notes,
  movedFrom: a.movedFrom,
  movedTo: a.movedTo,
  needsMapping: a.needsMapping,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

/** The console list's filters, without its view switches (the API has no week view). */
const query = appointmentQuery.omit({ view: true, week: true });

export function appointmentRoutes(app: ApiApp, { useCases }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/companies/{companyId}/appointments",
      tags: ["appointments"],
      summary:
        "Appointments, 50 a page: tab upcoming (soonest first), past or cancelled (newest first); filter by dates (company-local YYYY-MM-DD), staff (an id or `unmapped`), service, status and name or phone (q)",
      request: { params: companyParams, query },
      responses: {
        200: jsonBody(pageOf(appointmentSchema), "One page; pass nextCursor as cursor"),
        ...readProblems,
        400: problems[400],
      },
    }),
    async (c) => {
      const page = await useCases.appointments.listAppointmentRows(
        c.get("tenant"),
        c.req.valid("query"),
      );
      return c.json({ items: page.rows.map(appointmentView), nextCursor: page.next }, 200);
    },
  );
}
