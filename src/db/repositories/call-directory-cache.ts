import type { Company, PhoneNumber, Service } from "../../domain/entities.ts";
import type {
  CompanyRepository,
  PhoneNumberRepository,
  RetellAgentRepository,
} from "../../domain/ports/company.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import type { Repositories, Store, Transaction } from "../../domain/ports/store.ts";
import { createTtlCache } from "../../platform/ttl-cache.ts";

/** The reads every call and webhook makes first: which company, and what it offers. */
export interface CallDirectoryReads {
  companies: Pick<CompanyRepository, "findById" | "findBySlug">;
  phoneNumbers: Pick<PhoneNumberRepository, "findByNumber">;
  retellAgents: Pick<RetellAgentRepository, "findByAgentId">;
  services: Pick<ServiceRepository, "list">;
}

/** The writes that change those reads (a team sync changes which services can be booked). */
const directoryWrites = {
  companies: ["create", "update"],
  services: ["create", "update"],
  phoneNumbers: ["add", "remove"],
  retellAgents: ["add"],
  calcomMirror: ["applyTeamSnapshot"],
} as const satisfies { [R in keyof Repositories]?: readonly (keyof Repositories[R])[] };

/**
 * The call directory: the routing and service reads of the voice path, kept for a few seconds.
 * They change rarely, and reading them from the database (and decrypting the company's keys) was
 * most of a warm availability check. `cached` reads through the cache; every directory write made
 * through `store` (also inside a transaction, once it commits) empties it at once; another
 * instance's writes show here within `ttlMs`. Requests that miss together share one read, and a
 * busy entry is read again shortly before it expires, so its expiry does not send every call in
 * flight to the database at once.
 */
export function cacheCallDirectory(
  inner: Store,
  options: { ttlMs?: number; now?: () => number } = {},
): { store: Store; cached: CallDirectoryReads; forget(): void } {
  const cacheOptions = { ttlMs: options.ttlMs ?? 5_000, now: options.now, refreshAhead: true };
  const byId = createTtlCache<Company | null>(cacheOptions);
  const bySlug = createTtlCache<Company>(cacheOptions);
  const byNumber = createTtlCache<PhoneNumber | null>(cacheOptions);
  const byAgent = createTtlCache<{ companyId: string } | null>(cacheOptions);
  const services = createTtlCache<Service[]>(cacheOptions);
  const forget = () => {
    for (const cache of [byId, bySlug, byNumber, byAgent, services]) cache.clear();
  };

  const forgettingWrites = <R extends Repositories>(repositories: R, onWrite: () => void): R => {
    const wrapped: Record<string, unknown> = { ...(repositories as object) };
    for (const [name, methods] of Object.entries(directoryWrites)) {
      const repository = repositories[name as keyof Repositories] as unknown as Record<
        string,
        (...args: unknown[]) => Promise<unknown>
      >;
      const copy = { ...repository };
      for (const method of methods) {
        copy[method] = async (...args) => {
          const result = await repository[method]!(...args);
          onWrite();
          return result;
        };
      }
      wrapped[name] = copy;
    }
    return wrapped as R;
  };

  const store: Store = {
    ...forgettingWrites(inner, forget),
    async transaction(work) {
      let wrote = false;
      const result = await inner.transaction((tx) =>
        work(forgettingWrites<Transaction>(tx, () => (wrote = true))),
      );
      if (wrote) forget();
      return result;
    },
  };

  const cached: CallDirectoryReads = {
    companies: {
      findById: async (companyId) =>
        (await byId.load(companyId, () => inner.companies.findById(companyId))).value,
      // An unknown slug is not remembered: a new company is found at once.
      async findBySlug(slug) {
        const known = bySlug.get(slug);
        if (known) return known;
        const company = await inner.companies.findBySlug(slug);
        if (company) bySlug.set(slug, company);
        return company;
      },
    },
    phoneNumbers: {
      findByNumber: async (number) =>
        (await byNumber.load(number, () => inner.phoneNumbers.findByNumber(number))).value,
    },
    retellAgents: {
      findByAgentId: async (agentId) =>
        (await byAgent.load(agentId, () => inner.retellAgents.findByAgentId(agentId))).value,
    },
    services: {
      list: async (companyId) =>
        (await services.load(companyId, () => inner.services.list(companyId))).value,
    },
  };
  return { store, cached, forget };
}
