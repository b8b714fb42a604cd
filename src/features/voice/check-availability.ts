import type { Weekday } from "../../domain/datetime/calendar.ts";
import { type DayPart, localHourOf, parseWhen, toUtcRange } from "../../domain/datetime/index.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { Store } from "../../domain/ports/store.ts";
import { serviceKey } from "../../domain/service-match.ts";
import type { Clock } from "../../platform/clock.ts";
import {
  bookableService,
  type NotBookableService,
  type UnknownService,
} from "./bookable-service.ts";
import { chosenHostsPossible, withChosenHosts } from "./chosen-hosts.ts";
import { type Ask, ask, type VoiceContext } from "./context.ts";
import type { SlotHolds } from "./slot-holds.ts";
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
import { resolveStaffWish } from "./staff-choice.ts";

export interface CheckAvailabilityArgs {
  service?: string | null;
  date?: string | null;
  time?: string | null;
  staff?: string | null;
}

/**
 * Whose times were offered for a wish for a person: the staff member's own (`guaranteed`,
 * Cal.com asked for their free times only), or the team's, the wish noted but not promised.
 */
export interface StaffTimes {
  name: string;
  guaranteed: boolean;
}

/** What every answer with times says besides them. */
interface Times {
  service: string;
  /** The caller named the service differently ("Herrenhaarschnitt" for "Haarschnitt"). */
  namedDifferently: boolean;
  staff: StaffTimes | null;
}

export type CheckAvailabilityOutcome =
  | Ask
  | UnknownService
  | NotBookableService
  | { kind: "staff_not_offering"; staff: string; service: string; offeredBy: string[] }
  | { kind: "staff_ambiguous"; names: string[] }
  | ({
      kind: "available";
      start: string;
      slots: string[];
      confidence: "high" | "low";
    } & Times)
  | ({ kind: "alternatives"; requested: string | null; slots: string[] } & Times)
  /** Nothing on the asked weekday, nor on the same weekday a week later: closed that day. */
  | ({ kind: "closed"; date: string; weekday: Weekday; slots: string[] } & Times)
  | ({ kind: "no_slots"; date: string } & Times)
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

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
const weekdayOf = (date: string) =>
  (((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1) as Weekday;

/** Whether the caller's words hold the service's name word for word ("einen Haarschnitt bitte"). */
function saysName(spoken: string, name: string): boolean {
  const words = new Set(serviceKey(spoken).split(" "));
  return serviceKey(name)
    .split(" ")
    .every((w) => words.has(w));
}

export function makeCheckAvailability(
  deps: SlotDeps & {
    services: Pick<ServiceRepository, "list">;
    store: Pick<Store, "staff" | "hostMappings" | "calcomMirror" | "companies">;
    clock: Clock;
    /** Told of a free time the caller asked for, to keep it from being taken meanwhile. */
    slotHolds?: Pick<SlotHolds, "hold" | "heldFor">;
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
    const namedDifferently = !saysName(args.service, service.name);
    /** The staff member asked for, and their hosts when Cal.com can be asked for theirs only. */
    let wanted: { name: string; hostIds: number[] | null } | null = null;
    if (args.staff?.trim()) {
      const [choice, eventType] = await Promise.all([
        resolveStaffWish(deps, company.id, eventTypeId, args.staff),
        deps.store.calcomMirror.findEventType(company.id, eventTypeId),
      ]);
      switch (choice.kind) {
        case "unknown":
          return ask("staff", "invalid");
        case "ambiguous":
          return { kind: "staff_ambiguous", names: choice.names };
        case "not_offering":
          return {
            kind: "staff_not_offering",
            staff: args.staff.trim(),
            service: service.name,
            offeredBy: choice.offeredBy,
          };
      }
      wanted = {
        name: choice.staffName,
        hostIds: chosenHostsPossible(company, eventType) ? choice.hostIds : null,
      };
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

    const day = toUtcRange(when.date, company.timezone);
    const sameDayNextWeek = toUtcRange(addDays(when.date, windowDays), company.timezone);
    const weekEnd = sameDayNextWeek.start;
    const first = slotWindow(company, now, windowIndexOf(company, now, when.date));
    try {
      if (wanted?.hostIds) {
        const { value, chosen } = await withChosenHosts(deps, company, wanted.hostIds, answer);
        return withStaff(value, { name: wanted.name, guaranteed: chosen });
      }
      return withStaff(await answer(), wanted && { name: wanted.name, guaranteed: false });
    } catch (error) {
      if (error instanceof UpstreamError) return { kind: "calcom_unavailable" };
      throw error;
    }

    /**
     * The answer from the team's slots, or from only these hosts' ones. The window holding the
     * day is read first; the next one only when the answer may lie past its end (too few times
     * left in it, or a day without any to compare with a week later), so a day the prefetch
     * holds costs no Cal.com request.
     */
    async function answer(hostIds?: readonly number[]): Promise<CheckAvailabilityOutcome> {
      // The time this call holds is hidden from every listing, ours too, yet it is the caller's.
      const held = deps.slotHolds?.heldFor(ctx, eventTypeId, hostIds) ?? null;
      const read = async (w: SlotWindow) => {
        const listed = await windowOfSlots(deps, company, eventTypeId, w, ctx.meter, hostIds);
        return held && held >= w.startUtc && held < w.endUtc && !listed.includes(held)
          ? [...listed, held].sort()
          : listed;
      };
      // A staff member's day without times says nothing about the business being closed.
      const closedKnowable = !hostIds;
      let slots = await read(first);
      let decided = decide(slots, first.endUtc, closedKnowable);
      if (!decided.final) {
        // It holds the rest of the week and the same weekday a week on.
        const next = slotWindow(company, now, first.index + 1);
        slots = [...slots, ...(await read(next))];
        decided = decide(slots, next.endUtc, closedKnowable);
      }
      const outcome = decided.outcome;
      if (outcome.kind === "available" && when.time) {
        deps.slotHolds?.hold(ctx, {
          eventTypeId,
          start: outcome.slots[0]!,
          durationMinutes: service.durationMinutes,
          ...(hostIds ? { hostIds } : {}),
        });
      }
      return outcome;
    }

    function withStaff(
      outcome: CheckAvailabilityOutcome,
      staff: StaffTimes | null,
    ): CheckAvailabilityOutcome {
      return "namedDifferently" in outcome ? { ...outcome, staff } : outcome;
    }

    /**
     * The answer from the slots known up to `coveredUntil` (UTC ISO), and whether slots after it
     * could still change it. Offered times are those within a week of the asked day.
     */
    function decide(
      known: string[],
      coveredUntil: string,
      closedKnowable: boolean,
    ): { outcome: CheckAvailabilityOutcome; final: boolean } {
      const complete = coveredUntil >= weekEnd;
      const future = upcoming(
        known.filter((s) => s >= day.start && s < weekEnd),
        now,
      );
      const date = when.date;
      const times: Times = { service: service.name, namedDifferently, staff: null };
      const dayEmpty = !known.some((s) => s >= day.start && s < day.end);
      const nothing: CheckAvailabilityOutcome = { kind: "no_slots", date, ...times };
      /**
       * Other times: when the whole day has none, and neither has the same weekday a week on,
       * the business is closed that day (once that week's day is read, see `answer`).
       */
      const offer = (
        slots: string[],
        requested: string | null,
        settled: boolean,
      ): { outcome: CheckAvailabilityOutcome; final: boolean } => {
        const final = complete || settled;
        if (closedKnowable && dayEmpty && slots.length > 0) {
          // Read on: the same weekday a week on decides.
          if (coveredUntil < sameDayNextWeek.end) return { final: false, outcome: nothing };
          const nextWeekEmpty = !known.some(
            (s) => s >= sameDayNextWeek.start && s < sameDayNextWeek.end,
          );
          if (nextWeekEmpty) {
            return {
              final: true,
              outcome: { kind: "closed", date, weekday: weekdayOf(date), slots, ...times },
            };
          }
        }
        return {
          final,
          outcome:
            slots.length > 0 ? { kind: "alternatives", requested, slots, ...times } : nothing,
        };
      };

      if (when.time && when.start) {
        const requested = new Date(when.start).toISOString();
        if (future.includes(requested)) {
          return {
            final: true,
            outcome: {
              kind: "available",
              start: when.start,
              slots: [requested],
              confidence: when.confidence,
              ...times,
            },
          };
        }
        const alternatives = nearest(future, requested, now);
        // A later slot is at least this far from the requested time.
        const reach = Date.parse(coveredUntil) - Date.parse(requested);
        const settled =
          alternatives.length === 3 &&
          alternatives.every((s) => Math.abs(Date.parse(s) - Date.parse(requested)) <= reach);
        return offer(alternatives, when.start, settled);
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
            start: inPart[0]!,
            slots: inPart.slice(0, 3),
            confidence: when.confidence,
            ...times,
          },
        };
      }
      const later = future.slice(0, 3);
      return offer(later, null, later.length === 3);
    }
  };
}
