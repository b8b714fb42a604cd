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

/** A directory write this process committed: which company (when known), and which write. */
export interface DirectoryChange {
  companyId: string | null;
  what: string;
}

/** The other instances over the same database (PostgreSQL: db/notify-channel.ts). */
export interface DirectoryPeers {
  /** Tells them of a committed write; awaited, so a write's caller knows they were told. */
  announce(change: DirectoryChange): Promise<void>;
  /** Whether their announcements are heard now; while not, every read goes to the database. */
  listening(): boolean;
}

export interface CallDirectoryOptions {
  ttlMs?: number;
  now?: () => number;
  /** Without peers (SQLite: one process) only this process's writes empty the cache. */
  peers?: DirectoryPeers;
}

/**
 * The call directory: the routing and service reads of the voice path, kept for a few seconds.
 * They change rarely, and reading them from the database (and decrypting the company's keys) was
 * most of a warm availability check. `cached` reads through the cache; every directory write made
 * through `store` (also inside a transaction, once it commits) empties it at once and is announced
 * to the `peers`, whose announcements empty it too (`forget`); while they cannot be heard the
 * cache is bypassed. Requests that miss together share one read, and a busy entry is read again
 * shortly before it expires, so its expiry does not send every call in flight to the database.
 */
export function cacheCallDirectory(
  inner: Store,
  options: CallDirectoryOptions = {},
): { store: Store; cached: CallDirectoryReads; forget(): void } {
  const peers = options.peers;
  const cacheOptions = { ttlMs: options.ttlMs ?? 5_000, now: options.now, refreshAhead: true };
  const byId = createTtlCache<Company | null>(cacheOptions);
  const bySlug = createTtlCache<Company>(cacheOptions);
  const byNumber = createTtlCache<PhoneNumber | null>(cacheOptions);
  const byAgent = createTtlCache<{ companyId: string } | null>(cacheOptions);
  const services = createTtlCache<Service[]>(cacheOptions);
  // Counts forgets, so a slug read that began before one is not kept after it.
  let generation = 0;
  const forget = () => {
    generation += 1;
    for (const cache of [byId, bySlug, byNumber, byAgent, services]) cache.clear();
  };
  const announce = async (changes: DirectoryChange[]) => {
    forget();
    if (peers) for (const change of changes) await peers.announce(change);
  };

  const forgettingWrites = <R extends Repositories>(
    repositories: R,
    onWrite: (change: DirectoryChange) => Promise<void> | void,
  ): R => {
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
          await onWrite({ companyId: companyIdOf(args, result), what: `${name}.${method}` });
          return result;
        };
      }
      wrapped[name] = copy;
    }
    return wrapped as R;
  };

  const store: Store = {
    ...forgettingWrites(inner, (change) => announce([change])),
    async transaction(work) {
      const written: DirectoryChange[] = [];
      const result = await inner.transaction((tx) =>
        work(forgettingWrites<Transaction>(tx, (change) => void written.push(change))),
      );
      if (written.length > 0) await announce(dedupe(written));
      return result;
    },
  };

  // Deaf to the other instances (the listening connection is down): the database answers.
  const bypass = () => peers !== undefined && !peers.listening();
  const cached: CallDirectoryReads = {
    companies: {
      findById: async (companyId) =>
        bypass()
          ? inner.companies.findById(companyId)
          : (await byId.load(companyId, () => inner.companies.findById(companyId))).value,
      // An unknown slug is not remembered: a new company is found at once.
      async findBySlug(slug) {
        if (bypass()) return inner.companies.findBySlug(slug);
        const known = bySlug.get(slug);
        if (known) return known;
        const before = generation;
        const company = await inner.companies.findBySlug(slug);
        if (company && before === generation) bySlug.set(slug, company);
        return company;
      },
    },
    phoneNumbers: {
      findByNumber: async (number) =>
        bypass()
          ? inner.phoneNumbers.findByNumber(number)
          : (await byNumber.load(number, () => inner.phoneNumbers.findByNumber(number))).value,
    },
    retellAgents: {
      findByAgentId: async (agentId) =>
        bypass()
          ? inner.retellAgents.findByAgentId(agentId)
          : (await byAgent.load(agentId, () => inner.retellAgents.findByAgentId(agentId))).value,
    },
    services: {
      list: async (companyId) =>
        bypass()
          ? inner.services.list(companyId)
          : (await services.load(companyId, () => inner.services.list(companyId))).value,
    },
  };
  return { store, cached, forget };
}

/**
 * The company a directory write is about: every repository call takes the company first, and a
 * company's own create returns it.
 */
function companyIdOf(args: unknown[], result: unknown): string | null {
  if (typeof args[0] === "string") return args[0];
  const id = (result as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}

function dedupe(changes: DirectoryChange[]): DirectoryChange[] {
  const seen = new Map(changes.map((c) => [`${c.companyId}\u0000${c.what}`, c]));
  return [...seen.values()];
}
