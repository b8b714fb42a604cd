import type { SyncTrigger, TenantContext } from "../../domain/entities.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/ids.ts";
import { needsRehash } from "../../platform/password.ts";
import { makeListAppointmentRows } from "../appointments/list-appointment-rows.ts";
import { makeListAppointments } from "../appointments/list-appointments.ts";
import { makeAuthenticate } from "../auth/authenticate.ts";
import { makeChooseLocale } from "../auth/choose-locale.ts";
import { makeLogIn } from "../auth/log-in.ts";
import { makeLogOut } from "../auth/log-out.ts";
import { makeListLockouts, makeUnlockLogin } from "../auth/unlock-login.ts";
import { makeListVisibleCompanies } from "../company/list-companies.ts";
import { makeOpenCompany } from "../company/open-company.ts";
import { makeListPhoneNumbers } from "../company/phone-numbers.ts";
import {
  type CalcomConnectionProbe,
  makeTestCalcomConnection,
} from "../company/test-calcom-connection.ts";
import { makeChangeHostMappings } from "../mappings/change-mappings-in-bulk.ts";
import { makeListAuditTrail } from "../mappings/list-mapping-audit.ts";
import { makeReviewHostMappings } from "../mappings/review-host-mappings.ts";
import { makeListServiceCoverage } from "../service/list-service-coverage.ts";
import { makeListAssignableStaff } from "../staff/list-assignable-staff.ts";
import { makeListTeamEventTypes } from "../sync/list-event-types.ts";
import { makeSyncNow } from "../sync/sync-now.ts";
import type { SyncServiceHostsResult } from "../sync/sync-service-hosts.ts";

export interface ConsoleFeatureDeps {
  store: Store;
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
  const { store, clock } = deps;
  return {
    // Without a hasher of its own, a login upgrades hashes below OWASP's cost.
    logIn: makeLogIn({ ...store, ...deps, needsRehash: deps.needsRehash ?? needsRehash }),
    logOut: makeLogOut(store),
    listLockouts: makeListLockouts({ lockouts: store.lockouts, clock }),
    unlockLogin: makeUnlockLogin({ lockouts: store.lockouts, clock, newId }),
    authenticate: makeAuthenticate({ sessions: store.sessions, clock }),
    chooseLocale: makeChooseLocale(store),
    openCompany: makeOpenCompany(store),
    listVisibleCompanies: makeListVisibleCompanies(store),
    listServiceCoverage: makeListServiceCoverage(store),
    listAssignableStaff: makeListAssignableStaff(store),
    listTeamEventTypes: makeListTeamEventTypes(store),
    reviewHostMappings: makeReviewHostMappings(store),
    changeHostMappings: makeChangeHostMappings({ store }),
    listAuditTrail: makeListAuditTrail(store),
    listAppointmentRows: makeListAppointmentRows({
      listAppointments: makeListAppointments(store),
      calcomMirror: store.calcomMirror,
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
