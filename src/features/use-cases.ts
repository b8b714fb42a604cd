import type { makeAuthenticateApiToken } from "./api/authenticate-api-token.ts";
import type { makeCreateApiToken } from "./api/create-api-token.ts";
import type { makeListApiAudit } from "./api/list-api-audit.ts";
import type { makeListApiTokens } from "./api/list-api-tokens.ts";
import type { makeOpenApiCompany } from "./api/open-api-company.ts";
import type { makeRecordApiWrite } from "./api/record-api-write.ts";
import type { makeRevokeApiToken } from "./api/revoke-api-token.ts";
import type { makeAppointmentWeek } from "./appointments/appointment-week.ts";
import type { makeIngestCalcomBooking } from "./appointments/ingest-calcom-booking.ts";
import type { makeListAppointmentRows } from "./appointments/list-appointment-rows.ts";
import type { makeListAppointments } from "./appointments/list-appointments.ts";
import type { makeListDeliveries } from "./appointments/list-deliveries.ts";
import type { makeReconcileBookings } from "./appointments/reconcile-bookings.ts";
import type { makeRecordIgnoredWebhook } from "./appointments/record-ignored-webhook.ts";
import type { makeAcceptInvite, makeFindInvite } from "./auth/accept-invite.ts";
import type { makeAuthenticate } from "./auth/authenticate.ts";
import type { makeChooseLocale } from "./auth/choose-locale.ts";
import type { makeCreateUser } from "./auth/create-user.ts";
import type { makeInviteUser } from "./auth/invite-user.ts";
import type { makeListUsers } from "./auth/list-users.ts";
import type { makeLogIn } from "./auth/log-in.ts";
import type { makeLogOut } from "./auth/log-out.ts";
import type { makeRequestPasswordReset } from "./auth/request-password-reset.ts";
import type { makeFindResetLink, makeResetPassword } from "./auth/reset-password.ts";
import type { makeSetUserDisabled } from "./auth/set-user-disabled.ts";
import type { makeListLockouts, makeUnlockLogin } from "./auth/unlock-login.ts";
import type { makeGetCall } from "./calls/get-call.ts";
import type { makeGetCallTranscript } from "./calls/get-call-transcript.ts";
import type { makeInboundCall } from "./calls/inbound-call.ts";
import type { makeListCalls } from "./calls/list-calls.ts";
import type { makeRecordCallEvent } from "./calls/record-call-event.ts";
import type { makeRouteCall } from "./calls/route-call.ts";
import type { makeSuggestTransfer } from "./calls/suggest-transfer.ts";
import type { makeBookTestCall, makeStartTestCall } from "./calls/test-call.ts";
import type { makeAddRetellAgent } from "./company/add-retell-agent.ts";
import type { makeCompanyDashboard } from "./company/company-dashboard.ts";
import type { makeConnectDemoTeam } from "./company/connect-demo-team.ts";
import type { makeCreateCompany } from "./company/create-company.ts";
import type { makeGetCompany } from "./company/get-company.ts";
import type { makeInstallCalcomWebhooks } from "./company/install-calcom-webhooks.ts";
import type { makeListCompanies, makeListVisibleCompanies } from "./company/list-companies.ts";
import type { makeListSettingsAudit } from "./company/list-settings-audit.ts";
import type { makeOnboardingChecklist } from "./company/onboarding-checklist.ts";
import type { makeOpenCompany } from "./company/open-company.ts";
import type {
  makeAddPhoneNumber,
  makeListPhoneNumbers,
  makeRemovePhoneNumber,
} from "./company/phone-numbers.ts";
import type { makePlatformOverview } from "./company/platform-overview.ts";
import type { makeProvisionRetellAgent } from "./company/provision-retell-agent.ts";
import type { makeRotateWebhookSecret } from "./company/rotate-webhook-secret.ts";
import type { makeTestCalcomConnection } from "./company/test-calcom-connection.ts";
import type { makeUpdateCompanySettings } from "./company/update-company-settings.ts";
import type { makeWatchChanges } from "./company/watch-changes.ts";
import type { makeWebhookSecretWindow } from "./company/webhook-secret-window.ts";
import type { makeChangeHostMappingsInBulk } from "./mappings/change-mappings-in-bulk.ts";
import type { makeChangeHostMapping } from "./mappings/change-one-mapping.ts";
import type { makeListHostMappings } from "./mappings/list-host-mappings.ts";
import type {
  makeListMappingAudit,
  makeListMappingAuditWithNames,
} from "./mappings/list-mapping-audit.ts";
import type { makeReviewHostMappings } from "./mappings/review-host-mappings.ts";
import type { makeEraseCustomer, makeListErasures } from "./privacy/erase-customer.ts";
import type { makeExportCustomer } from "./privacy/export-customer.ts";
import type { makePurgeExpiredData } from "./privacy/purge-expired-data.ts";
import type { makeCreateService } from "./service/create-service.ts";
import type { makeCreateServiceFromEventType } from "./service/create-service-from-event-type.ts";
import type { makeDeleteService } from "./service/delete-service.ts";
import type { makeGetService } from "./service/get-service.ts";
import type { makeListServiceCoverage } from "./service/list-service-coverage.ts";
import type { makeResolveServiceHosts } from "./service/resolve-service-hosts.ts";
import type { makeUpdateService } from "./service/update-service.ts";
import type { makeAddStaff } from "./staff/add-staff.ts";
import type { makeDeleteStaff } from "./staff/delete-staff.ts";
import type { makeGetStaff } from "./staff/get-staff.ts";
import type { makeImportStaff } from "./staff/import-staff.ts";
import type { makeListAssignableStaff } from "./staff/list-assignable-staff.ts";
import type { makeListStaffMembers } from "./staff/list-staff-members.ts";
import type { makePreviewStaffImport } from "./staff/preview-staff-import.ts";
import type { makeUpdateStaff } from "./staff/update-staff.ts";
import type { makeListEventTypes, makeListTeamEventTypes } from "./sync/list-event-types.ts";
import type { makeListSyncRuns } from "./sync/list-sync-runs.ts";
import type { makeRequestSync } from "./sync/request-sync.ts";
import type { makeRunScheduledSync } from "./sync/run-scheduled-sync.ts";
import type { makeSyncNow } from "./sync/sync-now.ts";
import type { makeSyncServiceHosts } from "./sync/sync-service-hosts.ts";
import type { makeSyncTeam } from "./sync/sync-team.ts";
import type { makeBookAppointment } from "./voice/book-appointment.ts";
import type { makeCancelAppointment } from "./voice/cancel-appointment.ts";
import type { makeCheckAvailability } from "./voice/check-availability.ts";
import type { makeFindAppointments } from "./voice/find-appointments.ts";
import type { makeListVoiceServices } from "./voice/list-services.ts";
import type { makeListStaff } from "./voice/list-staff.ts";
import type { makeRescheduleAppointment } from "./voice/reschedule-appointment.ts";
import type { makeSettleBookingAttempts } from "./voice/settle-booking-attempts.ts";

// biome-ignore lint/suspicious/noExplicitAny: any factory's parameters
type Made<F extends (...args: any[]) => unknown> = ReturnType<F>;

/**
 * The use-case catalogue as the inbound adapters (HTTP, console, CLI, scheduler) call it, grouped
 * by the aggregate each use-case changes. app/ builds it; an adapter names the areas it uses, so
 * what it may call is visible in its dependencies.
 */
export interface UseCases {
  company: {
    createCompany: Made<typeof makeCreateCompany>;
    getCompany: Made<typeof makeGetCompany>;
    listCompanies: Made<typeof makeListCompanies>;
    listVisibleCompanies: Made<typeof makeListVisibleCompanies>;
    openCompany: Made<typeof makeOpenCompany>;
    updateCompanySettings: Made<typeof makeUpdateCompanySettings>;
    testCalcomConnection: Made<typeof makeTestCalcomConnection>;
    addPhoneNumber: Made<typeof makeAddPhoneNumber>;
    removePhoneNumber: Made<typeof makeRemovePhoneNumber>;
    /** A new Cal.com webhook secret; the replaced one stays valid for 24 hours. */
    rotateWebhookSecret: Made<typeof makeRotateWebhookSecret>;
    /** Our booking webhook on every Cal.com event type an active service is linked to. */
    installCalcomWebhooks: Made<typeof makeInstallCalcomWebhooks>;
    listSettingsAudit: Made<typeof makeListSettingsAudit>;
    webhookSecretWindow: Made<typeof makeWebhookSecretWindow>;
    listPhoneNumbers: Made<typeof makeListPhoneNumbers>;
    addRetellAgent: Made<typeof makeAddRetellAgent>;
    /** Creates or updates the company's LLM, agent and number bindings in Retell. */
    provisionRetellAgent: Made<typeof makeProvisionRetellAgent>;
    companyDashboard: Made<typeof makeCompanyDashboard>;
    platformOverview: Made<typeof makePlatformOverview>;
    /** The company's change feed, for the console's live pages. */
    watchChanges: Made<typeof makeWatchChanges>;
    onboardingChecklist: Made<typeof makeOnboardingChecklist>;
    /** Demo mode only: a new Cal.com team on the built-in simulator for the company. */
    connectDemoTeam: Made<typeof makeConnectDemoTeam>;
    /** Whether connectDemoTeam can work here (the demo), so the console offers it. */
    demoTeamsAvailable: boolean;
  };
  staff: {
    importStaff: Made<typeof makeImportStaff>;
    previewStaffImport: Made<typeof makePreviewStaffImport>;
    listAssignableStaff: Made<typeof makeListAssignableStaff>;
    listStaffMembers: Made<typeof makeListStaffMembers>;
    getStaff: Made<typeof makeGetStaff>;
    addStaff: Made<typeof makeAddStaff>;
    updateStaff: Made<typeof makeUpdateStaff>;
    deleteStaff: Made<typeof makeDeleteStaff>;
  };
  service: {
    createService: Made<typeof makeCreateService>;
    updateService: Made<typeof makeUpdateService>;
    deleteService: Made<typeof makeDeleteService>;
    getService: Made<typeof makeGetService>;
    createServiceFromEventType: Made<typeof makeCreateServiceFromEventType>;
    resolveServiceHosts: Made<typeof makeResolveServiceHosts>;
    listServiceCoverage: Made<typeof makeListServiceCoverage>;
  };
  /** The Cal.com mirror: team syncs and what they found. */
  sync: {
    syncTeam: Made<typeof makeSyncTeam>;
    syncServiceHosts: Made<typeof makeSyncServiceHosts>;
    syncNow: Made<typeof makeSyncNow>;
    runScheduledSync: Made<typeof makeRunScheduledSync>;
    listSyncRuns: Made<typeof makeListSyncRuns>;
    /** A team sync or reconciliation as a job (the JSON API's "sync now"). */
    requestSync: Made<typeof makeRequestSync>;
    listEventTypes: Made<typeof makeListEventTypes>;
    listTeamEventTypes: Made<typeof makeListTeamEventTypes>;
  };
  mappings: {
    listHostMappings: Made<typeof makeListHostMappings>;
    reviewHostMappings: Made<typeof makeReviewHostMappings>;
    changeHostMapping: Made<typeof makeChangeHostMapping>;
    changeHostMappingsInBulk: Made<typeof makeChangeHostMappingsInBulk>;
    listMappingAudit: Made<typeof makeListMappingAudit>;
    listMappingAuditWithNames: Made<typeof makeListMappingAuditWithNames>;
  };
  appointments: {
    listAppointments: Made<typeof makeListAppointments>;
    listAppointmentRows: Made<typeof makeListAppointmentRows>;
    appointmentWeek: Made<typeof makeAppointmentWeek>;
    ingestCalcomBooking: Made<typeof makeIngestCalcomBooking>;
    recordIgnoredWebhook: Made<typeof makeRecordIgnoredWebhook>;
    listDeliveries: Made<typeof makeListDeliveries>;
    reconcileBookings: Made<typeof makeReconcileBookings>;
  };
  calls: {
    routeCall: Made<typeof makeRouteCall>;
    inboundCall: Made<typeof makeInboundCall>;
    /** Whether a reply that cannot help offers to connect the caller to the team. */
    suggestTransfer: Made<typeof makeSuggestTransfer>;
    recordCallEvent: Made<typeof makeRecordCallEvent>;
    listCalls: Made<typeof makeListCalls>;
    getCall: Made<typeof makeGetCall>;
    getCallTranscript: Made<typeof makeGetCallTranscript>;
    startTestCall: Made<typeof makeStartTestCall>;
    bookTestCall: Made<typeof makeBookTestCall>;
  };
  /** The phone agent's functions and the settling of bookings whose answer was lost. */
  voice: {
    listVoiceServices: Made<typeof makeListVoiceServices>;
    listStaff: Made<typeof makeListStaff>;
    checkAvailability: Made<typeof makeCheckAvailability>;
    bookAppointment: Made<typeof makeBookAppointment>;
    findAppointments: Made<typeof makeFindAppointments>;
    cancelAppointment: Made<typeof makeCancelAppointment>;
    rescheduleAppointment: Made<typeof makeRescheduleAppointment>;
    settleBookingAttempts: Made<typeof makeSettleBookingAttempts>;
  };
  auth: {
    logIn: Made<typeof makeLogIn>;
    logOut: Made<typeof makeLogOut>;
    authenticate: Made<typeof makeAuthenticate>;
    chooseLocale: Made<typeof makeChooseLocale>;
    createUser: Made<typeof makeCreateUser>;
    listLockouts: Made<typeof makeListLockouts>;
    unlockLogin: Made<typeof makeUnlockLogin>;
    listUsers: Made<typeof makeListUsers>;
    inviteUser: Made<typeof makeInviteUser>;
    findInvite: Made<typeof makeFindInvite>;
    acceptInvite: Made<typeof makeAcceptInvite>;
    requestPasswordReset: Made<typeof makeRequestPasswordReset>;
    findResetLink: Made<typeof makeFindResetLink>;
    resetPassword: Made<typeof makeResetPassword>;
    setUserDisabled: Made<typeof makeSetUserDisabled>;
  };
  /** Bearer tokens of the JSON API. */
  api: {
    createApiToken: Made<typeof makeCreateApiToken>;
    listApiTokens: Made<typeof makeListApiTokens>;
    revokeApiToken: Made<typeof makeRevokeApiToken>;
    authenticateApiToken: Made<typeof makeAuthenticateApiToken>;
    recordApiWrite: Made<typeof makeRecordApiWrite>;
    listApiAudit: Made<typeof makeListApiAudit>;
    /** The tenant of a company route, as the token may see it. */
    openApiCompany: Made<typeof makeOpenApiCompany>;
  };
  privacy: {
    exportCustomer: Made<typeof makeExportCustomer>;
    eraseCustomer: Made<typeof makeEraseCustomer>;
    listErasures: Made<typeof makeListErasures>;
    purgeExpiredData: Made<typeof makePurgeExpiredData>;
  };
}
