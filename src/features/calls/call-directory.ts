import type { Company, Service } from "../../domain/entities.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { createTtlCache } from "../../platform/ttl-cache.ts";
import type { CallRoute } from "./route-call.ts";

/**
 * What every voice request and webhook reads first — which company a call or delivery is for and
 * what it offers — kept for a few seconds. It changes rarely, and reading it from the database
 * (and decrypting the company's keys) was most of a warm availability check. Writes through this
 * instance's use-cases call `forget()`; another instance's writes show here within `ttlMs`.
 * Requests that miss together share one read, and a busy entry is read again shortly before it
 * expires, so its expiry does not send every call in flight to the database at once.
 */
export function createCallDirectory(deps: {
  routeCall: (call: CallRoute) => Promise<Company | null>;
  services: Pick<ServiceRepository, "list">;
  companies: Pick<CompanyRepository, "findBySlug">;
  ttlMs?: number;
  now?: () => number;
}) {
  const options = { ttlMs: deps.ttlMs ?? 5_000, now: deps.now, refreshAhead: true };
  const routes = createTtlCache<Company | null>(options);
  const services = createTtlCache<Service[]>(options);
  const bySlug = createTtlCache<Company>(options);
  return {
    /** The company a call is for, or null for a number and agent we do not know. */
    async routeCall(call: CallRoute): Promise<Company | null> {
      const key = `${call.toNumber ?? ""}|${call.agentId ?? ""}`;
      return (await routes.load(key, () => deps.routeCall(call))).value;
    },
    /** The company's services, as `ServiceRepository.list` gives them. */
    services: {
      async list(companyId: string): Promise<Service[]> {
        return (await services.load(companyId, () => deps.services.list(companyId))).value;
      },
    },
    /** `CompanyRepository.findBySlug`; an unknown slug is not remembered (a new company shows at once). */
    async companyBySlug(slug: string): Promise<Company | null> {
      const known = bySlug.get(slug);
      if (known) return known;
      const company = await deps.companies.findBySlug(slug);
      if (company) bySlug.set(slug, company);
      return company;
    },
    forget(): void {
      routes.clear();
      services.clear();
      bySlug.clear();
    },
  };
}
