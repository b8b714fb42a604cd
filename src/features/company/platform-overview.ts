import { localToday } from "../../domain/datetime/calendar.ts";
import type { Company, SyncRun, User } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { CompanyHealthReader } from "../../domain/ports/health.ts";
import type { Clock } from "../../platform/clock.ts";

export interface CompanyHealth {
  company: Company;
  appointmentsToday: number;
  hostsToReview: number;
  unbookableServices: number;
  lastSync: Pick<SyncRun, "status" | "finishedAt"> | null;
  refusedDeliveries24h: number;
}

const dayMs = 86_400_000;

/**
 * Every company with its health signals, for a platform admin: the company list plus one grouped
 * query per signal (six in all, however many companies). Anyone else gets "not found".
 */
export function makePlatformOverview(deps: {
  companies: Pick<CompanyRepository, "list">;
  companyHealth: CompanyHealthReader;
  clock: Clock;
}) {
  return async (user: User): Promise<CompanyHealth[]> => {
    if (user.role !== "platform_admin") throw new NotFoundError("no such page");
    const now = deps.clock.now();
    const companies = await deps.companies.list();
    // Today is each company's own local day.
    const ranges = companies.map((c) => {
      const start = localToday(now, c.timezone);
      return {
        companyId: c.id,
        from: start.toUTC().toISO()!,
        to: start.plus({ days: 1 }).toUTC().toISO()!,
      };
    });
    const since = new Date(now.getTime() - dayMs).toISOString();
    const [appointments, hosts, services, syncs, refused] = await Promise.all([
      deps.companyHealth.appointmentsInRanges(ranges),
      deps.companyHealth.hostsToReview(),
      deps.companyHealth.unbookableServices(),
      deps.companyHealth.lastRuns("team"),
      deps.companyHealth.refusedDeliveriesSince(since),
    ]);
    return companies.map((company) => ({
      company,
      appointmentsToday: appointments.get(company.id) ?? 0,
      hostsToReview: hosts.get(company.id) ?? 0,
      unbookableServices: services.get(company.id) ?? 0,
      lastSync: syncs.get(company.id) ?? null,
      refusedDeliveries24h: refused.get(company.id) ?? 0,
    }));
  };
}
