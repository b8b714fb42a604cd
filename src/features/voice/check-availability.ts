import { type DayPart, localHourOf, parseWhen, toUtcRange } from "../../domain/datetime/index.ts";
import { UpstreamError } from "../../domain/errors.ts";
import { normalizeName } from "../../domain/matching/index.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import {
  bookableService,
  type NotBookableService,
  type UnknownService,
} from "./bookable-service.ts";
import { type Ask, ask, type VoiceContext } from "./context.ts";
import {
  addDays,
  nearest,
  type SlotDeps,
  type SlotWindow,
  slotWindow,
  upcoming,
  windowDays,
  windowIndexOf,
  windowOfSlots,
} from "./slots.ts";

export interface CheckAvailabilityArgs {
  service?: string | null;
  date?: string | null;
  time?: string | null;
  staff?: string | null;
}

export type CheckAvailabilityOutcome =
  | Ask
  | UnknownService
  | NotBookableService
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
    const parsed = parseWhen(
      { date: args.date, time: args.time },
      { now, timeZone: company.timezone, locale: company.locale },
    );
    if ("error" in parsed)
      return ask("date", parsed.error === "unparseable" ? "invalid" : parsed.error);
    if (!parsed.date) return ask("date", "missing");
    const when = { ...parsed, date: parsed.date };

    // The window holding the day is read first; the next one only when the answer may lie past
    // its end (too few times left in it), so a day the prefetch holds costs no Cal.com request.
    const day = toUtcRange(when.date, company.timezone);
    const weekEnd = toUtcRange(addDays(when.date, windowDays), company.timezone).start;
    const first = slotWindow(company, now, windowIndexOf(company, now, when.date));
    const read = (w: SlotWindow) => windowOfSlots(deps, company, eventTypeId, w, ctx.meter);
    try {
      let slots = await read(first);
      let decided = decide(slots, first.endUtc);
      if (!decided.final) {
        slots = [...slots, ...(await read(slotWindow(company, now, first.index + 1)))];
        decided = decide(slots, weekEnd);
      }
      return decided.outcome;
    } catch (error) {
      if (error instanceof UpstreamError) return { kind: "calcom_unavailable" };
      throw error;
    }

    /**
     * The answer from the slots known up to `coveredUntil` (UTC ISO), and whether slots after it
     * could still change it. Offered times are those within a week of the asked day.
     */
    function decide(
      known: string[],
      coveredUntil: string,
    ): { outcome: CheckAvailabilityOutcome; final: boolean } {
      const complete = coveredUntil >= weekEnd;
      const future = upcoming(
        known.filter((s) => s >= day.start && s < weekEnd),
        now,
      );
      const date = when.date;

      if (when.time && when.start) {
        const requested = new Date(when.start).toISOString();
        if (future.includes(requested)) {
          return {
            final: true,
            outcome: {
              kind: "available",
              service: service.name,
              start: when.start,
              slots: [requested],
              confidence: when.confidence,
            },
          };
        }
        const alternatives = nearest(future, requested, now);
        // A later slot is at least this far from the requested time.
        const reach = Date.parse(coveredUntil) - Date.parse(requested);
        const settled =
          alternatives.length === 3 &&
          alternatives.every((s) => Math.abs(Date.parse(s) - Date.parse(requested)) <= reach);
        return {
          final: complete || settled,
          outcome:
            alternatives.length > 0
              ? {
                  kind: "alternatives",
                  service: service.name,
                  requested: when.start,
                  slots: alternatives,
                }
              : { kind: "no_slots", service: service.name, date },
        };
      }

      // The local day as a UTC range: slots are UTC ISO strings, so they compare as text.
      const sameDay = future.filter((s) => s < day.end);
      const inPart = when.dayPart
        ? sameDay.filter((s) => {
            const hour = localHourOf(s, company.timezone);
            const [from, to] = dayPartHours[when.dayPart!];
            return hour >= from && hour < to;
          })
        : sameDay;
      if (inPart.length > 0) {
        return {
          final: true,
          outcome: {
            kind: "available",
            service: service.name,
            start: inPart[0]!,
            slots: inPart.slice(0, 3),
            confidence: when.confidence,
          },
        };
      }
      const later = future.slice(0, 3);
      return {
        final: complete || later.length === 3,
        outcome:
          later.length > 0
            ? { kind: "alternatives", service: service.name, requested: null, slots: later }
            : { kind: "no_slots", service: service.name, date },
      };
    }
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
