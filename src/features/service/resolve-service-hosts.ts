import type { Service, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { ServiceHostsReader } from "../../domain/ports/service.ts";
import { assembleServiceHosts, type ServiceHosts } from "../../domain/service-hosts.ts";

/**
 * Which Cal.com hosts can do this service, and whether each is mapped to staff; with the service
 * row itself, so its edit form needs no query of its own.
 */
export function makeResolveServiceHosts(deps: { serviceHosts: ServiceHostsReader }) {
  return async (
    ctx: TenantContext,
    serviceId: string,
  ): Promise<ServiceHosts & { serviceRecord: Service }> => {
    const data = await deps.serviceHosts.load(ctx.company.id, serviceId);
    if (!data) throw new NotFoundError(`no service ${serviceId} in ${ctx.company.name}`);
    return { ...assembleServiceHosts(data), serviceRecord: data.service };
  };
}
