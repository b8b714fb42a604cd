import { type DayPart, localHourOf, parseWhen, toUtcRange } from "../../domain/datetime/index.ts";
import { UpstreamError } from "../../domain/errors.ts";
import { normalizeName } from "../../domain/matching/index.ts";
import type { ServiceRepository, Store } from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";
import { bookableService, type UnknownService } from "./bookable-service.ts";
import { type Ask, ask, type VoiceContext } from "./context.ts";
import { nearest, type SlotDeps, upcoming, weekOfSlots } from "./slots.ts";

export interface CheckAvailabilityArgs {
  service?: string | null;
  date?: string | null;
  time?: string | null;
  staff?: string | null;
}

export type CheckAvailabilityOutcome =
  | Ask
  | UnknownService
  | { kind: "staff_not_offering"; staff: string; service: string; offeredBy: string[] }
  | {
      kind: "available";
      service: string;
      start: string;
      slots: string[];
      confidence: "high" | "low";
    }
  | { kind: "alternatives"; service: string; requested: string | null; slots: string[] }
  | { kind: "no_slots"; service: string; date: string }
  | { kind: "calcom_unavailable" };

/** Local hours of a vague time ("vormittags") within which slots are offered. */
const dayPartHours: Record<DayPart, [number, number]> = {
  morning: [7, 11],
  forenoon: [9, 12],
  noon: [11, 14],
  afternoon: [13, 18],
  evening: [17, 21],
  late: [16, 20],
};

export function makeCheckAvailability(
  deps: SlotDeps & {
    services: Pick<ServiceRepository, "list">;
    store: Pick<Store, "staff" | "hostMappings" | "calcomMirror">;
    clock: Clock;
  },
) {
  return async (
    ctx: VoiceContext,
    args: CheckAvailabilityArgs,
  ): Promise<CheckAvailabilityOutcome> => {
    const { company } = ctx;
    if (!args.service?.trim()) return ask("service", "missing");
    const found = await bookableService(deps.services, company.id, args.service);
    if ("kind" in found) return found;
    const { service } = found;
    const eventTypeId = service.calcomEventTypeId;
    if (args.staff?.trim()) {
      // Cal.com picks the round-robin host itself (and v2 cannot ask for one host's free times),
      // so a wish for a person is checked against who does the service, not promised.
      const offeredBy = await staffOffering(deps.store, company.id, eventTypeId);
      const wanted = normalizeName(args.staff);
      if (
        !offeredBy.some(
          (name) => normalizeName(name) === wanted || normalizeName(name).includes(wanted),
        )
      ) {
        return {
          kind: "staff_not_offering",
          staff: args.staff.trim(),
          service: service.name,
          offeredBy,
        };
      }
    }
    if (!args.date?.trim() && !args.time?.trim()) return ask("date", "missing");

    const now = deps.clock.now();
    const when = parseWhen(
      { date: args.date, time: args.time },
      { now, timeZone: company.timezone, locale: company.locale },
    );
    if ("error" in when) return ask("date", when.error === "unparseable" ? "invalid" : when.error);
    if (!when.date) return ask("date", "missing");

    let slots: string[];
    try {
      slots = await weekOfSlots(deps, company, eventTypeId, when.date, ctx.meter);
    } catch (error) {
      if (error instanceof UpstreamError) return { kind: "calcom_unavailable" };
      throw error;
    }
    const future = upcoming(slots, now);

    if (when.time && when.start) {
      const requested = new Date(when.start).toISOString();
      if (future.includes(requested)) {
        return {
          kind: "available",
          service: service.name,
          start: when.start,
          slots: [requested],
          confidence: when.confidence,
        };
      }
      const alternatives = nearest(future, requested, now);
      return alternatives.length > 0
        ? {
            kind: "alternatives",
            service: service.name,
            requested: when.start,
            slots: alternatives,
          }
        : { kind: "no_slots", service: service.name, date: when.date };
    }

    // The local day as a UTC range: slots are UTC ISO strings, so they compare as text.
    const day = toUtcRange(when.date, company.timezone);
    const sameDay = future.filter((s) => s >= day.start && s < day.end);
    const inPart = when.dayPart
      ? sameDay.filter((s) => {
          const hour = localHourOf(s, company.timezone);
          const [from, to] = dayPartHours[when.dayPart!];
          return hour >= from && hour < to;
        })
      : sameDay;
    if (inPart.length > 0) {
      return {
        kind: "available",
        service: service.name,
        start: inPart[0]!,
        slots: inPart.slice(0, 3),
        confidence: when.confidence,
      };
    }
    const later = future.filter((s) => s >= day.start).slice(0, 3);
    return later.length > 0
      ? { kind: "alternatives", service: service.name, requested: null, slots: later }
      : { kind: "no_slots", service: service.name, date: when.date };
  };
}

/** Names of the active staff mapped to hosts of the event type: who can do this service. */
async function staffOffering(
  store: Pick<Store, "staff" | "hostMappings" | "calcomMirror">,
  companyId: string,
  eventTypeId: number,
): Promise<string[]> {
  const [hosts, mappings, staff] = await Promise.all([
    store.calcomMirror.listHosts(companyId, [eventTypeId]),
    store.hostMappings.list(companyId),
    store.staff.list(companyId),
  ]);
  const hostIds = new Set(hosts.map((h) => h.calcomUserId));
  const staffIds = new Set(
    mappings
      .filter((m) => m.status === "active" && hostIds.has(m.calcomUserId))
      .map((m) => m.staffId),
  );
  return staff.filter((s) => s.active && staffIds.has(s.id)).map((s) => s.name);
}
