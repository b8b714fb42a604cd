import { serviceBookableByPhone } from "../../domain/bookability.ts";
import { localToday } from "../../domain/datetime/calendar.ts";
import type {
  AppointmentStatus,
  BookabilityProblem,
  SyncRun,
  TenantContext,
} from "../../domain/entities.ts";
import type { AppointmentRepository, InboxRepository } from "../../domain/ports/appointments.ts";
import type { CallRepository } from "../../domain/ports/calls.ts";
import type { HostMappingRepository } from "../../domain/ports/mappings.ts";
import type { CalcomMirrorRepository, SyncRunRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { Clock } from "../../platform/clock.ts";

/** Past this many rows a count is shown as "at least" (the dashboard reads one page, not all). */
export const dashboardCountCap = 500;
const nextShown = 5;
const dayMs = 86_400_000;

/** Appointments that still happen (the same statuses the overview counts). */
const liveStatuses: AppointmentStatus[] = ["accepted", "pending"];

export interface DashboardCount {
  count: number;
  /** The count reached the cap: there may be more. */
  capped: boolean;
}

export interface CompanyDashboard {
  /** UTC ISO bounds of the company's local today. */
  today: { from: string; to: string };
  appointments: DashboardCount & {
    next: {
      id: string;
      startAt: string;
      status: AppointmentStatus;
      attendeeName: string | null;
      serviceName: string | null;
    }[];
  };
  calls: DashboardCount;
  hosts: { suggested: number; unmapped: number };
  /** Active services the phone agent cannot book, with why ("no_event_type" or the problems). */
  unbookable: { id: string; name: string; problems: (BookabilityProblem | "no_event_type")[] }[];
  lastSync: Pick<SyncRun, "status" | "finishedAt" | "error"> | null;
  lastReconcile: Pick<SyncRun, "status" | "finishedAt" | "error"> | null;
  /** Refused or failed webhook deliveries received in the last 24 hours. */
  refusedDeliveries: DashboardCount;
}

const runOf = (run: SyncRun | null) =>
  run ? { status: run.status, finishedAt: run.finishedAt, error: run.error } : null;

const counted = (n: number): DashboardCount => ({
  count: Math.min(n, dashboardCountCap),
  capped: n > dashboardCountCap,
});

/**
 * What a company admin sees first: today's work and what needs attention. Nine reads, in
 * parallel, whatever the company's size: one page each, never one query per row.
 */
export function makeCompanyDashboard(deps: {
  appointments: Pick<AppointmentRepository, "search">;
  calls: Pick<CallRepository, "listPage">;
  calcomMirror: Pick<CalcomMirrorRepository, "listHosts">;
  hostMappings: Pick<HostMappingRepository, "list">;
  services: Pick<ServiceRepository, "list">;
  syncRuns: Pick<SyncRunRepository, "lastFinished">;
  inbox: Pick<InboxRepository, "listRecent">;
  clock: Clock;
}) {
  return async (ctx: TenantContext): Promise<CompanyDashboard> => {
    const companyId = ctx.company.id;
    const now = deps.clock.now();
    const start = localToday(now, ctx.company.timezone);
    const from = start.toUTC().toISO()!;
    const to = start.plus({ days: 1 }).toUTC().toISO()!;
    const since = new Date(now.getTime() - dayMs).toISOString();
    const [appointments, calls, hosts, mappings, services, sync, reconcile, deliveries] =
      await Promise.all([
        deps.appointments.search(companyId, {
          from,
          to,
          statuses: liveStatuses,
          order: "asc",
          limit: dashboardCountCap + 1,
        }),
        deps.calls.listPage(companyId, { limit: dashboardCountCap + 1 }),
        deps.calcomMirror.listHosts(companyId),
        deps.hostMappings.list(companyId),
        deps.services.list(companyId),
        deps.syncRuns.lastFinished(companyId, "team"),
        deps.syncRuns.lastFinished(companyId, "reconcile"),
        deps.inbox.listRecent(companyId, { limit: dashboardCountCap + 1 }),
      ]);
    const nowIso = now.toISOString();
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    const status = new Map(mappings.map((m) => [m.calcomUserId, m.status]));
    const hostIds = new Set(hosts.map((h) => h.calcomUserId));
    let suggested = 0;
    let unmapped = 0;
    for (const id of hostIds) {
      const s = status.get(id);
      if (s === undefined) unmapped++;
      else if (s === "suggested") suggested++;
    }
    // Calls come newest first by when we heard of them: those of today are a prefix.
    const callsToday = calls.filter((c) => c.createdAt >= from && c.createdAt < to).length;
    const refused = deliveries.filter(
      (d) => d.receivedAt >= since && (d.outcome ?? "").startsWith("refused"),
    ).length;
    return {
      today: { from, to },
      appointments: {
        ...counted(appointments.length),
        next: appointments
          .filter((a) => a.endAt > nowIso)
          .slice(0, nextShown)
          .map((a) => ({
            id: a.id,
            startAt: a.startAt,
            status: a.status,
            attendeeName: a.customerName ?? a.attendeeName,
            serviceName: a.serviceId ? (serviceName.get(a.serviceId) ?? null) : null,
          })),
      },
      calls: counted(callsToday),
      hosts: { suggested, unmapped },
      unbookable: services
        .filter((s) => s.active && !serviceBookableByPhone(s))
        .map((s) => ({
          id: s.id,
          name: s.name,
          problems:
            s.calcomEventTypeId === null ? ["no_event_type"] : (s.bookability?.problems ?? []),
        })),
      lastSync: runOf(sync),
      lastReconcile: runOf(reconcile),
      refusedDeliveries: counted(refused),
    };
  };
}
