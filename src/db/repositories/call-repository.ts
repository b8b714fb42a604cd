import type {
  Expression,
  ExpressionBuilder,
  Insertable,
  Kysely,
  Selectable,
  SqlBool,
} from "kysely";
import {
  type CallOutcome,
  type CallSignal,
  liveCallStatuses,
  outcomeCriteria,
} from "../../domain/call-outcome.ts";
import type { AppointmentStatus } from "../../domain/entities.ts";
import type { CallRecord, CallRef, CallRepository, StoredCall } from "../../domain/ports/calls.ts";
import type { PersonKeys } from "../../domain/ports/privacy.ts";
import type { CallTable, DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

const toCallRecord = (r: Selectable<CallTable>): CallRecord => ({
  retellCallId: r.retell_call_id,
  agentId: r.agent_id,
  fromNumber: r.from_number,
  toNumber: r.to_number,
  direction: r.direction,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  durationMs: r.duration_ms,
  summary: r.summary,
  outcome: r.outcome,
});

const toStoredCall = (r: Selectable<CallTable>): StoredCall => ({
  ...toCallRecord(r),
  sentiment: r.sentiment,
  foundAt: r.found_at,
  cancelledAt: r.cancelled_at,
  customerId: r.customer_id,
  createdAt: r.created_at,
});

/** The row a voice function creates for a call no call event told of yet. */
function newCallRow(
  companyId: string,
  call: CallRef,
  at: string,
  newId: () => string,
): Insertable<CallTable> {
  return {
    id: newId(),
    company_id: companyId,
    retell_call_id: call.retellCallId,
    agent_id: call.agentId,
    from_number: call.fromNumber,
    to_number: call.toNumber,
    direction: null,
    // A function runs during the call; call_started, when it comes, says the same.
    status: "ongoing",
    customer_id: null,
    started_at: null,
    ended_at: null,
    duration_ms: null,
    summary: null,
    outcome: null,
    sentiment: null,
    created_at: at,
    updated_at: at,
  };
}

export function createCallRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "clock" | "newId">,
): CallRepository {
  return {
    async upsert(companyId, call) {
      const now = deps.clock.now().toISOString();
      await db
        .insertInto("call")
        .values({
          id: deps.newId(),
          company_id: companyId,
          retell_call_id: call.retellCallId,
          agent_id: call.agentId,
          from_number: call.fromNumber,
          to_number: call.toNumber,
          direction: call.direction,
          status: call.status,
          customer_id: null,
          started_at: call.startedAt,
          ended_at: call.endedAt,
          duration_ms: call.durationMs,
          summary: call.summary,
          outcome: call.outcome,
          sentiment: call.sentiment ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["company_id", "retell_call_id"]).doUpdateSet((eb) => ({
            // Events arrive out of order: keep what is known, let later events add to it.
            agent_id: eb.fn.coalesce("excluded.agent_id", "call.agent_id"),
            from_number: eb.fn.coalesce("excluded.from_number", "call.from_number"),
            to_number: eb.fn.coalesce("excluded.to_number", "call.to_number"),
            direction: eb.fn.coalesce("excluded.direction", "call.direction"),
            status: eb.ref("excluded.status"),
            started_at: eb.fn.coalesce("excluded.started_at", "call.started_at"),
            ended_at: eb.fn.coalesce("excluded.ended_at", "call.ended_at"),
            duration_ms: eb.fn.coalesce("excluded.duration_ms", "call.duration_ms"),
            summary: eb.fn.coalesce("excluded.summary", "call.summary"),
            outcome: eb.fn.coalesce("excluded.outcome", "call.outcome"),
            sentiment: eb.fn.coalesce("excluded.sentiment", "call.sentiment"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
    },
    async noteAction(companyId, call, action, at) {
      const column = action === "found" ? "found_at" : "cancelled_at";
      await db
        .insertInto("call")
        .values({ ...newCallRow(companyId, call, at, deps.newId), [column]: at })
        .onConflict((oc) =>
          oc.columns(["company_id", "retell_call_id"]).doUpdateSet((eb) => ({
            [column]: eb.fn.coalesce(`call.${column}`, `excluded.${column}`),
          })),
        )
        .execute();
    },
    async noteRefusedName(companyId, call, name, at) {
      await db
        .insertInto("call")
        .values({ ...newCallRow(companyId, call, at, deps.newId), refused_name: name })
        .onConflict((oc) =>
          oc
            .columns(["company_id", "retell_call_id"])
            .doUpdateSet((eb) => ({ refused_name: eb.ref("excluded.refused_name") })),
        )
        .execute();
    },
    async findRefusedName(companyId, retellCallId) {
      const r = await db
        .selectFrom("call")
        .select("refused_name")
        .where("company_id", "=", companyId)
        .where("retell_call_id", "=", retellCallId)
        .executeTakeFirst();
      return r?.refused_name ?? null;
    },
    async countUnknownService(companyId, call, at) {
      // One statement, so two functions of the same call running at once both count.
      const r = await db
        .insertInto("call")
        .values({ ...newCallRow(companyId, call, at, deps.newId), unknown_services: 1 })
        .onConflict((oc) =>
          oc
            .columns(["company_id", "retell_call_id"])
            .doUpdateSet((eb) => ({ unknown_services: eb("call.unknown_services", "+", 1) })),
        )
        .returning("unknown_services")
        .executeTakeFirstOrThrow();
      return Number(r.unknown_services);
    },
    async find(companyId, retellCallId) {
      const r = await db
        .selectFrom("call")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("retell_call_id", "=", retellCallId)
        .executeTakeFirst();
      return r ? toStoredCall(r) : null;
    },
    async listPage(companyId, page) {
      const { after, outcome } = page;
      const rows = await db
        .selectFrom("call")
        .selectAll()
        .where("company_id", "=", companyId)
        .$if(after !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb("created_at", "<", after!.createdAt),
              eb.and([
                eb("created_at", "=", after!.createdAt),
                eb("retell_call_id", "<", after!.retellCallId),
              ]),
            ]),
          ),
        )
        .$if(outcome !== undefined, (q) => q.where((eb) => withOutcome(eb, outcome!)))
        .orderBy("created_at", "desc")
        .orderBy("retell_call_id", "desc")
        .limit(page.limit)
        .execute();
      return rows.map(toStoredCall);
    },
    async listAppointmentsOf(companyId, retellCallIds) {
      if (retellCallIds.length === 0) return [];
      const rows = await db
        .selectFrom("appointment")
        .select([
          "id",
          "retell_call_id",
          "calcom_booking_uid",
          "service_id",
          "staff_id",
          "start_at",
          "status",
          "rescheduled_from_uid",
        ])
        .where("company_id", "=", companyId)
        .where("retell_call_id", "in", retellCallIds)
        .orderBy("start_at")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        retellCallId: r.retell_call_id!,
        bookingUid: r.calcom_booking_uid,
        serviceId: r.service_id,
        staffId: r.staff_id,
        startAt: r.start_at,
        status: r.status as AppointmentStatus,
        rescheduledFromUid: r.rescheduled_from_uid,
      }));
    },
    async listForPerson(companyId, person) {
      const rows = await db
        .selectFrom("call")
        .selectAll()
        .where("company_id", "=", companyId)
        .where((eb) => personFilter(eb, person))
        .orderBy("created_at")
        .execute();
      return rows.map(toStoredCall);
    },
    async eraseForPerson(companyId, person, at) {
      const result = await db
        .updateTable("call")
        .set((eb) => ({
          from_number: eb
            .case()
            .when("from_number", "=", person.phone)
            .then(null)
            .else(eb.ref("from_number"))
            .end(),
          to_number: eb
            .case()
            .when("to_number", "=", person.phone)
            .then(null)
            .else(eb.ref("to_number"))
            .end(),
          // Summaries and outcomes come from the transcript.
          summary: null,
          outcome: null,
          sentiment: null,
          // A name the caller said, refused or not.
          refused_name: null,
          customer_id: null,
          updated_at: at,
        }))
        .where("company_id", "=", companyId)
        .where((eb) => personFilter(eb, person))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

/** Each signal of `domain/call-outcome.ts` as a condition that is never NULL. */
function signal(eb: ExpressionBuilder<DB, "call">, which: CallSignal): Expression<SqlBool> {
  const appointments = (moved: boolean) =>
    eb.exists(
      eb
        .selectFrom("appointment")
        .select("appointment.id")
        .whereRef("appointment.company_id", "=", "call.company_id")
        .whereRef("appointment.retell_call_id", "=", "call.retell_call_id")
        .$if(moved, (q) => q.where("appointment.rescheduled_from_uid", "is not", null)),
    );
  switch (which) {
    case "moved":
      return appointments(true);
    case "made":
      return appointments(false);
    case "cancelled":
      return eb("call.cancelled_at", "is not", null);
    case "found":
      return eb("call.found_at", "is not", null);
    case "successful":
      return eb(eb.fn.coalesce("call.outcome", eb.val("")), "=", "successful");
    case "live":
      return eb("call.status", "in", [...liveCallStatuses]);
  }
}

/** The calls callOutcome names `outcome`, by the same rule. */
function withOutcome(eb: ExpressionBuilder<DB, "call">, outcome: CallOutcome) {
  const { holds, lacks } = outcomeCriteria(outcome);
  return eb.and([
    ...(holds ? [signal(eb, holds)] : []),
    ...lacks.map((l) => eb.not(signal(eb, l))),
  ]);
}

function personFilter(eb: ExpressionBuilder<DB, "call">, person: PersonKeys) {
  return eb.or([
    eb("from_number", "=", person.phone),
    eb("to_number", "=", person.phone),
    ...(person.customerId === null ? [] : [eb("customer_id", "=", person.customerId)]),
  ]);
}
