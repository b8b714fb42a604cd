import { parseWhen } from "../../domain/datetime/index.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";
import type { Clock } from "../../platform/clock.ts";
import {
  bookableService,
  type NotBookableService,
  type UnknownService,
} from "./bookable-service.ts";
import { type Ask, ask, type VoiceContext } from "./context.ts";

export interface ListStaffArgs {
  service?: string | null;
  date?: string | null;
}

export type ListStaffOutcome =
  | Ask
  | UnknownService
  | NotBookableService
  | {
      kind: "staff";
      service: string;
      staff: { name: string }[];
      /** The local day asked about (YYYY-MM-DD), or null. Not a filter: see below. */
      date: string | null;
    };

/**
 * Who does a service: the active staff mapped to hosts of its event type. A day is read and
 * checked (past, unreadable) but does not narrow the list: Cal.com's slots for a round-robin
 * event type do not say which host is free, so who works that day is not known here; the
 * agent checks a time with check_availability instead.
 */
export function makeListStaff(deps: {
  services: Pick<ServiceRepository, "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
  staff: Pick<StaffRepository, "list">;
  clock: Clock;
}) {
  return async (ctx: VoiceContext, args: ListStaffArgs): Promise<ListStaffOutcome> => {
    const { company } = ctx;
    if (!args.service?.trim()) return ask("service", "missing");
    const found = await bookableService(deps.services, company.id, args.service);
    if ("kind" in found) return found;
    const { service } = found;
    let date: string | null = null;
    if (args.date?.trim()) {
      const parsed = parseWhen(
        { date: args.date },
        { now: deps.clock.now(), timeZone: company.timezone, locale: company.locale },
      );
      if ("error" in parsed)
        return ask("date", parsed.error === "unparseable" ? "invalid" : parsed.error);
      if (!parsed.date) return ask("date", "invalid");
      date = parsed.date;
    }
    const [hosts, mappings, staff] = await Promise.all([
      deps.calcomMirror.listHosts(company.id, [service.calcomEventTypeId]),
      deps.hostMappings.list(company.id),
      deps.staff.list(company.id),
    ]);
    const hostIds = new Set(hosts.map((h) => h.calcomUserId));
    const staffIds = new Set(
      mappings
        .filter((m) => m.status === "active" && hostIds.has(m.calcomUserId))
        .map((m) => m.staffId),
    );
    return {
      kind: "staff",
      service: service.name,
      staff: staff.filter((s) => s.active && staffIds.has(s.id)).map((s) => ({ name: s.name })),
      date,
    };
  };
}
