import type {
  CalcomBookingGateway,
  CalcomBookingLister,
  CalcomTeamReader,
  SlotCache,
} from "../domain/ports/calcom.ts";
import type { Store } from "../domain/ports/store.ts";
import type { Clock } from "../platform/clock.ts";
import type { IdGenerator } from "../platform/ids.ts";
import type { Logger } from "../platform/logger.ts";
import { makeIngestCalcomBooking } from "./appointments/ingest-calcom-booking.ts";
import { makeListAppointments } from "./appointments/list-appointments.ts";
import { makeReconcileBookings } from "./appointments/reconcile-bookings.ts";
import { makeRecordIgnoredWebhook } from "./appointments/record-ignored-webhook.ts";
import { makeCreateUser } from "./auth/create-user.ts";
import { createCallDirectory } from "./calls/call-directory.ts";
import { makeInboundCall } from "./calls/inbound-call.ts";
import { makeRecordCallEvent } from "./calls/record-call-event.ts";
import { makeRouteCall } from "./calls/route-call.ts";
import { makeAddRetellAgent } from "./company/add-retell-agent.ts";
import type { CalcomBaseUrlPolicy } from "./company/company-schemas.ts";
import { makeCreateCompany } from "./company/create-company.ts";
import { makeGetCompany } from "./company/get-company.ts";
import { makeListCompanies } from "./company/list-companies.ts";
import {
  makeAddPhoneNumber,
  makeListPhoneNumbers,
  makeRemovePhoneNumber,
} from "./company/phone-numbers.ts";
import { makeUpdateCompanySettings } from "./company/update-company-settings.ts";
import { makeChangeHostMapping } from "./mappings/change-one-mapping.ts";
import { makeListHostMappings } from "./mappings/list-host-mappings.ts";
import { makeListMappingAudit } from "./mappings/list-mapping-audit.ts";
import { makeEraseCustomer } from "./privacy/erase-customer.ts";
import { makeExportCustomer } from "./privacy/export-customer.ts";
import { makePurgeExpiredData } from "./privacy/purge-expired-data.ts";
import { makeCreateService } from "./service/create-service.ts";
import { makeResolveServiceHosts } from "./service/resolve-service-hosts.ts";
import { makeUpdateService } from "./service/update-service.ts";
import { makeImportStaff } from "./staff/import-staff.ts";
import { makeListEventTypes } from "./sync/list-event-types.ts";
import { makeListSyncRuns } from "./sync/list-sync-runs.ts";
import { makeSyncServiceHosts } from "./sync/sync-service-hosts.ts";
import { makeSyncTeam } from "./sync/sync-team.ts";
import { makeBookAppointment } from "./voice/book-appointment.ts";
import { makeCancelAppointment } from "./voice/cancel-appointment.ts";
import { makeCheckAvailability } from "./voice/check-availability.ts";
import { makeFindAppointments } from "./voice/find-appointments.ts";
import { makeListVoiceServices } from "./voice/list-services.ts";
import {
  createSlotPrefetcher,
  type SlotPrefetchMetrics,
  type SlotPrefetchOptions,
} from "./voice/prefetch-slots.ts";
import { makeRescheduleAppointment } from "./voice/reschedule-appointment.ts";
import { makeSettleBookingAttempts } from "./voice/settle-booking-attempts.ts";

export interface FeatureDeps {
  store: Store;
  hashPassword: (password: string) => Promise<string>;
  calcom: CalcomTeamReader;
  calcomBookings: CalcomBookingGateway;
  /** Cal.com's booking list, for reconciliation. */
  calcomBookingLister: CalcomBookingLister;
  slotCache: SlotCache;
  clock: Clock;
  newId: IdGenerator;
  /** Bounds of the slot prefetch on call_inbound (defaults in voice/prefetch-slots.ts). */
  slotPrefetch?: SlotPrefetchOptions;
  /** Counters for slot reads and prefetches (the server's /metrics). */
  voiceMetrics?: SlotPrefetchMetrics & { slotReads?: { inc(labels: { source: string }): void } };
  /** Where refused phone bookings and the booking settler's findings are logged. */
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** BOOKING_SETTLE_INTERVAL_MS: how soon a booking whose answer was lost is looked up (15 s). */
  bookingSettleIntervalMs?: number;
  /** RETENTION_DAYS: how long raw deliveries and settled booking attempts are kept (30). */
  retentionDays?: number;
  /** Console sessions, whose expired rows the retention purge removes. */
  sessions?: { deleteExpired(now: string): Promise<unknown> };
  /** After an erasure: make the database files forget the erased rows (SQLite checkpoint). */
  flushErased?: () => Promise<void>;
  /** CALCOM_ALLOWED_BASE_URLS (+ FRONTDESK_ALLOW_LOOPBACK_CALCOM); the hosted two by default. */
  calcomBaseUrls?: CalcomBaseUrlPolicy;
}

/** The use-case catalogue every inbound adapter (CLI, HTTP, console, scheduler) calls. */
export function createFeatures({
  store,
  hashPassword,
  calcom,
  calcomBookings,
  calcomBookingLister,
  slotCache,
  clock,
  newId,
  slotPrefetch: slotPrefetchOptions,
  voiceMetrics,
  logger,
  bookingSettleIntervalMs,
  retentionDays,
  sessions,
  flushErased,
  calcomBaseUrls,
}: FeatureDeps) {
  // Voice requests read routing and services through a short-lived cache; the use-cases that
  // change them drop it at once (`changing`).
  const directory = createCallDirectory({
    routeCall: makeRouteCall(store),
    services: store.services,
    companies: store.companies,
    now: () => clock.now().getTime(),
  });
  const changing =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        directory.forget();
      }
    };
  const voiceStore = { ...store, services: { ...store.services, list: directory.services.list } };
  const voice = { store: voiceStore, calcom: calcomBookings, slotCache, clock };
  // Free slots fetched while the phone rings and kept fresh while calls last.
  const slotPrefetch = createSlotPrefetcher(
    {
      services: directory.services,
      calcom: calcomBookings,
      slotCache,
      clock,
      metrics: voiceMetrics,
    },
    slotPrefetchOptions,
  );
  const slotReading = { onWindowRead: slotPrefetch.windowRead, slotReads: voiceMetrics?.slotReads };
  // A team sync changes what the voice agent can book (event type bookability).
  const syncTeam = changing(makeSyncTeam({ store, calcom, clock, newId }));
  const syncServiceHosts = makeSyncServiceHosts({ store, syncTeam, clock });
  return {
    getCompany: makeGetCompany({
      companies: store.companies,
      recent: { findBySlug: directory.companyBySlug },
    }),
    createCompany: makeCreateCompany({ companies: store.companies, calcomBaseUrls }),
    listCompanies: makeListCompanies(store),
    updateCompanySettings: changing(
      makeUpdateCompanySettings({ companies: store.companies, calcomBaseUrls }),
    ),
    importStaff: makeImportStaff({ store }),
    createService: changing(makeCreateService(store)),
    updateService: changing(makeUpdateService(store)),
    addPhoneNumber: changing(makeAddPhoneNumber(store)),
    /** Drops the call directory at once: a removed number must stop routing calls here. */
    removePhoneNumber: changing(makeRemovePhoneNumber(store)),
    listPhoneNumbers: makeListPhoneNumbers(store),
    createUser: makeCreateUser({ ...store, hashPassword }),
    syncTeam,
    syncServiceHosts,
    ingestCalcomBooking: makeIngestCalcomBooking({ store, syncServiceHosts, slotCache, clock }),
    reconcileBookings: makeReconcileBookings({
      store,
      calcom: calcomBookingLister,
      // Event types or hosts the mirror does not know: the team sync, then host matching.
      syncServiceHosts: (ctx, input) => syncServiceHosts(ctx, input),
      slotCache,
      clock,
      newId,
    }),
    listAppointments: makeListAppointments(store),
    listEventTypes: makeListEventTypes(store),
    routeCall: directory.routeCall,
    addRetellAgent: changing(makeAddRetellAgent(store)),
    inboundCall: makeInboundCall({ customers: store.customers, prefetch: slotPrefetch }),
    listVoiceServices: makeListVoiceServices(voiceStore),
    checkAvailability: makeCheckAvailability({
      ...voice,
      ...slotReading,
      services: directory.services,
    }),
    bookAppointment: makeBookAppointment({
      ...voice,
      logger,
      settleIntervalMs: bookingSettleIntervalMs,
    }),
    /** One round of the booking settler (jobs/booking-settler.ts runs it in `serve`). */
    settleBookingAttempts: makeSettleBookingAttempts({
      store,
      calcom: calcomBookings,
      slotCache,
      clock,
      intervalMs: bookingSettleIntervalMs,
      logger,
    }),
    findAppointments: makeFindAppointments(voice),
    cancelAppointment: makeCancelAppointment(voice),
    rescheduleAppointment: makeRescheduleAppointment(voice),
    recordCallEvent: makeRecordCallEvent({ ...voice, prefetch: slotPrefetch }),
    slotPrefetch,
    listMappingAudit: makeListMappingAudit(store),
    recordIgnoredWebhook: makeRecordIgnoredWebhook({ inbox: store.inbox, clock }),
    resolveServiceHosts: makeResolveServiceHosts(store),
    listHostMappings: makeListHostMappings(store),
    changeHostMapping: makeChangeHostMapping({ store }),
    listSyncRuns: makeListSyncRuns(store),
    /** Everything stored about one caller, by phone (docs/privacy.md). */
    exportCustomer: makeExportCustomer({ ...store, clock }),
    /** Erases one caller, by phone, in one transaction, audited (docs/privacy.md). */
    eraseCustomer: makeEraseCustomer({ store, clock, newId, flush: flushErased }),
    listErasures: (ctx: { company: { id: string } }, limit = 20) =>
      store.customers.listErasureAudit(ctx.company.id, limit),
    /** Retention: the daily purge job and `frontdesk purge-expired`. */
    purgeExpiredData: makePurgeExpiredData({
      ...store,
      sessions: sessions ?? { deleteExpired: async () => undefined },
      clock,
      retentionDays,
    }),
  };
}

export type Features = ReturnType<typeof createFeatures>;
