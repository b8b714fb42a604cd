import { serviceBookableByPhone } from "../../domain/bookability.ts";
import type { CalcomFailure } from "../../domain/calcom-failure.ts";
import type {
  BookabilityNotice,
  BookabilityProblem,
  HostMapping,
  MappingAuditAction,
  MappingSource,
  SyncRun,
  SyncTrigger,
  TenantContext,
} from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import { type MatchDecision, match } from "../../domain/matching/index.ts";
import type { ChangeFeed } from "../../domain/ports/change-feed.ts";
import type { NewHostMapping } from "../../domain/ports/mappings.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { snapshotOf } from "../mappings/snapshot.ts";
import type { SyncTeamResult } from "./sync-team.ts";

export interface SyncServiceHostsInput {
  trigger: SyncTrigger;
  /** The job it runs in (the team sync's run row and lease are the job's). */
  jobId?: string;
  serviceId?: string;
  /** Run a team sync first (default); false uses the mirror as it is. */
  fetch?: boolean;
  /** Report what would change and write nothing (uses the mirror as it is). */
  dryRun?: boolean;
}

export interface ServiceHostsLine {
  serviceId: string;
  name: string;
  eventTypeId: number | null;
  hosts: number;
  mapped: number;
  created: number;
  suggested: number;
  unmapped: number;
  error: string | null;
  /** The voice agent can book it: active, linked, and its event type without problems. */
  bookableByPhone: boolean;
  /** Why its event type cannot be booked by phone; empty when it can. */
  problems: BookabilityProblem[];
  notices: BookabilityNotice[];
}

export interface PlannedMappingChange {
  calcomUserId: number;
  hostName: string | null;
  action: MappingAuditAction;
  staffId: string | null;
  staffName: string | null;
  confidence: number;
  reason: string;
}

export interface SyncServiceHostsResult {
  run: { id: string | null; status: "succeeded" | "failed" | "partial"; calcomRequests: number };
  services: ServiceHostsLine[];
  totals: {
    services: number;
    hosts: number;
    mapped: number;
    created: number;
    suggested: number;
    unmapped: number;
  };
  changes: PlannedMappingChange[];
  /** Why each host in scope stays unmapped. */
  unmapped: { calcomUserId: number; name: string | null; explanation: string }[];
  dryRun: boolean;
  error: string | null;
}

const sourceFor = (d: MatchDecision): MappingSource =>
  d.reason === "email_exact" || d.reason === "email_plus_tag" ? "auto_email" : "auto_name";

/**
 * Team sync (optional) → matcher → mappings and audit rows, written in one transaction.
 * Manual and rejected mappings are never touched; a second run over unchanged data changes nothing.
 */
export function makeSyncServiceHosts(deps: {
  store: Pick<
    Store,
    "transaction" | "services" | "calcomMirror" | "staff" | "hostMappings" | "syncRuns"
  >;
  syncTeam: (
    ctx: TenantContext,
    input: { trigger: SyncTrigger; jobId?: string },
  ) => Promise<SyncTeamResult>;
  clock: Clock;
  /** Open console pages hear of the run and of the mappings it wrote (the catalogue passes it). */
  changes?: Pick<ChangeFeed, "publish">;
}) {
  return async (
    ctx: TenantContext,
    input: SyncServiceHostsInput,
  ): Promise<SyncServiceHostsResult> => {
    const { company } = ctx;
    const dryRun = input.dryRun ?? false;
    const scopeService = input.serviceId
      ? await deps.store.services.findById(company.id, input.serviceId)
      : null;
    if (input.serviceId && !scopeService)
      throw new NotFoundError(`no service ${input.serviceId} in ${company.name}`);

    const started = deps.clock.now();
    const run: SyncRun | null = dryRun
      ? null
      : await deps.store.syncRuns.start(company.id, {
          kind: "service_hosts",
          trigger: input.trigger,
          scope: scopeService ? `service ${scopeService.id}` : "company",
          startedAt: started.toISOString(),
          jobId: input.jobId ?? null,
        });
    if (run) deps.changes?.publish(company.id, "syncs");

    let calcomRequests = 0;
    if ((input.fetch ?? true) && !dryRun) {
      const team = await deps.syncTeam(ctx, { trigger: input.trigger, jobId: input.jobId });
      calcomRequests = team.run?.calcomRequests ?? 0;
      if (team.status !== "succeeded") {
        const error =
          team.status === "failed"
            ? `team sync failed: ${team.error}`
            : `team sync skipped: ${team.reason}`;
        // The mirror and mappings stay as they were: nothing below runs.
        await finishRun("failed", {}, error, team.run?.errorKind ?? null);
        return emptyResult("failed", error);
      }
    }

    // Reads, matching and writes; the writes check what was read only through the database's
    // keys, so an admin's mapping change in between (the staff member now taken) is a conflict:
    // the run then reads and matches once more instead of failing.
    const matchAndWrite = async (): Promise<SyncServiceHostsResult> => {
      const services = scopeService ? [scopeService] : await deps.store.services.list(company.id);
      // A company-wide run maps every host of the team (a booking may land on any event type);
      // a service-scoped run only that service's hosts.
      const eventTypeIds = scopeService
        ? scopeService.calcomEventTypeId === null
          ? []
          : [scopeService.calcomEventTypeId]
        : undefined;
      const [hosts, staff, mappings] = await Promise.all([
        deps.store.calcomMirror.listHosts(company.id, eventTypeIds),
        deps.store.staff.list(company.id),
        deps.store.hostMappings.list(company.id),
      ]);

      const decisions = match(
        hosts.map((h) => ({
          userId: h.calcomUserId,
          name: h.name,
          email: h.email,
          username: h.username,
        })),
        staff.map((s) => ({ id: s.id, name: s.name, email: s.email, active: s.active })),
        mappings.map((m) => ({
          calcomUserId: m.calcomUserId,
          staffId: m.staffId,
          status: m.status,
          source: m.source,
        })),
        company.thresholds,
      );

      const mappingOf = new Map(mappings.map((m) => [m.calcomUserId, m]));
      const hostName = new Map(hosts.map((h) => [h.calcomUserId, h.name]));
      const staffName = new Map(staff.map((s) => [s.id, s.name]));
      // Removals and demotions first, so that a staff member freed by one host can be taken by another
      // within the same transaction without tripping the one-active-mapping-per-staff key.
      const plan = decisions
        .flatMap((d) => planChange(d, mappingOf.get(d.calcomUserId) ?? null))
        .sort((a, b) => writeOrder(a) - writeOrder(b));
      const changes: PlannedMappingChange[] = plan.map((p) => ({
        calcomUserId: p.calcomUserId,
        hostName: hostName.get(p.calcomUserId) ?? null,
        action: p.action,
        staffId: p.next?.staffId ?? p.before?.staffId ?? null,
        staffName: staffName.get(p.next?.staffId ?? p.before?.staffId ?? "") ?? null,
        confidence: p.next?.confidence ?? 0,
        reason: p.reason,
      }));

      // The state after the run (or, for a dry run, after it would have run).
      const after = new Map(mappingOf);
      for (const p of plan) {
        if (p.next) after.set(p.calcomUserId, { ...(p.before ?? ({} as HostMapping)), ...p.next });
        else after.delete(p.calcomUserId);
      }
      const changedHosts = new Set(plan.map((p) => p.calcomUserId));
      const lines: ServiceHostsLine[] = services.map((s) => {
        const own = hosts.filter(
          (h) => s.calcomEventTypeId !== null && h.eventTypeIds.includes(s.calcomEventTypeId),
        );
        const statuses = own.map((h) => after.get(h.calcomUserId)?.status ?? "unmapped");
        return {
          serviceId: s.id,
          name: s.name,
          eventTypeId: s.calcomEventTypeId,
          hosts: own.length,
          mapped: statuses.filter((x) => x === "active").length,
          created: own.filter((h) => changedHosts.has(h.calcomUserId)).length,
          suggested: statuses.filter((x) => x === "suggested").length,
          unmapped: statuses.filter((x) => x === "unmapped" || x === "rejected").length,
          error: s.calcomEventTypeId === null ? "the service has no Cal.com event type" : null,
          bookableByPhone: serviceBookableByPhone(s),
          problems: s.bookability?.problems ?? [],
          notices: s.bookability?.notices ?? [],
        };
      });
      const totals = {
        services: lines.length,
        hosts: hosts.length,
        mapped: hosts.filter((h) => after.get(h.calcomUserId)?.status === "active").length,
        created: plan.length,
        suggested: hosts.filter((h) => after.get(h.calcomUserId)?.status === "suggested").length,
        unmapped: hosts.filter((h) => {
          const status = after.get(h.calcomUserId)?.status;
          return status === undefined || status === "rejected";
        }).length,
      };
      const unmapped = decisions
        .filter((d) => {
          const status = after.get(d.calcomUserId)?.status;
          return status === undefined || status === "rejected";
        })
        .map((d) => ({
          calcomUserId: d.calcomUserId,
          name: hostName.get(d.calcomUserId) ?? null,
          explanation: d.explanation,
        }));

      if (!dryRun) {
        const finishedAt = deps.clock.now();
        await deps.store.transaction(async (tx) => {
          for (const p of plan) {
            if (p.next && p.before)
              await tx.hostMappings.update(company.id, p.calcomUserId, p.next);
            else if (p.next) await tx.hostMappings.insert(company.id, p.next);
            else await tx.hostMappings.delete(company.id, p.calcomUserId);
            // Appointments that arrived while the host was unmapped get their staff member now.
            if (p.next?.status === "active") {
              await tx.appointments.assignStaffForHost(company.id, p.calcomUserId, p.next.staffId);
            }
          }
          await tx.hostMappings.addAudit(
            company.id,
            plan.map((p) => ({
              calcomUserId: p.calcomUserId,
              staffId: p.next?.staffId ?? p.before?.staffId ?? null,
              action: p.action,
              before: snapshotOf(p.before),
              after: p.next
                ? snapshotOf({ ...(p.before ?? ({} as HostMapping)), ...p.next })
                : null,
              actor: ctx.actor,
              reason: p.reason,
            })),
          );
          if (run) {
            await tx.syncRuns.finish(company.id, run.id, {
              status: "succeeded",
              finishedAt: finishedAt.toISOString(),
              counts: { ...totals, durationMs: finishedAt.getTime() - started.getTime() },
              calcomRequests,
              error: null,
            });
          }
        });
        if (plan.length > 0) deps.changes?.publish(company.id, "mappings");
        if (run) deps.changes?.publish(company.id, "syncs");
      }

      return {
        run: { id: run?.id ?? null, status: "succeeded", calcomRequests },
        services: lines,
        totals,
        changes,
        unmapped,
        dryRun,
        error: null,
      };
    };
    try {
      return await matchAndWrite();
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return await matchAndWrite();
    }

    async function finishRun(
      status: "failed",
      counts: Record<string, number>,
      error: string,
      errorKind: CalcomFailure | null = null,
    ) {
      if (!run) return;
      const finishedAt = deps.clock.now();
      await deps.store.syncRuns.finish(company.id, run.id, {
        status,
        finishedAt: finishedAt.toISOString(),
        counts: { ...counts, durationMs: finishedAt.getTime() - started.getTime() },
        calcomRequests,
        error,
        errorKind,
      });
      deps.changes?.publish(company.id, "syncs");
    }

    function emptyResult(status: "failed", error: string): SyncServiceHostsResult {
      return {
        run: { id: run?.id ?? null, status, calcomRequests },
        services: [],
        totals: { services: 0, hosts: 0, mapped: 0, created: 0, suggested: 0, unmapped: 0 },
        changes: [],
        unmapped: [],
        dryRun,
        error,
      };
    }
  };
}

const writeOrder = (p: PlannedWrite) => (p.next === null ? 0 : p.next.status === "active" ? 2 : 1);

interface PlannedWrite {
  calcomUserId: number;
  action: MappingAuditAction;
  before: HostMapping | null;
  /** null: remove the mapping. */
  next: NewHostMapping | null;
  reason: string;
}

/** What one decision means for the stored mapping; nothing when it already says the same. */
function planChange(d: MatchDecision, before: HostMapping | null): PlannedWrite[] {
  if (d.action === "keep") return [];
  // The matcher never proposes changes to these; this guard keeps them safe whatever it says.
  if (before && (before.source === "manual" || before.status === "rejected")) return [];

  if (d.action === "none") {
    if (!before) return [];
    return [
      {
        calcomUserId: d.calcomUserId,
        action: "withdrawn",
        before,
        next: null,
        reason: d.explanation,
      },
    ];
  }

  const status = d.action === "auto" ? "active" : "suggested";
  const next: NewHostMapping = {
    calcomUserId: d.calcomUserId,
    staffId: d.staffId!,
    status,
    source: sourceFor(d),
    confidence: d.confidence,
    reasonCode: d.reason,
    reasonText: d.explanation,
  };
  if (
    before &&
    before.staffId === next.staffId &&
    before.status === next.status &&
    before.confidence === next.confidence &&
    before.reasonCode === next.reasonCode
  ) {
    return [];
  }
  const action: MappingAuditAction = before
    ? "updated"
    : status === "active"
      ? "auto_mapped"
      : "suggested";
  return [{ calcomUserId: d.calcomUserId, action, before, next, reason: d.explanation }];
}
