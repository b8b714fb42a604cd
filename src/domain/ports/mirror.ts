import type { CalcomFailure } from "../calcom-failure.ts";
import type {
  CalcomEventType,
  CalcomHost,
  MirrorChanges,
  SyncRun,
  SyncStatus,
  SyncTrigger,
  TeamSnapshot,
} from "../entities.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface CalcomMirrorRepository {
  /** Every Cal.com member or host the company's mirror has ever held. One query. */
  listHostProfiles(companyId: string): Promise<HostProfile[]>;
  listEventTypes(companyId: string): Promise<CalcomEventType[]>;
  findEventType(companyId: string, eventTypeId: number): Promise<CalcomEventType | null>;
  /**
   * Makes the mirror equal to the snapshot: upserts what Cal.com lists and marks (removed_at)
   * what it no longer lists, rather than deleting it.
   */
  applyTeamSnapshot(companyId: string, snapshot: TeamSnapshot, at: string): Promise<MirrorChanges>;
  /**
   * Live hosts of the company's event types (all, or those of the given event types), with the
   * email, role and acceptance their membership gives. One query.
   */
  listHosts(companyId: string, eventTypeIds?: number[]): Promise<CalcomHost[]>;
  /** A team member or host known to the mirror, live or removed. */
  findHost(companyId: string, calcomUserId: number): Promise<CalcomHost | null>;
}

export interface SyncRunRepository {
  /**
   * A new run, or with `jobId` the job's run: a retry of the job (its instance died) continues
   * the row its first attempt started, so a job records one run.
   */
  start(
    companyId: string,
    run: {
      kind: SyncRun["kind"];
      trigger: SyncTrigger;
      scope: string | null;
      startedAt: string;
      jobId?: string | null;
    },
  ): Promise<SyncRun>;
  finish(
    companyId: string,
    runId: string,
    result: {
      status: Exclude<SyncStatus, "running">;
      finishedAt: string;
      counts: Record<string, number>;
      calcomRequests: number;
      error: string | null;
      errorKind?: CalcomFailure | null;
    },
  ): Promise<SyncRun>;
  list(companyId: string, limit: number): Promise<SyncRun[]>;
  lastFinished(
    companyId: string,
    kind: SyncRun["kind"],
    status?: SyncStatus,
  ): Promise<SyncRun | null>;
}

/** A per-company lease held in the database, so that it holds across server instances. */
export interface CompanyLockRepository {
  /**
   * True when the lock was taken; false when someone else holds an unexpired lease. The same
   * holder takes its own lease again (a job's retry, whose holder is the job id).
   */
  tryAcquire(
    companyId: string,
    name: string,
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<boolean>;
  release(companyId: string, name: string, holder: string): Promise<void>;
}

/** Where the last reconciliation of a company's Cal.com bookings got to. */
export interface ReconcileCursorRepository {
  /** The highest Cal.com `updatedAt` applied so far (UTC ISO), null before the first run. */
  get(companyId: string): Promise<string | null>;
  set(companyId: string, updatedAt: string, savedAt: string): Promise<void>;
}

/** A Cal.com person as last mirrored, live or removed: names for audit rows and appointments. */
export interface HostProfile {
  calcomUserId: number;
  name: string | null;
  username: string | null;
  avatarUrl: string | null;
}
