import type { CalcomTeamReader, Store } from "../domain/ports.ts";
import type { Clock } from "../platform/clock.ts";
import type { IdGenerator } from "../platform/ids.ts";
import { makeAddPhoneNumber } from "./add-phone-number.ts";
import { makeCreateCompany } from "./create-company.ts";
import { makeCreateService } from "./create-service.ts";
import { makeCreateUser } from "./create-user.ts";
import { makeGetCompany } from "./get-company.ts";
import { makeImportStaff } from "./import-staff.ts";
import { makeIngestCalcomBooking } from "./ingest-calcom-booking.ts";
import { makeListAppointments } from "./list-appointments.ts";
import { makeListCompanies } from "./list-companies.ts";
import { makeListSyncRuns } from "./list-sync-runs.ts";
import { makeChangeHostMapping } from "./mappings/change-host-mapping.ts";
import { makeListHostMappings } from "./mappings/list-host-mappings.ts";
import { makeListMappingAudit } from "./mappings/list-mapping-audit.ts";
import { makeRecordIgnoredWebhook } from "./record-ignored-webhook.ts";
import { makeResolveServiceHosts } from "./resolve-service-hosts.ts";
import { makeSyncServiceHosts } from "./sync-service-hosts.ts";
import { makeSyncTeam } from "./sync-team.ts";
import { makeUpdateCompanySettings } from "./update-company-settings.ts";
import { makeUpdateService } from "./update-service.ts";

export interface FeatureDeps {
  store: Store;
  hashPassword: (password: string) => Promise<string>;
  calcom: CalcomTeamReader;
  clock: Clock;
  newId: IdGenerator;
}

/** The use-case catalogue every inbound adapter (CLI, HTTP, console, scheduler) calls. */
export function createFeatures({ store, hashPassword, calcom, clock, newId }: FeatureDeps) {
  const syncTeam = makeSyncTeam({ store, calcom, clock, newId });
  const syncServiceHosts = makeSyncServiceHosts({ store, syncTeam, clock });
  return {
    getCompany: makeGetCompany(store),
    createCompany: makeCreateCompany(store),
    listCompanies: makeListCompanies(store),
    updateCompanySettings: makeUpdateCompanySettings(store),
    importStaff: makeImportStaff({ store }),
    createService: makeCreateService(store),
    updateService: makeUpdateService(store),
    addPhoneNumber: makeAddPhoneNumber(store),
    createUser: makeCreateUser({ ...store, hashPassword }),
    syncTeam,
    syncServiceHosts,
    ingestCalcomBooking: makeIngestCalcomBooking({ store, syncServiceHosts, clock }),
    listAppointments: makeListAppointments(store),
    listMappingAudit: makeListMappingAudit(store),
    recordIgnoredWebhook: makeRecordIgnoredWebhook({ inbox: store.inbox, clock }),
    resolveServiceHosts: makeResolveServiceHosts(store),
    listHostMappings: makeListHostMappings(store),
    changeHostMapping: makeChangeHostMapping({ store }),
    listSyncRuns: makeListSyncRuns(store),
  };
}

export type Features = ReturnType<typeof createFeatures>;
