import { serviceBookableByPhone } from "../../domain/bookability.ts";
import type { TenantContext } from "../../domain/entities.ts";
import type { CallRepository } from "../../domain/ports/calls.ts";
import type { PhoneNumberRepository } from "../../domain/ports/company.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository, SyncRunRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { StaffRepository } from "../../domain/ports/staff.ts";

/** What each item found, for the page to say in the user's language. */
export interface ChecklistDetails {
  calcom: { baseUrl: string; teamId: number | null; apiKeySet: boolean };
  sync: { lastSucceededAt: string | null };
  services: { bookable: number; active: number; eventTypesWithoutService: number };
  staff: { active: number };
  /** Hosts of the active services' event types: without a mapping, or only suggested. */
  hosts: { linkedServices: number; unmapped: number; suggested: number };
  phoneNumbers: { numbers: string[] };
  webhookSecret: { set: boolean };
  retellKey: { set: boolean };
  firstCall: { at: string | null };
}

export type ChecklistKey = keyof ChecklistDetails;

export type ChecklistItem = {
  [K in ChecklistKey]: { key: K; done: boolean; detail: ChecklistDetails[K] };
}[ChecklistKey];

/** The order a company is set up in. */
export const checklistKeys = [
  "calcom",
  "sync",
  "services",
  "staff",
  "hosts",
  "phoneNumbers",
  "webhookSecret",
  "retellKey",
  "firstCall",
] as const satisfies readonly ChecklistKey[];

export interface OnboardingChecklist {
  items: ChecklistItem[];
  done: number;
  total: number;
}

/**
 * What is still missing before a company's phone agent can take bookings. Eight reads in
 * parallel, whatever the company's size.
 */
export function makeOnboardingChecklist(deps: {
  syncRuns: Pick<SyncRunRepository, "lastFinished">;
  services: Pick<ServiceRepository, "list">;
  calcomMirror: Pick<CalcomMirrorRepository, "listEventTypes" | "listHosts">;
  staff: Pick<StaffRepository, "list">;
  hostMappings: Pick<HostMappingRepository, "list">;
  phoneNumbers: Pick<PhoneNumberRepository, "list">;
  calls: Pick<CallRepository, "listPage">;
  /** RETELL_API_KEY is set: without it the server refuses every Retell webhook. */
  retellKeyConfigured: boolean;
}) {
  return async (ctx: TenantContext): Promise<OnboardingChecklist> => {
    const companyId = ctx.company.id;
    const { calcom } = ctx.company;
    const [sync, services, eventTypes, staff, hosts, mappings, numbers, calls] = await Promise.all([
      deps.syncRuns.lastFinished(companyId, "team", "succeeded"),
      deps.services.list(companyId),
      deps.calcomMirror.listEventTypes(companyId),
      deps.staff.list(companyId),
      deps.calcomMirror.listHosts(companyId),
      deps.hostMappings.list(companyId),
      deps.phoneNumbers.list(companyId),
      deps.calls.listPage(companyId, { limit: 1 }),
    ]);
    const active = services.filter((s) => s.active);
    const linked = new Set(services.map((s) => s.calcomEventTypeId));
    const activeLinked = new Set(active.map((s) => s.calcomEventTypeId));
    const status = new Map(mappings.map((m) => [m.calcomUserId, m.status]));
    let unmapped = 0;
    let suggested = 0;
    for (const host of hosts) {
      if (!host.eventTypeIds.some((id) => activeLinked.has(id))) continue;
      const s = status.get(host.calcomUserId);
      if (s === undefined) unmapped++;
      else if (s === "suggested") suggested++;
    }
    const linkedServices = active.filter((s) => s.calcomEventTypeId !== null).length;
    const details: ChecklistDetails = {
      calcom: {
        baseUrl: calcom.baseUrl,
        teamId: calcom.teamId,
        apiKeySet: calcom.apiKey !== null,
      },
      sync: { lastSucceededAt: sync?.finishedAt ?? null },
      services: {
        bookable: active.filter((s) => serviceBookableByPhone(s)).length,
        active: active.length,
        eventTypesWithoutService: eventTypes.filter(
          (e) => e.removedAt === null && !linked.has(e.eventTypeId),
        ).length,
      },
      staff: { active: staff.filter((s) => s.active).length },
      hosts: { linkedServices, unmapped, suggested },
      phoneNumbers: { numbers: numbers.map((n) => n.number) },
      webhookSecret: { set: calcom.webhookSecret !== null },
      retellKey: { set: deps.retellKeyConfigured },
      firstCall: { at: calls[0]?.createdAt ?? null },
    };
    const done: Record<ChecklistKey, boolean> = {
      calcom: details.calcom.teamId !== null && details.calcom.apiKeySet,
      sync: details.sync.lastSucceededAt !== null,
      services: details.services.bookable > 0,
      staff: details.staff.active > 0,
      // Nothing to review before a service books into an event type: not done yet.
      hosts: linkedServices > 0 && unmapped === 0 && suggested === 0,
      phoneNumbers: details.phoneNumbers.numbers.length > 0,
      webhookSecret: details.webhookSecret.set,
      retellKey: details.retellKey.set,
      firstCall: details.firstCall.at !== null,
    };
    const items = checklistKeys.map(
      (key) => ({ key, done: done[key], detail: details[key] }) as ChecklistItem,
    );
    return { items, done: items.filter((i) => i.done).length, total: items.length };
  };
}
