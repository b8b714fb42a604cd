import type { Company, TenantContext } from "../../domain/entities.ts";
import type { BookingAttemptRepository, InboxRepository } from "../../domain/ports/appointments.ts";
import type { UserTokenRepository } from "../../domain/ports/auth.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { Clock } from "../../platform/clock.ts";

export const defaultRetentionDays = 30;
const dayMs = 24 * 60 * 60_000;
/** Deliveries redacted per statement batch. */
const batch = 500;

export interface CompanyPurge {
  company: string;
  /** Raw deliveries whose payload was replaced by its digest. */
  inboxRedacted: number;
  bookingAttemptsDeleted: number;
}

export interface PurgeReport {
  /** Everything received (due, started) before this instant was purged. UTC ISO. */
  before: string;
  retentionDays: number;
  companies: CompanyPurge[];
}

/**
 * Retention (RETENTION_DAYS, default 30): raw deliveries from Cal.com and Retell older than the
 * window keep only their sha256 and outcome; given-up (or long stale) booking attempts go;
 * expired console sessions and used or expired invitation and reset links go. With a company, only that company's rows
 * (and the expired sessions): the daily job runs it per company; without, every company.
 */
export function makePurgeExpiredData(deps: {
  companies: Pick<CompanyRepository, "list">;
  inbox: Pick<InboxRepository, "redactReceivedBefore">;
  bookingAttempts: Pick<BookingAttemptRepository, "purgeSettledBefore">;
  sessions: { deleteExpired(now: string): Promise<unknown> };
  userTokens: Pick<UserTokenRepository, "deleteSpent">;
  clock: Clock;
  retentionDays?: number;
}) {
  const retentionDays = deps.retentionDays ?? defaultRetentionDays;

  async function purgeCompany(company: Company, before: string, at: string) {
    let inboxRedacted = 0;
    for (;;) {
      const n = await deps.inbox.redactReceivedBefore(company.id, before, at, batch);
      inboxRedacted += n;
      if (n < batch) break;
    }
    return {
      company: company.slug,
      inboxRedacted,
      bookingAttemptsDeleted: await deps.bookingAttempts.purgeSettledBefore(company.id, before),
    };
  }

  return async (ctx?: TenantContext): Promise<PurgeReport> => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const before = new Date(now.getTime() - retentionDays * dayMs).toISOString();
    const companies = ctx ? [ctx.company] : await deps.companies.list();
    const report: PurgeReport = { before, retentionDays, companies: [] };
    for (const company of companies) report.companies.push(await purgeCompany(company, before, at));
    await deps.sessions.deleteExpired(at);
    await deps.userTokens.deleteSpent(at);
    return report;
  };
}
