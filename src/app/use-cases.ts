import {
  type CallDirectoryOptions,
  cacheCallDirectory,
} from "../db/repositories/call-directory-cache.ts";
import type { Service, TenantContext } from "../domain/entities.ts";
import { ValidationError } from "../domain/errors.ts";
import type {
  CalcomBookingGateway,
  CalcomBookingLister,
  CalcomTeamReader,
  SlotCache,
} from "../domain/ports/calcom.ts";
import type { CalcomEventTypeWebhooks } from "../domain/ports/calcom-webhooks.ts";
import type { ChangeFeed } from "../domain/ports/change-feed.ts";
import type { DemoTeams } from "../domain/ports/demo-teams.ts";
import type { JobQueue } from "../domain/ports/jobs.ts";
import type { RetellAgentApi, RetellCalls } from "../domain/ports/retell-api.ts";
import type { Store } from "../domain/ports/store.ts";
import { makeAuthenticateApiToken } from "../features/api/authenticate-api-token.ts";
import { makeCreateApiToken } from "../features/api/create-api-token.ts";
import { makeListApiAudit } from "../features/api/list-api-audit.ts";
import { makeListApiTokens } from "../features/api/list-api-tokens.ts";
import { makeOpenApiCompany } from "../features/api/open-api-company.ts";
import { makeRecordApiWrite } from "../features/api/record-api-write.ts";
import { makeRevokeApiToken } from "../features/api/revoke-api-token.ts";
import { makeAppointmentWeek } from "../features/appointments/appointment-week.ts";
import { makeIngestCalcomBooking } from "../features/appointments/ingest-calcom-booking.ts";
import { makeListAppointmentRows } from "../features/appointments/list-appointment-rows.ts";
import { makeListAppointments } from "../features/appointments/list-appointments.ts";
import { makeListDeliveries } from "../features/appointments/list-deliveries.ts";
import { makeReconcileBookings } from "../features/appointments/reconcile-bookings.ts";
import { makeRecordIgnoredWebhook } from "../features/appointments/record-ignored-webhook.ts";
import { makeAcceptInvite, makeFindInvite } from "../features/auth/accept-invite.ts";
import { makeAuthenticate } from "../features/auth/authenticate.ts";
import { makeChooseLocale } from "../features/auth/choose-locale.ts";
import { makeCreateUser } from "../features/auth/create-user.ts";
import { makeInviteUser } from "../features/auth/invite-user.ts";
import { makeListUsers } from "../features/auth/list-users.ts";
import { makeLogIn } from "../features/auth/log-in.ts";
import { makeLogOut } from "../features/auth/log-out.ts";
import { makeRequestPasswordReset } from "../features/auth/request-password-reset.ts";
import { makeFindResetLink, makeResetPassword } from "../features/auth/reset-password.ts";
import { makeSetUserDisabled } from "../features/auth/set-user-disabled.ts";
import { makeListLockouts, makeUnlockLogin } from "../features/auth/unlock-login.ts";
import { makeGetCall } from "../features/calls/get-call.ts";
import { makeGetCallTranscript } from "../features/calls/get-call-transcript.ts";
import { makeInboundCall } from "../features/calls/inbound-call.ts";
import { makeListCalls } from "../features/calls/list-calls.ts";
import { makeRecordCallEvent } from "../features/calls/record-call-event.ts";
import { makeRouteCall } from "../features/calls/route-call.ts";
import { makeSuggestTransfer } from "../features/calls/suggest-transfer.ts";
import { makeBookTestCall, makeStartTestCall } from "../features/calls/test-call.ts";
import { makeAddRetellAgent } from "../features/company/add-retell-agent.ts";
import { makeCompanyDashboard } from "../features/company/company-dashboard.ts";
import type { CalcomBaseUrlPolicy } from "../features/company/company-schemas.ts";
import { makeConnectDemoTeam } from "../features/company/connect-demo-team.ts";
import { makeCreateCompany } from "../features/company/create-company.ts";
import { makeGetCompany } from "../features/company/get-company.ts";
import {
  type InstallWebhooksInput,
  makeInstallCalcomWebhooks,
} from "../features/company/install-calcom-webhooks.ts";
import { makeListCompanies, makeListVisibleCompanies } from "../features/company/list-companies.ts";
import { makeListSettingsAudit } from "../features/company/list-settings-audit.ts";
import { makeOnboardingChecklist } from "../features/company/onboarding-checklist.ts";
import { makeOpenCompany } from "../features/company/open-company.ts";
import {
  makeAddPhoneNumber,
  makeListPhoneNumbers,
  makeRemovePhoneNumber,
} from "../features/company/phone-numbers.ts";
import { makePlatformOverview } from "../features/company/platform-overview.ts";
import { makeProvisionRetellAgent } from "../features/company/provision-retell-agent.ts";
import { makeRotateWebhookSecret } from "../features/company/rotate-webhook-secret.ts";
import { makeTestCalcomConnection } from "../features/company/test-calcom-connection.ts";
import { makeUpdateCompanySettings } from "../features/company/update-company-settings.ts";
import { makeWatchChanges } from "../features/company/watch-changes.ts";
import { makeWebhookSecretWindow } from "../features/company/webhook-secret-window.ts";
import { makeChangeHostMappingsInBulk } from "../features/mappings/change-mappings-in-bulk.ts";
import { makeChangeHostMapping } from "../features/mappings/change-one-mapping.ts";
import { makeListHostMappings } from "../features/mappings/list-host-mappings.ts";
import {
  makeListMappingAudit,
  makeListMappingAuditWithNames,
} from "../features/mappings/list-mapping-audit.ts";
import { makeReviewHostMappings } from "../features/mappings/review-host-mappings.ts";
import { makeEraseCustomer, makeListErasures } from "../features/privacy/erase-customer.ts";
import { makeExportCustomer } from "../features/privacy/export-customer.ts";
import { makePurgeExpiredData } from "../features/privacy/purge-expired-data.ts";
import { makeCreateService } from "../features/service/create-service.ts";
import { makeCreateServiceFromEventType } from "../features/service/create-service-from-event-type.ts";
import { makeDeleteService } from "../features/service/delete-service.ts";
import { makeGetService } from "../features/service/get-service.ts";
import { makeListServiceCoverage } from "../features/service/list-service-coverage.ts";
import { makeResolveServiceHosts } from "../features/service/resolve-service-hosts.ts";
import { makeUpdateService } from "../features/service/update-service.ts";
import { makeAddStaff } from "../features/staff/add-staff.ts";
import { makeDeleteStaff } from "../features/staff/delete-staff.ts";
import { makeGetStaff } from "../features/staff/get-staff.ts";
import { makeImportStaff } from "../features/staff/import-staff.ts";
import { makeListAssignableStaff } from "../features/staff/list-assignable-staff.ts";
import { makeListStaffMembers } from "../features/staff/list-staff-members.ts";
import { makePreviewStaffImport } from "../features/staff/preview-staff-import.ts";
import { makeUpdateStaff } from "../features/staff/update-staff.ts";
import { makeListEventTypes, makeListTeamEventTypes } from "../features/sync/list-event-types.ts";
import { makeListSyncRuns } from "../features/sync/list-sync-runs.ts";
import { makeRequestSync } from "../features/sync/request-sync.ts";
import { makeRunScheduledSync } from "../features/sync/run-scheduled-sync.ts";
import { makeSyncNow } from "../features/sync/sync-now.ts";
import { makeSyncServiceHosts } from "../features/sync/sync-service-hosts.ts";
import { makeSyncTeam } from "../features/sync/sync-team.ts";
import type { UseCases } from "../features/use-cases.ts";
import { makeBookAppointment } from "../features/voice/book-appointment.ts";
import { makeCancelAppointment } from "../features/voice/cancel-appointment.ts";
import { makeCheckAvailability } from "../features/voice/check-availability.ts";
import { makeFindAppointments } from "../features/voice/find-appointments.ts";
import { makeListVoiceServices } from "../features/voice/list-services.ts";
import { makeListStaff } from "../features/voice/list-staff.ts";
import {
  createSlotPrefetcher,
  type SlotPrefetchMetrics,
  type SlotPrefetchOptions,
} from "../features/voice/prefetch-slots.ts";
import { makeRescheduleAppointment } from "../features/voice/reschedule-appointment.ts";
import { makeSettleBookingAttempts } from "../features/voice/settle-booking-attempts.ts";
import { createSlotHolds, type SlotHoldMetrics } from "../features/voice/slot-holds.ts";
import { enqueueNotification } from "../jobs/background-jobs.ts";
import type { Clock } from "../platform/clock.ts";
import type { IdGenerator } from "../platform/ids.ts";
import type { Logger } from "../platform/logger.ts";
import type { Notification } from "../platform/notifier.ts";
import { agentBlueprint } from "../retell/agent-config.ts";
import { retellTools } from "../voice-functions/retell-tools.ts";

export interface UseCaseDeps {
  store: Store;
  calcom: {
    teams: CalcomTeamReader;
    bookings: CalcomBookingGateway;
    /** Cal.com's booking list, for reconciliation. */
    bookingList: CalcomBookingLister;
    /** The webhooks on the company's event types. */
    webhooks: CalcomEventTypeWebhooks;
  };
  slotCache: SlotCache;
  /** Retell's API: a call's transcript, read when a user asks for it. */
  retell: RetellCalls;
  /** Retell's configuration API: `retell-agent provision` sets a company's agent up with it. */
  retellAgentApi: RetellAgentApi;
  /** Told after every commit that changes what a live console page shows. */
  changes: ChangeFeed;
  /** The call directory's lifetime and the other instances it hears from (default: 5 s, none). */
  callDirectory?: Omit<CallDirectoryOptions, "now">;
  clock: Clock;
  newId: IdGenerator;
  logger: Pick<Logger, "info" | "warn" | "error">;
  passwords: {
    hash(password: string): Promise<string>;
    verify(password: string, hash: string): Promise<boolean>;
    /** True for a stored hash below the current cost: it is replaced after a login. */
    needsRehash?(hash: string): boolean;
  };
  /** Sends a notification now (invitations and resets report the outcome to the admin). */
  notify(notification: Notification): Promise<unknown>;
  /** The job queue: requested syncs, targeted syncs, a failed scheduled sync's notifications. */
  jobs: JobQueue;
  settings: {
    /** CALCOM_ALLOWED_BASE_URLS (+ FRONTDESK_ALLOW_LOOPBACK_CALCOM); the hosted two by default. */
    calcomBaseUrls?: CalcomBaseUrlPolicy;
    /** BOOKING_SETTLE_INTERVAL_MS: how soon a booking whose answer was lost is looked up (15 s). */
    bookingSettleIntervalMs?: number;
    /**
     * RETENTION_DAYS: how long raw deliveries and settled booking attempts are kept, and a call's
     * transcript is shown (30).
     */
    retentionDays?: number;
    /** Bounds of the slot prefetch on call_inbound (defaults in voice/prefetch-slots.ts). */
    slotPrefetch?: SlotPrefetchOptions;
    notifyEmailTo?: string | null;
    notifyWebhookUrl?: string | null;
    /** RETELL_API_KEY is set (the onboarding checklist asks). */
    retellKeyConfigured?: boolean;
    /** PUBLIC_URL as configured (no default): the addresses Retell's agent is given. */
    publicUrl?: string;
    /** The console page a failure notice links to. */
    consoleUrl(companyId: string): string;
  };
  /** Counters for slot reads and prefetches (the server's /metrics). */
  voiceMetrics?: SlotPrefetchMetrics &
    SlotHoldMetrics & { slotReads?: { inc(labels: { source: string }): void } };
  /** After an erasure: make the database files forget the erased rows (SQLite checkpoint). */
  flushErased?: () => Promise<void>;
  /** A "Sync now" that failed in the background (logged by default). */
  onBackgroundError?: (error: unknown, companyId: string) => void;
  /** Demo mode only: new Cal.com teams on the built-in simulator. */
  demoTeams?: DemoTeams;
}

/**
 * The one catalogue of use-cases, grouped by the aggregate each changes, over the repositories
 * and the Cal.com adapters. The voice path reads routing and services through the call directory
 * (a cache of a few seconds, db/repositories/call-directory-cache.ts); every use-case writes
 * through the store that empties it.
 */
export function createUseCases(deps: UseCaseDeps) {
  const { calcom, slotCache, changes, clock, newId, logger, settings } = deps;
  const directory = cacheCallDirectory(deps.store, {
    ...deps.callDirectory,
    now: () => clock.now().getTime(),
  });
  const { store, cached } = directory;
  const voiceStore = { ...store, services: { ...store.services, list: cached.services.list } };
  const voice = { store: voiceStore, calcom: calcom.bookings, slotCache, clock };
  // Free slots fetched while the phone rings and kept fresh while calls last.
  const slotPrefetch = createSlotPrefetcher(
    {
      services: cached.services,
      calcom: calcom.bookings,
      slotCache,
      clock,
      store: voiceStore,
      metrics: deps.voiceMetrics,
    },
    settings.slotPrefetch,
  );
  // The time a caller was offered, hidden from Cal.com's booking pages until booked or hung up.
  const slotHolds = createSlotHolds({
    holds: store.slotHolds,
    calcom: calcom.bookings,
    clock,
    logger,
    metrics: deps.voiceMetrics,
  });
  const installCalcomWebhooks = makeInstallCalcomWebhooks({
    store,
    calcom: calcom.webhooks,
    clock,
    // The demo has no PUBLIC_URL of its own: Cal.com (its simulator) reaches the console there.
    publicUrl: () => settings.publicUrl ?? deps.demoTeams?.serverUrl(),
  });
  // After a sync or a secret rotation: a failure is logged, never the caller's; a company not
  // set up for it yet (no public URL, secret or key) simply gets none.
  const installQuietly = (input: InstallWebhooksInput) => async (ctx: TenantContext) => {
    try {
      const result = await installCalcomWebhooks(ctx, input);
      if (result.counts.failed > 0) {
        logger.warn(
          { companyId: ctx.company.id, eventTypes: result.eventTypes },
          "Cal.com webhooks: some could not be installed",
        );
      }
    } catch (err) {
      if (err instanceof ValidationError) return;
      logger.warn({ err, companyId: ctx.company.id }, "Cal.com webhooks: install failed");
    }
  };
  // A service newly linked to an event type gets our webhook on it right away, not at the next
  // sync: Cal.com sends each booking once, so one made in between would reach us only by
  // reconciliation.
  const linksWebhook =
    <A extends unknown[]>(
      linkService: (ctx: TenantContext, ...args: A) => Promise<Service>,
    ): ((ctx: TenantContext, ...args: A) => Promise<Service>) =>
    async (ctx, ...args) => {
      const service = await linkService(ctx, ...args);
      if (service.active && service.calcomEventTypeId !== null)
        await installQuietly({ onlyMissing: true })(ctx);
      return service;
    };
  const syncTeam = makeSyncTeam({
    store,
    calcom: calcom.teams,
    clock,
    newId,
    changes,
    installNewWebhooks: installQuietly({ onlyMissing: true }),
  });
  const syncServiceHosts = makeSyncServiceHosts({ store, syncTeam, clock, changes });
  const requestSync = makeRequestSync({ jobs: deps.jobs });
  const listAppointments = makeListAppointments(store);
  const updateCompanySettings = makeUpdateCompanySettings({
    companies: store.companies,
    transaction: store.transaction,
    clock,
    calcomBaseUrls: settings.calcomBaseUrls,
  });

  const useCases: UseCases = {
    company: {
      createCompany: makeCreateCompany({
        companies: store.companies,
        calcomBaseUrls: settings.calcomBaseUrls,
      }),
      getCompany: makeGetCompany({ companies: store.companies, recent: cached.companies }),
      listCompanies: makeListCompanies(store),
      listVisibleCompanies: makeListVisibleCompanies(store),
      openCompany: makeOpenCompany(store),
      updateCompanySettings,
      testCalcomConnection: makeTestCalcomConnection({
        probe: async (company) => {
          const team = await calcom.teams.readTeam(company, { requests: 0 });
          return { eventTypes: team.eventTypes.length, members: team.members.length };
        },
        calcomBaseUrls: settings.calcomBaseUrls,
      }),
      addPhoneNumber: makeAddPhoneNumber(store),
      removePhoneNumber: makeRemovePhoneNumber(store),
      rotateWebhookSecret: makeRotateWebhookSecret({
        store,
        clock,
        reinstallWebhooks: installQuietly({ onlyMissing: true, installedOnly: true }),
      }),
      installCalcomWebhooks,
      listSettingsAudit: makeListSettingsAudit(store),
      webhookSecretWindow: makeWebhookSecretWindow({ clock }),
      listPhoneNumbers: makeListPhoneNumbers(store),
      addRetellAgent: makeAddRetellAgent(store),
      provisionRetellAgent: makeProvisionRetellAgent({
        ...store,
        retellAgentApi: deps.retellAgentApi,
        publicUrl: settings.publicUrl,
        blueprint: (company, publicUrl) =>
          agentBlueprint({
            company,
            publicUrl,
            tools: retellTools({
              publicUrl,
              locale: company.locale,
              transferNumber: company.transferNumber,
            }),
          }),
      }),
      companyDashboard: makeCompanyDashboard({ ...store, clock }),
      platformOverview: makePlatformOverview({ ...store, clock }),
      watchChanges: makeWatchChanges({ changes }),
      onboardingChecklist: makeOnboardingChecklist({
        ...store,
        retellKeyConfigured: settings.retellKeyConfigured ?? false,
      }),
      connectDemoTeam: makeConnectDemoTeam({ demoTeams: deps.demoTeams, updateCompanySettings }),
      demoTeamsAvailable: deps.demoTeams !== undefined,
    },
    staff: {
      importStaff: makeImportStaff({ store }),
      previewStaffImport: makePreviewStaffImport(store),
      listAssignableStaff: makeListAssignableStaff(store),
      listStaffMembers: makeListStaffMembers(store),
      getStaff: makeGetStaff(store),
      addStaff: makeAddStaff(store),
      updateStaff: makeUpdateStaff(store),
      deleteStaff: makeDeleteStaff({ store, changes }),
    },
    service: {
      createService: linksWebhook(makeCreateService({ ...store, syncTeam })),
      updateService: linksWebhook(makeUpdateService(store)),
      deleteService: makeDeleteService({ store }),
      getService: makeGetService(store),
      createServiceFromEventType: linksWebhook(makeCreateServiceFromEventType(store)),
      resolveServiceHosts: makeResolveServiceHosts(store),
      listServiceCoverage: makeListServiceCoverage(store),
    },
    sync: {
      syncTeam,
      syncServiceHosts,
      syncNow: makeSyncNow({
        syncServiceHosts,
        changes,
        onError:
          deps.onBackgroundError ??
          ((err, companyId) => logger.error({ err, companyId }, "console: background sync failed")),
      }),
      // The daily job: team sync, then host matching; a failure notifies the operator.
      runScheduledSync: makeRunScheduledSync({
        sync: async (ctx, input) => {
          const result = await syncServiceHosts(ctx, input);
          return { status: result.run.status, error: result.error, runId: result.run.id };
        },
        lastSuccess: async (companyId) =>
          (await store.syncRuns.lastFinished(companyId, "team", "succeeded"))?.finishedAt ?? null,
        // As jobs, one per channel, retried with backoff until delivered (docs/jobs.md).
        notify: (notification) => enqueueNotification(deps.jobs, notification),
        notifyEmailTo: settings.notifyEmailTo ?? null,
        notifyWebhookUrl: settings.notifyWebhookUrl ?? null,
        consoleUrl: settings.consoleUrl,
        logger,
      }),
      listSyncRuns: makeListSyncRuns(store),
      requestSync,
      listEventTypes: makeListEventTypes(store),
      listTeamEventTypes: makeListTeamEventTypes(store),
    },
    mappings: {
      listHostMappings: makeListHostMappings(store),
      reviewHostMappings: makeReviewHostMappings(store),
      changeHostMapping: makeChangeHostMapping({ store, clock, changes }),
      changeHostMappingsInBulk: makeChangeHostMappingsInBulk({ store, clock, changes }),
      listMappingAudit: makeListMappingAudit(store),
      listMappingAuditWithNames: makeListMappingAuditWithNames(store),
    },
    appointments: {
      listAppointments,
      listAppointmentRows: makeListAppointmentRows({ ...store, clock }),
      appointmentWeek: makeAppointmentWeek({ ...store, clock }),
      ingestCalcomBooking: makeIngestCalcomBooking({
        store,
        syncServiceHosts,
        requestTeamSync: (ctx) => requestSync(ctx, { kind: "team" }),
        slotCache,
        clock,
        changes,
      }),
      recordIgnoredWebhook: makeRecordIgnoredWebhook({ inbox: store.inbox, clock }),
      listDeliveries: makeListDeliveries(store),
      reconcileBookings: makeReconcileBookings({
        store,
        calcom: calcom.bookingList,
        // Event types or hosts the mirror does not know: the team sync, then host matching.
        syncServiceHosts,
        slotCache,
        clock,
        newId,
      }),
    },
    calls: {
      routeCall: makeRouteCall(cached),
      inboundCall: makeInboundCall({ store, prefetch: slotPrefetch }),
      suggestTransfer: makeSuggestTransfer({ calls: store.calls, clock }),
      recordCallEvent: makeRecordCallEvent({ ...voice, prefetch: slotPrefetch, slotHolds }),
      listCalls: makeListCalls(store),
      getCall: makeGetCall(store),
      getCallTranscript: makeGetCallTranscript({
        calls: store.calls,
        retell: deps.retell,
        clock,
        retentionDays: settings.retentionDays,
        logger,
      }),
      startTestCall: makeStartTestCall({ phoneNumbers: store.phoneNumbers, newId }),
      bookTestCall: makeBookTestCall({ phoneNumbers: store.phoneNumbers, newId }),
    },
    voice: {
      listVoiceServices: makeListVoiceServices(voiceStore),
      listStaff: makeListStaff({ ...voiceStore, clock }),
      checkAvailability: makeCheckAvailability({
        ...voice,
        services: cached.services,
        onWindowRead: slotPrefetch.windowRead,
        slotReads: deps.voiceMetrics?.slotReads,
        slotHolds,
      }),
      bookAppointment: makeBookAppointment({
        ...voice,
        logger,
        settleIntervalMs: settings.bookingSettleIntervalMs,
        slotHolds,
      }),
      findAppointments: makeFindAppointments(voice),
      cancelAppointment: makeCancelAppointment(voice),
      rescheduleAppointment: makeRescheduleAppointment(voice),
      // One round of the booking settler (jobs/booking-settler.ts runs it in `serve`).
      settleBookingAttempts: makeSettleBookingAttempts({
        store,
        calcom: calcom.bookings,
        slotCache,
        clock,
        intervalMs: settings.bookingSettleIntervalMs,
        logger,
      }),
    },
    auth: {
      logIn: makeLogIn({
        ...store,
        verifyPassword: deps.passwords.verify,
        hashPassword: deps.passwords.hash,
        needsRehash: deps.passwords.needsRehash,
        clock,
      }),
      logOut: makeLogOut(store),
      authenticate: makeAuthenticate({ sessions: store.sessions, clock }),
      chooseLocale: makeChooseLocale(store),
      createUser: makeCreateUser({ ...store, hashPassword: deps.passwords.hash }),
      listLockouts: makeListLockouts({ lockouts: store.lockouts, clock }),
      unlockLogin: makeUnlockLogin({ lockouts: store.lockouts, clock, newId }),
      listUsers: makeListUsers(store),
      inviteUser: makeInviteUser({ ...store, clock, newId, notify: deps.notify }),
      findInvite: makeFindInvite({ userTokens: store.userTokens, clock }),
      acceptInvite: makeAcceptInvite({ store, clock, newId, hashPassword: deps.passwords.hash }),
      requestPasswordReset: makeRequestPasswordReset({
        ...store,
        clock,
        newId,
        notify: deps.notify,
      }),
      findResetLink: makeFindResetLink({ userTokens: store.userTokens, clock }),
      resetPassword: makeResetPassword({ store, clock, newId, hashPassword: deps.passwords.hash }),
      setUserDisabled: makeSetUserDisabled({ store, clock, newId }),
    },
    api: {
      createApiToken: makeCreateApiToken({ ...store, clock, newId }),
      listApiTokens: makeListApiTokens(store),
      revokeApiToken: makeRevokeApiToken({ ...store, clock }),
      authenticateApiToken: makeAuthenticateApiToken({ apiTokens: store.apiTokens, clock }),
      recordApiWrite: makeRecordApiWrite({ ...store, clock }),
      listApiAudit: makeListApiAudit(store),
      openApiCompany: makeOpenApiCompany(store),
    },
    privacy: {
      exportCustomer: makeExportCustomer({ ...store, clock }),
      eraseCustomer: makeEraseCustomer({ store, clock, newId, flush: deps.flushErased }),
      listErasures: makeListErasures(store),
      purgeExpiredData: makePurgeExpiredData({
        ...store,
        clock,
        retentionDays: settings.retentionDays,
      }),
    },
  };
  return { useCases, store, slotPrefetch, slotHolds, forgetDirectory: directory.forget };
}
