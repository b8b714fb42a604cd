import type { Store } from "../domain/ports.ts";
import { makeAddPhoneNumber } from "./add-phone-number.ts";
import { makeCreateCompany } from "./create-company.ts";
import { makeCreateService } from "./create-service.ts";
import { makeCreateUser } from "./create-user.ts";
import { makeGetCompany } from "./get-company.ts";
import { makeImportStaff } from "./import-staff.ts";
import { makeListCompanies } from "./list-companies.ts";

export interface FeatureDeps {
  store: Store;
  hashPassword: (password: string) => Promise<string>;
}

/** The use-case catalogue every inbound adapter (CLI, HTTP, console, scheduler) calls. */
export function createFeatures({ store, hashPassword }: FeatureDeps) {
  return {
    getCompany: makeGetCompany(store),
    createCompany: makeCreateCompany(store),
    listCompanies: makeListCompanies(store),
    importStaff: makeImportStaff({ store }),
    createService: makeCreateService(store),
    addPhoneNumber: makeAddPhoneNumber(store),
    createUser: makeCreateUser({ ...store, hashPassword }),
  };
}

export type Features = ReturnType<typeof createFeatures>;
