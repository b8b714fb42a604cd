import type { ConsoleRepositories } from "../../domain/auth.ts";
import type { SyncTrigger, TenantContext } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports.ts";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/ids.ts";
import { needsRehash } from "../../platform/password.ts";
import { makeListAppointments } from "../list-appointments.ts";
import type { SyncServiceHostsResult } from "../sync-service-hosts.ts";
import { makeAuthenticate } from "./authenticate.ts";
import { makeChangeHostMappings } from "./change-host-mappings.ts";
import { makeChooseLocale } from "./choose-locale.ts";
import { makeListAppointmentRows } from "./list-appointment-rows.ts";
import { makeListAssignableStaff } from "./list-assignable-staff.ts";
import { makeListAuditTrail } from "./list-audit-trail.ts";
import { makeListPhoneNumbers } from "./list-phone-numbers.ts";
import { makeListServiceCoverage } from "./list-service-coverage.ts";
import { makeListTeamEventTypes } from "./list-team-event-types.ts";
import { makeListVisibleCompanies } from "./list-visible-companies.ts";
import { makeLogIn } from "./log-in.ts";
import { makeLogOut } from "./log-out.ts";
import { makeOpenCompany } from "./open-company.ts";
import { makeReviewHostMappings } from "./review-host-mappings.ts";
import { makeSyncNow } from "./sync-now.ts";
import { type CalcomConnectionProbe, makeTestCalcomConnection } from "./test-calcom-connection.ts";
import { makeListLockouts, makeUnlockLogin } from "./unlock-login.ts";

export interface ConsoleFeatureDeps {
  store: Store;
  consoleStore: ConsoleRepositories;
  /** The catalogue's syncServiceHosts: what "Sync now" runs. */
  syncServiceHosts: (
    ctx: TenantContext,
    input: { trigger: SyncTrigger },
  ) => Promise<SyncServiceHostsResult>;
  probeCalcom: CalcomConnectionProbe;
  verifyPassword: (password: string, hash: string) => Promise<boolean>;
  hashPassword: (password: string) => Promise<string>;
  /** True for a stored hash below the current cost: it is replaced after a login. */
  needsRehash?: (hash: string) => boolean;
  clock: Clock;
  /** A background sync that threw (logged by the caller). */
  onBackgroundError: (error: unknown, companyId: string) => void;
}

/** The admin console's own use-cases, beside the shared catalogue (createFeatures). */
export function createConsoleFeatures(deps: ConsoleFeatureDeps) {
  const { store, consoleStore, clock } = deps;
  return {
    // Without a hasher of its own, a login upgrades hashes below OWASP's cost.
    logIn: makeLogIn({ ...consoleStore, ...deps, needsRehash: deps.needsRehash ?? needsRehash }),
    logOut: makeLogOut(consoleStore),
    listLockouts: makeListLockouts({ lockouts: consoleStore.lockouts, clock }),
    unlockLogin: makeUnlockLogin({ lockouts: consoleStore.lockouts, clock, newId }),
    authenticate: makeAuthenticate({ sessions: consoleStore.sessions, clock }),
    chooseLocale: makeChooseLocale(consoleStore),
    openCompany: makeOpenCompany(store),
    listVisibleCompanies: makeListVisibleCompanies(store),
    listServiceCoverage: makeListServiceCoverage(store),
    listAssignableStaff: makeListAssignableStaff(store),
    listTeamEventTypes: makeListTeamEventTypes(store),
    reviewHostMappings: makeReviewHostMappings(store),
    changeHostMappings: makeChangeHostMappings({ store }),
    listAuditTrail: makeListAuditTrail({ ...store, ...consoleStore }),
    listAppointmentRows: makeListAppointmentRows({
      listAppointments: makeListAppointments(store),
      directory: consoleStore.directory,
    }),
    listPhoneNumbers: makeListPhoneNumbers(store),
    syncNow: makeSyncNow({
      syncServiceHosts: deps.syncServiceHosts,
      onError: deps.onBackgroundError,
    }),
    testCalcomConnection: makeTestCalcomConnection({ probe: deps.probeCalcom }),
  };
}

export type ConsoleFeatures = ReturnType<typeof createConsoleFeatures>;
