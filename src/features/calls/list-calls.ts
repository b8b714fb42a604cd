import { z } from "zod";
import {
  type CallOutcome,
  callOutcome,
  callOutcomes,
  isTestCall,
} from "../../domain/call-outcome.ts";
import type { TenantContext } from "../../domain/entities.ts";
import type {
  CallAppointment,
  CallCursor,
  CallRepository,
  StoredCall,
} from "../../domain/ports/calls.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import { parseInput } from "../parse-input.ts";

/** A page ends after the call with this creation time and id: "<ISO time>~<Retell call id>". */
const cursor = z
  .string()
  .max(300)
  .transform((text, ctx): CallCursor => {
    const at = text.indexOf("~");
    const createdAt = text.slice(0, at);
    if (at < 0 || !z.iso.datetime().safeParse(createdAt).success) {
      ctx.addIssue({
        code: "custom",
        message: "not a page cursor",
        params: { code: "not_page_cursor" },
      });
      return z.NEVER;
    }
    return { createdAt, retellCallId: text.slice(at + 1) };
  });

export const listCallsInput = z.object({
  after: cursor.optional(),
  outcome: z.enum(callOutcomes).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface CallAppointmentView extends CallAppointment {
  serviceName: string | null;
  staffName: string | null;
}

export interface CallView extends StoredCall {
  appointments: CallAppointmentView[];
  result: CallOutcome;
  /** Placed from the console's test-call panel, not by a caller. */
  test: boolean;
}

export interface CallPage {
  calls: CallView[];
  /** The cursor of the next page, when there is one. */
  next: string | null;
}

export type CallViewDeps = {
  calls: Pick<CallRepository, "listAppointmentsOf">;
  services: Pick<ServiceRepository, "list">;
  staff: Pick<StaffRepository, "list">;
};

/** The calls with the appointments they made and names resolved: three queries for any number. */
export async function toCallViews(
  deps: CallViewDeps,
  companyId: string,
  calls: StoredCall[],
): Promise<CallView[]> {
  const [appointments, services, staff] = await Promise.all([
    deps.calls.listAppointmentsOf(
      companyId,
      calls.map((c) => c.retellCallId),
    ),
    deps.services.list(companyId),
    deps.staff.list(companyId),
  ]);
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  return calls.map((call) => {
    const made = appointments
      .filter((a) => a.retellCallId === call.retellCallId)
      .map((a) => ({
        ...a,
        serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
        staffName: a.staffId ? (staffName.get(a.staffId) ?? null) : null,
      }));
    return {
      ...call,
      appointments: made,
      result: callOutcome({ ...call, appointments: made }),
      test: isTestCall(call.retellCallId),
    };
  });
}

/** The company's calls, newest first, one page at a time (four queries a page). */
export function makeListCalls(deps: CallViewDeps & { calls: Pick<CallRepository, "listPage"> }) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof listCallsInput> = {},
  ): Promise<CallPage> => {
    const input = parseInput(listCallsInput, raw, "page");
    const companyId = ctx.company.id;
    // One more than shown tells whether a next page exists.
    const rows = await deps.calls.listPage(companyId, {
      after: input.after,
      outcome: input.outcome,
      limit: input.limit + 1,
    });
    const shown = rows.slice(0, input.limit);
    const last = shown.at(-1);
    return {
      calls: await toCallViews(deps, companyId, shown),
      next: rows.length > input.limit && last ? `${last.createdAt}~${last.retellCallId}` : null,
    };
  };
}
